import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { BadRequestException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '@gridcell/config';
import { migrate } from '@gridcell/database';
import {
  readTerritoryCsv,
  TopologyExporter,
  TopologyImporter,
  validateTopologyBody,
  writeTerritoryCsv,
  CSV_FILES,
} from '@gridcell/grid';
import { TerritoryCliModule } from './territory-cli.module';

const USAGE = `usage:
  npm run territory -- import <csv-directory | topology.json>
  npm run territory -- export <csv-directory> [--json <topology.json>]
Needs DATABASE_URL. CSV columns: docs/territory-csv.md`;

/** Territory import and export between PostgreSQL and the station's CSV files (or topology JSON). */
async function main(): Promise<void> {
  const [command, path, flag, jsonPath] = process.argv.slice(2);
  if (
    !['import', 'export'].includes(command) ||
    !path ||
    (flag !== undefined && (flag !== '--json' || !jsonPath))
  ) {
    throw new Error(USAGE);
  }
  const config = loadConfig();
  if (!config.DATABASE_URL)
    throw new Error('DATABASE_URL is not set: the CLI works on a PostgreSQL database');
  await migrate(config.DATABASE_URL);
  const app = await NestFactory.createApplicationContext(TerritoryCliModule, { logger: ['error', 'warn'] });
  try {
    if (command === 'import') await importTerritory(app.get(TopologyImporter), path);
    else await exportTerritory(app.get(TopologyExporter), path, jsonPath);
  } finally {
    await app.close();
  }
}

async function importTerritory(importer: TopologyImporter, path: string): Promise<void> {
  const started = performance.now();
  let body: unknown;
  if (path.endsWith('.json')) {
    body = JSON.parse(readFileSync(path, 'utf8'));
  } else {
    const files = Object.keys(CSV_FILES).length;
    const bar = new SingleBar(
      { format: 'reading   [{bar}] {value}/{total} files | {file} ({rows} rows)', hideCursor: true },
      Presets.shades_classic,
    );
    bar.start(files, 0, { file: '', rows: 0 });
    body = readTerritoryCsv(path, (entity, rows) => bar.increment({ file: CSV_FILES[entity].file, rows }));
    bar.update(files);
    bar.stop();
  }
  const { dto, errors } = await validateTopologyBody(body);
  if (errors.length)
    throw new Error(`nothing applied; ${errors.length} problem(s):\n  ${errors.join('\n  ')}`);
  process.stdout.write('applying in one transaction … ');
  try {
    const counts = await importer.apply(dto);
    console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    const problems = (error.getResponse() as { message: string[] }).message;
    throw new Error(`nothing applied; ${problems.length} problem(s):\n  ${problems.join('\n  ')}`, {
      cause: error,
    });
  }
}

async function exportTerritory(exporter: TopologyExporter, dir: string, jsonPath?: string): Promise<void> {
  const body = await exporter.export();
  const counts = writeTerritoryCsv(dir, body);
  if (jsonPath) writeFileSync(jsonPath, `${JSON.stringify(body, null, 2)}\n`);
  console.log(`exported to ${dir}${jsonPath ? ` and ${jsonPath}` : ''}: ${JSON.stringify(counts)}`);
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`\n${error.message}`);
    process.exit(1);
  },
);

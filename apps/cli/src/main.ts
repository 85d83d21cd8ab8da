import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '@gridcell/config';
import { migrate } from '@gridcell/database';
import {
  parseTopology,
  readTerritoryCsv,
  TopologyExporter,
  TopologyImporter,
  TopologyRejected,
  writeTerritoryCsv,
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
  const { body, locate } = path.endsWith('.json')
    ? { body: JSON.parse(readFileSync(path, 'utf8')) as unknown, locate: () => undefined }
    : await readCsvWithProgress(path);
  const refuse = (errors: string[]) => {
    const where = (e: string) => {
      const source = locate(e.slice(0, e.indexOf(':')));
      return source ? `${e}   (${source})` : e;
    };
    return new Error(`nothing applied; ${errors.length} problem(s):\n  ${errors.map(where).join('\n  ')}`);
  };
  const parsed = parseTopology(body);
  if (!parsed.ok) throw refuse(parsed.errors);
  process.stdout.write('applying in one transaction … ');
  try {
    const result = await importer.apply(parsed.body);
    console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(result)}`);
  } catch (error) {
    if (error instanceof TopologyRejected) throw refuse(error.errors);
    throw error;
  }
}

async function readCsvWithProgress(dir: string) {
  const bar = new SingleBar(
    { format: 'reading   [{bar}] {percentage}% | {file}', hideCursor: true },
    Presets.shades_classic,
  );
  bar.start(100, 0, { file: '' });
  try {
    return await readTerritoryCsv(dir, (read, total, file) =>
      bar.update(Math.floor((100 * read) / Math.max(total, 1)), { file }),
    );
  } finally {
    bar.stop();
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

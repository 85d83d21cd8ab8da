import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../data-source.options';
import { startEmbeddedDatabase } from '../embedded/embedded-database';
import { migrate } from '../migrate';

/**
 * `npm run db:migration:check`: applies every migration to a scratch database and fails when the
 * entities want a schema the migrations do not create (a forgotten migration).
 */
async function main(): Promise<void> {
  const scratch = await scratchDatabase();
  const url = scratch.url;
  try {
    const engine = await migrate(url);
    const ds = new DataSource({
      ...dataSourceOptions(url, 2),
      entities: [join(__dirname, '../../../**/*.entity.js')],
    });
    await ds.initialize();
    const pending = (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
    await ds.destroy();
    if (pending.length) {
      console.error(
        `Entities and migrations disagree on ${engine.kind}; a new migration needs:\n${pending.join(';\n')};`,
      );
      process.exitCode = 1;
    } else {
      console.log(`migrations match the entities (${engine.kind})`);
    }
  } finally {
    await scratch.dispose();
  }
}

async function scratchDatabase(): Promise<{ url: string; dispose(): Promise<void> }> {
  const server = process.env.DATABASE_URL;
  if (!server) {
    const embedded = await startEmbeddedDatabase({});
    return { url: embedded.url, dispose: () => embedded.close() };
  }
  const name = `gridcell_schema_check_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async dispose() {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});

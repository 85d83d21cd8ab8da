import 'reflect-metadata';
import { ApiModule } from './api.module';
import { startHttpApp } from './api.bootstrap';
import { migrate } from '@gridcell/database';
import { loadConfig } from '@gridcell/config';

/** The API alone, against configured PostgreSQL and broker (DATABASE_URL, MQTT_URL). */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL)
    throw new Error('DATABASE_URL is not set (use `npm start` for the embedded all-in-one platform)');
  await migrate(config.DATABASE_URL);
  const app = await startHttpApp(ApiModule);
  console.log(`GridCell API listening on ${await app.getUrl()}`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});

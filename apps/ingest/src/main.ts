import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@gridcell/config';
import { migrate } from '@gridcell/database';
import { IngestAppModule } from './ingest-app.module';

/** The MQTT consumer alone; run several with the same MQTT_SHARE_GROUP and distinct INGEST_CLIENT_ID. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL)
    throw new Error('DATABASE_URL is not set (use `npm start` for the embedded all-in-one platform)');
  await migrate(config.DATABASE_URL);
  const app = await NestFactory.createApplicationContext(IngestAppModule);
  app.enableShutdownHooks();
  console.log('GridCell ingest running');
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});

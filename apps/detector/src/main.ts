import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@gridcell/config';
import { migrate } from '@gridcell/database';
import { DetectorAppModule } from './detector-app.module';

/** Outage and voltage detection alone; a second instance stands by until the first stops. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL)
    throw new Error('DATABASE_URL is not set (use `npm start` for the embedded all-in-one platform)');
  await migrate(config.DATABASE_URL);
  const app = await NestFactory.createApplicationContext(DetectorAppModule);
  app.enableShutdownHooks();
  console.log('GridCell detector running');
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});

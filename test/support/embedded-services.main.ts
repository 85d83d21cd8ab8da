import { startEmbeddedDatabase } from '../../libs/database/src/embedded/embedded-database';
import { startEmbeddedBroker } from '../../libs/messaging/src/embedded-broker';

/**
 * For test runs without DATABASE_URL / MQTT_URL: an in-memory PGlite and an aedes broker on free
 * ports, in their own process (aedes is ESM-only, which jest cannot load). Prints one JSON line.
 */
async function main(): Promise<void> {
  const db = process.env.DATABASE_URL ? null : await startEmbeddedDatabase({});
  const broker = process.env.MQTT_URL ? null : await startEmbeddedBroker({ port: 0 });
  process.stdout.write(`${JSON.stringify({ databaseUrl: db?.url, mqttUrl: broker?.url })}\n`);
  const stop = async () => {
    await broker?.close();
    await db?.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});

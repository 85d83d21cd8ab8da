import { migrate } from '../../libs/database/src/migrate';
import { createRunDatabase, startEmbeddedServices } from './test-services';

/**
 * Gives the run real services: with DATABASE_URL / MQTT_URL set (CI: TimescaleDB and Mosquitto), a
 * database of the run's own on that server and that broker; otherwise embedded PGlite and aedes.
 * The migrations are applied once here. Workers inherit the resulting environment.
 */
export default async function globalSetup(): Promise<void> {
  // Each jest project names this setup; the services are set up once per run.
  if (process.env.TEST_DATABASE_ENGINE) return;
  const state: { drop?: () => Promise<void>; embedded?: { kill(): boolean } } = {};
  const serverUrl = process.env.DATABASE_URL;
  const brokerUrl = process.env.MQTT_URL;
  let databaseUrl = serverUrl;
  let mqttUrl = brokerUrl;
  if (serverUrl) {
    const db = await createRunDatabase(serverUrl);
    databaseUrl = db.url;
    state.drop = () => db.drop();
  }
  if (!serverUrl || !brokerUrl) {
    const embedded = await startEmbeddedServices();
    databaseUrl ??= embedded.databaseUrl;
    mqttUrl ??= embedded.mqttUrl;
    state.embedded = embedded.process;
  }
  const engine = await migrate(databaseUrl!);
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    MQTT_URL: mqttUrl,
    TEST_DATABASE_ENGINE: engine.kind,
    // aedes has no shared subscriptions.
    TEST_BROKER_SHARED: brokerUrl ? 'yes' : 'no',
  });
  console.log(
    `\ntest services: ${engine.kind} database, ${brokerUrl ? 'external' : 'embedded'} broker ${mqttUrl}`,
  );
  (globalThis as { gridcellTestServices?: typeof state }).gridcellTestServices = state;
}

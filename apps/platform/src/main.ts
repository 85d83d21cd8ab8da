import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { loadConfig } from '@gridcell/config';
import { migrate } from '@gridcell/database';
import { startHttpApp } from '../../api/src/api.bootstrap';
import { demoAdmin } from './demo-admin';
import { startEmbeddedServices } from './embedded-services';
import { PlatformModule } from './platform.module';

/**
 * `npm start`: the whole platform in one process group — embedded PostgreSQL and broker for
 * whatever is not configured, API + ingest, and the simulated county in a child process.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const services = await startEmbeddedServices(config);
  const admin = demoAdmin(config.DATA_DIR, config.GRID_ADMIN_USERNAME, config.GRID_ADMIN_PASSWORD);
  Object.assign(process.env, {
    DATABASE_URL: services.databaseUrl,
    MQTT_URL: services.mqttUrl,
    GRID_ADMIN_USERNAME: admin.username,
    GRID_ADMIN_PASSWORD: admin.password,
    // The embedded broker has no shared subscriptions.
    ...(config.MQTT_URL ? {} : { MQTT_SHARE_GROUP: 'none' }),
  });
  const engine = await migrate(services.databaseUrl);
  const app = await startHttpApp(PlatformModule);
  const apiUrl = `http://127.0.0.1:${config.PORT}`;
  let simulator: ChildProcess | undefined;
  if (config.SIMULATOR === 'on') {
    simulator = fork(join(__dirname, '../../simulator/src/main.js'), [], {
      env: { ...process.env, API_URL: apiUrl },
      stdio: 'inherit',
    });
  }
  printBanner({
    apiUrl,
    engine: `${engine.kind}`,
    embedded: services.embedded,
    admin,
    simulator: Boolean(simulator),
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    simulator?.kill('SIGTERM');
    await app.close();
    await services.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

function printBanner(b: {
  apiUrl: string;
  engine: string;
  embedded: string[];
  admin: { username: string; password: string; generated: boolean };
  simulator: boolean;
}): void {
  const lines = [
    '',
    'GridCell is running',
    `  API         ${b.apiUrl}/api/v1   (OpenAPI: ${b.apiUrl}/docs, health: ${b.apiUrl}/health)`,
    `  database    ${b.engine}`,
    ...b.embedded.map((e) => `  embedded    ${e}`),
    `  sign in     ${b.admin.username} / ${b.admin.password}${b.admin.generated ? '   (demo credentials, kept in DATA_DIR/demo-admin.json)' : ''}`,
    b.simulator
      ? '  simulator   a county of ~1,000 meters is being registered and publishes readings (SIMULATOR=off to disable)'
      : '  simulator   off',
    '',
    '  try:',
    `    TOKEN=$(curl -s -X POST ${b.apiUrl}/api/v1/auth/token -H 'content-type: application/json' \\`,
    `      -d '{"username":"${b.admin.username}","password":"${b.admin.password}"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).accessToken')`,
    `    curl -s -H "Authorization: Bearer $TOKEN" '${b.apiUrl}/api/v1/meters/M000001/usage?granularity=hour'`,
    '',
  ];
  console.log(lines.join('\n'));
}

main().catch((error: Error) => {
  console.error(`GridCell could not start: ${error.message}`);
  process.exit(1);
});

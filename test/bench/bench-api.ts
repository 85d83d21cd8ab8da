import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startApp, type AppProcess } from '../support/app-process';

export interface BenchApi {
  url: string;
  /** The administrator's access token. */
  adminToken: string;
  app: AppProcess;
}

/** The built API as its own process on a benchmark's services, with its administrator signed in. */
export async function startBenchApi(databaseUrl: string, mqttUrl: string): Promise<BenchApi> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const admin = { username: 'bench-admin', password: 'bench-admin-password' };
  const app = await startApp(
    'api',
    {
      DATABASE_URL: databaseUrl,
      MQTT_URL: mqttUrl,
      PORT: String(port),
      GRID_ADMIN_USERNAME: admin.username,
      GRID_ADMIN_PASSWORD: admin.password,
      GRID_JWT_SECRET: 'bench-secret-0123456789abcdef0123456789',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'gridcell-bench-')),
    },
    () =>
      fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      ),
  );
  try {
    return { url, adminToken: await signIn(url, admin.username, admin.password), app };
  } catch (error) {
    await app.stop();
    throw error;
  }
}

export async function signIn(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`signing in as ${username}: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

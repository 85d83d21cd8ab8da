import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface AdminCredentials {
  username: string;
  password: string;
  generated: boolean;
}

/**
 * The administrator for the demo: from GRID_ADMIN_USERNAME / GRID_ADMIN_PASSWORD, or generated
 * once and kept under DATA_DIR (owner-only) so the same sign-in works on the next `npm start`.
 */
export function demoAdmin(dataDir: string, username?: string, password?: string): AdminCredentials {
  if (username && password) return { username, password, generated: false };
  const file = join(dataDir, 'demo-admin.json');
  try {
    return {
      ...(JSON.parse(readFileSync(file, 'utf8')) as { username: string; password: string }),
      generated: true,
    };
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const creds = { username: username ?? 'admin', password: randomBytes(12).toString('base64url') };
    writeFileSync(file, JSON.stringify(creds), { mode: 0o600 });
    return { ...creds, generated: true };
  }
}

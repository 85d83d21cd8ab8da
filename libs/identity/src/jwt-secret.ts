import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GridConfig } from '@gridcell/config';

/**
 * GRID_JWT_SECRET when set (required when several API instances share tokens); otherwise a random
 * secret generated once and kept, readable by the owner only, under DATA_DIR.
 */
export function jwtSecret(config: GridConfig): string {
  if (config.GRID_JWT_SECRET) return config.GRID_JWT_SECRET;
  const file = join(config.DATA_DIR, 'jwt-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(config.DATA_DIR, { recursive: true });
    const secret = randomBytes(48).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return readFileSync(file, 'utf8').trim();
  }
}

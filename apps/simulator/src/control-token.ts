import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CONTROL_TOKEN_FILE = 'sim-control-token';

/** A fresh bearer token for the control API, for a start without SIM_CONTROL_TOKEN. */
export function generateControlToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Keeps the token readable by the owner only under DATA_DIR (as the platform keeps its JWT secret), for
 * the CLI to find. Written to a temporary file and renamed, so a reader never sees half a token or a file
 * with looser permissions. Returns the path.
 */
export function writeControlToken(dataDir: string, token: string): string {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, CONTROL_TOKEN_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, token, { mode: 0o600 });
  renameSync(temp, file);
  return file;
}

/** The token a client should send, or null when neither the variable nor the file exists. */
export function readControlToken(configured: string | null, dataDir: string): string | null {
  if (configured) return configured;
  try {
    return readFileSync(join(dataDir, CONTROL_TOKEN_FILE), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

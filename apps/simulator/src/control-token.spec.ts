import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CONTROL_TOKEN_FILE,
  generateControlToken,
  readControlToken,
  writeControlToken,
} from './control-token';

describe('control token', () => {
  it('is written readable by the owner only, and read back by a client', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'sim-token-')), 'data');
    const token = generateControlToken();
    const file = writeControlToken(dir, token);
    expect(file).toBe(join(dir, CONTROL_TOKEN_FILE));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readControlToken(null, dir)).toBe(token);
    // A new start replaces it.
    const next = generateControlToken();
    writeControlToken(dir, next);
    expect(readControlToken(null, dir)).toBe(next);
    expect(next).not.toBe(token);
  });

  it('prefers SIM_CONTROL_TOKEN, and is null when there is neither', () => {
    expect(readControlToken('from-env-0123456789', '/nonexistent')).toBe('from-env-0123456789');
    expect(readControlToken(null, '/nonexistent')).toBeNull();
  });
});

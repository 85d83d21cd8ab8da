import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { built } from './test-services';

/** A built app running as its own process, as in production. */
export interface AppProcess {
  process: ChildProcess;
  output(): string;
  /** SIGTERM and wait; `signal: 'SIGKILL'` to simulate a crash. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

const ARTIFACTS = join(__dirname, '../../test/artifacts');

/** Starts `apps/<name>/src/main.ts` (built) with extra environment and waits until `ready` holds. */
export async function startApp(
  name: 'api' | 'ingest' | 'detector' | 'platform',
  env: NodeJS.ProcessEnv,
  ready: (output: string) => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<AppProcess> {
  const child = spawn(process.execPath, [built(`apps/${name}/src/main.ts`)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // Kept for reading after a failure: test/artifacts/<app>-<pid>.log
  mkdirSync(ARTIFACTS, { recursive: true });
  const log = createWriteStream(join(ARTIFACTS, `${name}-${child.pid}.log`));
  const collect = (d: Buffer) => {
    output += d.toString();
    log.write(d);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  child.on('exit', () => log.end());
  const app: AppProcess = {
    process: child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill(signal);
      await exited;
    },
  };
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output}`);
      return ready(output);
    },
    timeoutMs,
    () => `${name} did not become ready:\n${output}`,
  );
  return app;
}

/** Polls `condition` until it returns something truthy; fails with `describe()` after the timeout. */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  timeoutMs = 15_000,
  describe: () => string = () => 'condition',
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 10; ; delay = Math.min(delay * 2, 250)) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** Polls `read` until its value deep-equals `expected`; on timeout, fails showing the last value. */
export async function waitForEqual<T>(read: () => Promise<T>, expected: T, timeoutMs = 15_000): Promise<T> {
  let last: T | undefined;
  await waitFor(
    async () => isDeepStrictEqual((last = await read()), expected),
    timeoutMs,
    () => `${JSON.stringify(expected)}; last seen ${JSON.stringify(last)}`,
  );
  return last!;
}

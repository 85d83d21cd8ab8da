import { randomBytes } from 'node:crypto';
import type { LeaderLock } from './leader.election';
import type { RedisLink } from './redis.link';

const KEY = 'gridcell-live:relay-leader';
/** A dead leader's lease runs out after this; the leader renews it every second. */
const LEASE_MS = 3_000;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * A lease in Redis, for PGlite: every connection to the embedded database shares its one session,
 * so an advisory lock there would be granted to every instance alike.
 */
export class RedisLeaderLock implements LeaderLock {
  private readonly holder = randomBytes(8).toString('hex');

  constructor(private readonly redis: RedisLink) {}

  async tryAcquire(): Promise<boolean> {
    return (await this.redis.client.set(KEY, this.holder, { NX: true, PX: LEASE_MS })) === 'OK';
  }

  async confirm(): Promise<boolean> {
    return (await this.script(RENEW, String(LEASE_MS))) === 1;
  }

  async release(): Promise<void> {
    await this.script(RELEASE);
  }

  private script(lua: string, ...args: string[]): Promise<unknown> {
    return this.redis.client.eval(lua, { keys: [KEY], arguments: [this.holder, ...args] });
  }
}

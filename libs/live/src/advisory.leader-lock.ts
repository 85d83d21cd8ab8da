import { Client } from 'pg';
import type { LeaderLock } from './leader.election';

/** The advisory lock key of the live relay (distinct from the outbox's and the detector's). */
const RELAY_LOCK = 0x0e7e_11fe;

/**
 * A PostgreSQL session advisory lock on a connection of its own: the server releases it the moment
 * the holder's connection ends, so a dead leader's lock is free at once.
 */
export class AdvisoryLeaderLock implements LeaderLock {
  private client?: Client;
  private lost = false;

  constructor(private readonly databaseUrl: string) {}

  async tryAcquire(): Promise<boolean> {
    if (!this.client || this.lost) await this.connect();
    const { rows } = await this.client!.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
      RELAY_LOCK,
    ]);
    return rows[0].ok;
  }

  /** The lock lives as long as its connection; a round trip shows the connection does. */
  async confirm(): Promise<boolean> {
    if (!this.client || this.lost) return false;
    await this.client.query('SELECT 1');
    return !this.lost;
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end();
  }

  private async connect(): Promise<void> {
    await this.release().catch(() => undefined);
    // A leader cut off from the server steps down within seconds, not when TCP finally gives up.
    const client = new Client({ connectionString: this.databaseUrl, keepAlive: true, query_timeout: 2_000 });
    this.lost = false;
    const lose = () => {
      this.lost = true;
    };
    client.on('error', lose);
    client.on('end', lose);
    this.client = client;
    await client.connect();
  }
}

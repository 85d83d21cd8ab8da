import { Client } from 'pg';
import type { LeaderLock } from './leader.election';

/** The advisory lock key of the live relay (distinct from the outbox's and the detector's). */
const RELAY_LOCK = 0x0e7e_11fe;

interface Link {
  client: Client;
  lost: boolean;
}

/**
 * A PostgreSQL session advisory lock on a connection of its own: the server releases it the moment
 * the holder's connection ends, so a dead leader's lock is free at once.
 */
export class AdvisoryLeaderLock implements LeaderLock {
  private link?: Link;

  constructor(private readonly databaseUrl: string) {}

  async tryAcquire(): Promise<boolean> {
    if (!this.link || this.link.lost) this.link = await this.connect();
    const { rows } = await this.link.client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
      RELAY_LOCK,
    ]);
    return rows[0].ok;
  }

  /** The lock lives as long as its connection; a round trip shows the connection does. */
  async confirm(): Promise<boolean> {
    const link = this.link;
    if (!link || link.lost) return false;
    await link.client.query('SELECT 1');
    return !link.lost;
  }

  async release(): Promise<void> {
    const link = this.link;
    this.link = undefined;
    await link?.client.end();
  }

  private async connect(): Promise<Link> {
    await this.release().catch(() => undefined);
    // A leader cut off from the server steps down within seconds, not when TCP finally gives up.
    const link = {
      client: new Client({ connectionString: this.databaseUrl, keepAlive: true, query_timeout: 2_000 }),
      lost: false,
    };
    const lose = () => {
      link.lost = true;
    };
    link.client.on('error', lose);
    link.client.on('end', lose);
    try {
      await link.client.connect();
    } catch (error) {
      await link.client.end().catch(() => undefined);
      throw error;
    }
    return link;
  }
}

import type { Pool, PoolClient } from 'pg';

const swallow = () => undefined;

/**
 * Runs `work` on a pooled connection. While checked out, a connection that dies between queries
 * emits 'error' with nobody listening, which would crash the process; the failure reaches `work`
 * through its next query instead.
 */
export async function withClient<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  client.on('error', swallow);
  let broken: Error | undefined;
  try {
    return await work(client);
  } catch (error) {
    broken = error as Error;
    throw error;
  } finally {
    client.off('error', swallow);
    client.release(broken && isConnectionError(broken) ? broken : undefined);
  }
}

/** Runs `work` inside BEGIN … COMMIT, rolling back on any error. */
export function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  return withClient(pool, async (client) => {
    await client.query('BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(swallow);
      throw error;
    }
  });
}

function isConnectionError(error: Error): boolean {
  const code = (error as { code?: string }).code;
  return !code || /^(08|57P)/.test(code) || code === 'ECONNRESET' || code === 'ECONNREFUSED';
}

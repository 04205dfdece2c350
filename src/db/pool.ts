import pg from 'pg';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

// numeric stays a string (exact money); int8 counts fit in a JS number for our volumes.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export function createPool(connectionString: string, max = 10): Pool {
  const pool = new pg.Pool({ connectionString, max, application_name: 'tongbu' });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Run fn in a transaction; rolls back on error. `synchronousCommit: false` lets COMMIT return
 * before its WAL is flushed (a crash may lose the transaction as a whole, never part of it);
 * it is set in the same round trip as BEGIN.
 */
export async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>, opts: { synchronousCommit?: boolean } = {}): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(opts.synchronousCommit === false ? 'BEGIN; SET LOCAL synchronous_commit TO OFF' : 'BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

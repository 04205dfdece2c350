import pg from 'pg';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

// numeric stays a string (exact money); int8 counts fit in a JS number for our volumes.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export function createPool(connectionString: string, max = 10): Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    application_name: 'tongbu',
    // Named statements with parameters are planned for their values and the tables' sizes at
    // each execution, never from a generic plan cached once: tables here start empty and grow
    // fast (a first backfill, the Bitable outbox filling behind it), and a plan cached on an
    // empty table scanned the whole table on every call as it grew. Planning costs tens of µs;
    // parsing stays cached. Awaited before the client is handed out (pg-pool's onConnect).
    onConnect: async (client: pg.ClientBase) => {
      await client.query('SET plan_cache_mode = force_custom_plan').catch(() => undefined);
    },
  });
  // A client losing its connection (a database restart, a terminated backend, a network cut) must
  // not crash the process: idle ones report on the pool, checked-out ones on themselves. The query
  // in flight fails with the error, which the caller handles; nothing else is to be done here.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Errors meaning the database connection is gone or the server is not answering (not a bad query). */
export function isConnectionLost(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown } | undefined;
  const code = typeof err?.code === 'string' ? err.code : '';
  // 57P0x: admin shutdown / crash shutdown / cannot connect now; 08xxx: connection exceptions.
  if (/^(57P0[1-3]|08\d{3})$/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND'].includes(code)) return true;
  const message = typeof err?.message === 'string' ? err.message : '';
  return /Connection terminated|connection error|Client was closed|terminating connection|the database system is (starting up|shutting down)/i.test(message);
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

// One writer per Bitable base: the platform wants one write at a time per base (1254291 Write
// conflict otherwise), across every replica. A PostgreSQL advisory lock keyed by the base is
// held for each writer pass and for each repair (/dedup clean, --force), so the writer and a
// repair never write to one base at once.
//
// The lock is a session lock: it lives as long as the connection that took it. A terminated
// backend, a database restart or a network cut releases it silently, and another replica (or
// this one, on its next pass) may take the base over. So a pass checks, on the lock's own
// connection, that it still holds the lock before each batch_create (held()); a pass that lost
// it stops, and its saved batches are replayed with their client_token by the new holder.
import type { Pool, PoolClient } from '../db/pool.js';

/** Advisory-lock namespace (with hashtext(app_token)); fixed, other locks use other numbers. */
export const BASE_LOCK_NS = 7_240_612;

export interface BaseLock {
  /** True while this lock's session still holds it (false once its connection is gone). */
  held(): Promise<boolean>;
  release(): Promise<void>;
}

async function unlock(c: PoolClient, appToken: string): Promise<void> {
  let broken = false;
  try {
    await c.query('SELECT pg_advisory_unlock($1, hashtext($2))', [BASE_LOCK_NS, appToken]).catch(() => {
      broken = true;
    });
  } finally {
    // A connection that cannot unlock is gone: destroy it rather than return it to the pool.
    c.release(broken ? true : undefined);
  }
}

async function holds(c: PoolClient, appToken: string): Promise<boolean> {
  try {
    const r = await c.query<{ ok: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()
         AND classid = $1::int::oid AND objid = hashtext($2)::oid AND objsubid = 2 AND granted) AS ok`,
      [BASE_LOCK_NS, appToken],
    );
    return r.rows[0]?.ok === true;
  } catch {
    return false;
  }
}

/** The base's lock if no one holds it (a writer pass skips a base another replica writes to). */
export async function tryLockBase(pool: Pool, appToken: string): Promise<BaseLock | undefined> {
  const c = await pool.connect();
  try {
    const got = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [BASE_LOCK_NS, appToken]);
    if (!got.rows[0]?.ok) {
      c.release();
      return undefined;
    }
  } catch (e) {
    c.release(true);
    throw e;
  }
  // Calls in flight check at once; they share one check on the lock's connection (a client
  // runs one query at a time: the others would queue behind it anyway).
  let checking: Promise<boolean> | undefined;
  const held = () => (checking ??= holds(c, appToken).finally(() => (checking = undefined)));
  return { held, release: () => unlock(c, appToken) };
}

/** Run `fn` holding the base's lock, waiting for it if a writer pass holds it (repairs). */
export async function withBaseLock<T>(pool: Pool, appToken: string, fn: () => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('SELECT pg_advisory_lock($1, hashtext($2))', [BASE_LOCK_NS, appToken]);
  } catch (e) {
    c.release(true);
    throw e;
  }
  try {
    return await fn();
  } finally {
    await unlock(c, appToken);
  }
}

// One writer per Bitable base: the platform wants one write at a time per base (1254291 Write
// conflict otherwise), across every replica. A PostgreSQL advisory lock keyed by the base is
// held for each writer pass and for each repair (/dedup clean, --force), so the writer and a
// repair never write to one base at once.
import type { Pool, PoolClient } from '../db/pool.js';

/** Advisory-lock namespace (with hashtext(app_token)); fixed, other locks use other numbers. */
export const BASE_LOCK_NS = 7_240_612;

export interface BaseLock {
  release(): Promise<void>;
}

async function unlock(c: PoolClient, appToken: string): Promise<void> {
  try {
    await c.query('SELECT pg_advisory_unlock($1, hashtext($2))', [BASE_LOCK_NS, appToken]).catch(() => undefined);
  } finally {
    c.release();
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
    c.release();
    throw e;
  }
  return { release: () => unlock(c, appToken) };
}

/** Run `fn` holding the base's lock, waiting for it if a writer pass holds it (repairs). */
export async function withBaseLock<T>(pool: Pool, appToken: string, fn: () => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('SELECT pg_advisory_lock($1, hashtext($2))', [BASE_LOCK_NS, appToken]);
  } catch (e) {
    c.release();
    throw e;
  }
  try {
    return await fn();
  } finally {
    await unlock(c, appToken);
  }
}

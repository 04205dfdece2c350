// A run's liveness, known without waiting for an expiry: the worker running it holds a
// session-level advisory lock on the run for as long as it works. The lock lives with the
// worker's connection, so a killed process (SIGKILL, OOM, a lost host) or a cut connection
// releases it at once, and any replica can tell the run's owner is gone.
import type { PoolClient } from '../db/pool.js';

/** Advisory-lock namespace of runs (first key of the two-int form). */
const RUN_LOCK_NS = 0x54_42_52_4e; // "TBRN"

export interface RunLock {
  /** Resolves when the lock's connection is lost (database restart, terminated backend). */
  lost: Promise<Error>;
  release(): Promise<void>;
}

/**
 * Take the run's lock on `client` (a connection the caller keeps checked out for the run) and
 * hand the connection over to the returned lock: releasing the lock gives the client back.
 */
export async function lockRunOn(client: PoolClient, runId: number): Promise<RunLock> {
  let onError: (e: Error) => void = () => undefined;
  const lost = new Promise<Error>((resolve) => (onError = resolve));
  client.on('error', onError);
  await client.query(`SELECT pg_advisory_lock($1, $2)`, [RUN_LOCK_NS, runId]);
  let released = false;
  return {
    lost,
    async release() {
      if (released) return;
      released = true;
      client.off('error', onError);
      try {
        await client.query(`SELECT pg_advisory_unlock($1, $2)`, [RUN_LOCK_NS, runId]);
        client.release();
      } catch (e) {
        // The connection is gone, and the lock with it: drop the client rather than reuse it.
        client.release(e as Error);
      }
    },
  };
}

/** Is some session working on this run? (Takes and gives back the lock when nobody is.) */
export async function runOwnerAlive(client: Pick<PoolClient, 'query'>, runId: number): Promise<boolean> {
  const r = await client.query<{ free: boolean }>(`SELECT pg_try_advisory_lock($1, $2) AS free`, [RUN_LOCK_NS, runId]);
  if (!r.rows[0]?.free) return true;
  await client.query(`SELECT pg_advisory_unlock($1, $2)`, [RUN_LOCK_NS, runId]);
  return false;
}

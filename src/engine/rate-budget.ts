// A per-second call budget shared by every partition and every replica that use one key (an app
// key whose platform limits it as a whole, e.g. 20 calls/s). Each call takes a slot in
// PostgreSQL (one statement); a full second makes the caller wait for the next. Old seconds are
// swept now and then; the table is UNLOGGED, so it costs no WAL.
import type { Pool } from '../db/pool.js';
import { sleep } from './retry.js';

export interface RateBudget {
  /** Wait until a call under `key` may start, at most `perSecond` per wall-clock second. */
  take(key: string, perSecond: number, signal?: AbortSignal): Promise<void>;
}

export function createRateBudget(pool: Pool): RateBudget {
  let calls = 0;
  return {
    async take(key, perSecond, signal) {
      for (;;) {
        if (signal?.aborted) throw signal.reason ?? new Error('aborted');
        const now = Date.now();
        const second = Math.floor(now / 1000);
        const r = await pool.query(
          `INSERT INTO rate_budget (key, second, used) VALUES ($1, $2, 1)
           ON CONFLICT (key, second) DO UPDATE SET used = rate_budget.used + 1 WHERE rate_budget.used < $3
           RETURNING used`,
          [key, second, perSecond],
        );
        if (++calls % 1000 === 0) await pool.query(`DELETE FROM rate_budget WHERE second < $1`, [second - 60]).catch(() => undefined);
        if (r.rowCount) return;
        await sleep((second + 1) * 1000 - now + 1, signal);
      }
    },
  };
}

// One alert per database outage, not one per failing call. While PostgreSQL cannot be reached,
// runs fail with a short DB_UNREACHABLE and wait to resume, /readyz answers 503, and alerts cannot
// be recorded; so the outage is logged once when it starts and alerted once when it ends, with
// how long it lasted (the runs in progress have resumed from their checkpoints by then).
import type { Pool } from '../db/pool.js';
import { formatBusinessTime } from '../engine/time.js';
import type { Logger } from '../logger.js';
import type { Notifier } from './types.js';

export interface DatabaseWatch {
  /** When the current outage began, if the database is unreachable now. */
  downSince(): Date | undefined;
  stop(): void;
}

export function watchDatabase(deps: { pool: Pool; log: Logger; notifier?: () => Notifier | undefined; intervalMs?: number }): DatabaseWatch {
  let since: Date | undefined;
  let busy = false;
  const check = async () => {
    if (busy) return;
    busy = true;
    try {
      await deps.pool.query('SELECT 1');
      if (since) {
        const began = since;
        since = undefined;
        const seconds = Math.round((Date.now() - began.getTime()) / 1000);
        deps.log.info({ seconds }, 'PostgreSQL is reachable again; interrupted runs resume from their checkpoints');
        await deps
          .notifier?.()
          ?.alert({
            key: 'database-outage',
            title: 'PostgreSQL was unreachable',
            message: `From ${formatBusinessTime(began)} for ${seconds} s Tongbu could not reach its database. Runs in progress stopped at their last checkpoint and have resumed.`,
            action: 'Nothing to do if this was a planned restart. If it repeats, check the database server and the network to it.',
          })
          .catch((e: Error) => deps.log.warn({ err: e }, 'the database outage alert could not be sent'));
      }
    } catch (e) {
      if (!since) {
        since = new Date();
        deps.log.warn({ reason: (e as Error).message }, 'PostgreSQL cannot be reached: runs stop at their last checkpoint and resume when it is back');
      }
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void check(), deps.intervalMs ?? 2000);
  timer.unref();
  return { downSince: () => since, stop: () => clearInterval(timer) };
}

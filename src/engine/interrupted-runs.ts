// Runs whose owner died. A run marked `running` whose lock (run-lock.ts) nobody holds was being
// worked by a process that is gone (SIGKILL, OOM, a lost host, a cut connection). At start and
// every minute each replica looks for such runs; the first to see one marks it `interrupted`
// (counted in the run's history) and queues it again under its own key, so it resumes from its
// checkpoint once, with exactly the rows an uninterrupted run writes. Its stale queue job, left
// `active` by the dead worker, is closed so it does not block the key until it expires.
import type PgBoss from 'pg-boss';
import { inTransaction, type Pool } from '../db/pool.js';
import type { Logger } from '../logger.js';
import { SYNC_QUEUE, type SyncJobData } from './jobs.js';
import { runOwnerAlive } from './run-lock.js';
import type { RunRow } from './runs.js';

export interface InterruptedRunDeps {
  pool: Pool;
  log: Logger;
  boss: PgBoss;
  /** Queue the resume (the engine's own send, with its retry options). */
  send(data: SyncJobData): Promise<string | null>;
  /** Whether this process can run the connector (known and not disabled). */
  canRun(connector: string): boolean;
}

/** Mark `run` interrupted if its owner is gone (once, across replicas); true when this call did. */
async function markInterrupted(pool: Pool, run: RunRow): Promise<RunRow | undefined> {
  return inTransaction(pool, async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [run.run_key]);
    const now = (await tx.query<RunRow>(`SELECT * FROM sync_runs WHERE id = $1`, [run.id])).rows[0];
    if (now?.status !== 'running' || (await runOwnerAlive(tx, run.id))) return undefined;
    const r = await tx.query<RunRow>(
      `UPDATE sync_runs SET status = 'interrupted', interruptions = interruptions + 1, last_interrupted_at = now(),
              error_code = 'RUN_INTERRUPTED', error_message = 'the process running it stopped (killed or lost); resumed from its checkpoint'
        WHERE id = $1 RETURNING *`,
      [run.id],
    );
    return r.rows[0];
  });
}

/** Find runs whose owner is gone and resume them (or only `key`'s). Returns the keys queued again. */
export async function resumeInterruptedRuns(deps: InterruptedRunDeps, key?: string): Promise<string[]> {
  const running = (
    await deps.pool.query<RunRow>(`SELECT * FROM sync_runs WHERE status = 'running' ${key ? 'AND run_key = $1' : ''} ORDER BY id`, key ? [key] : [])
  ).rows;
  const queued: string[] = [];
  for (const run of running) {
    const marked = await markInterrupted(deps.pool, run);
    if (!marked) continue;
    deps.log.warn({ run: run.id, key: run.run_key, interruptions: marked.interruptions }, 'run interrupted: its owner is gone; resuming it from its checkpoint');
    // A derived-table refresh is redone by the next run of its stream; a run of a connector this
    // process cannot run stays interrupted for a replica (or a restart) that can.
    if (run.run_key.includes('#') || !deps.canRun(run.connector)) continue;
    const stale = (await deps.boss.getDb().executeSql(`SELECT id FROM pgboss.job WHERE name = $1 AND singleton_key = $2 AND state = 'active'`, [SYNC_QUEUE, run.run_key])) as {
      rows: { id: string }[];
    };
    for (const j of stale.rows) await deps.boss.complete(SYNC_QUEUE, j.id, { interrupted: true }).catch(() => undefined);
    await deps.send({
      connector: run.connector,
      account: run.account,
      kind: run.trigger === 'schedule' ? 'schedule' : 'backfill',
      trigger: run.trigger,
      from: run.window_from.toISOString(),
      to: run.window_to.toISOString(),
      key: run.run_key,
      requestedAt: new Date().toISOString(),
      requestedBy: run.requested_by ?? undefined,
      streams: run.streams ?? undefined,
    });
    queued.push(run.run_key);
  }
  return queued;
}

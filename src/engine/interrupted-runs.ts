// Runs whose owner died. A run marked `running` whose lock (run-lock.ts) nobody holds was being
// worked by a process that is gone (SIGKILL, OOM, a lost host, a cut connection). At start and
// every minute each replica looks for such runs; the first to see one marks it `interrupted`
// (counted in the run's history) and queues it again under its own key, so it resumes from its
// checkpoint once, with exactly the rows an uninterrupted run writes. Its stale queue job, left
// `active` by the dead worker, is closed so it does not block the key until it expires.
//
// The same look covers a run that failed with DB_UNREACHABLE but whose job's end the queue could
// not record (pg-boss writes it without awaiting, on a connection that may be the one just cut):
// such a job stays `active` with no worker and would not be retried for hours. A job is stale
// when it started before its run last finished; a failed run with only stale jobs is queued again.
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
    await requeue(deps, run, `SELECT id FROM pgboss.job WHERE name = $1 AND singleton_key = $2 AND state = 'active'`);
    queued.push(run.run_key);
  }
  for (const run of await lostRetries(deps.pool, key)) {
    if (!deps.canRun(run.connector)) continue;
    deps.log.warn({ run: run.id, key: run.run_key }, 'run failed while the database was away and its retry was not recorded; resuming it from its checkpoint');
    await requeue(deps, run, `SELECT id FROM pgboss.job WHERE name = $1 AND singleton_key = $2 AND state = 'active' AND started_on < $3`, [run.finished_at]);
    queued.push(run.run_key);
  }
  // A finished run whose job's completion was lost: close the job so it does not hold the key.
  const orphans = await deps.pool.query<{ id: string }>(
    `SELECT j.id FROM pgboss.job j
       JOIN LATERAL (SELECT status, finished_at FROM sync_runs r WHERE r.run_key = j.singleton_key ORDER BY id DESC LIMIT 1) r ON true
      WHERE j.name = $1 AND j.state = 'active' AND r.status = 'succeeded' AND j.started_on < r.finished_at ${key ? 'AND j.singleton_key = $2' : ''}`,
    key ? [SYNC_QUEUE, key] : [SYNC_QUEUE],
  );
  for (const j of orphans.rows) await deps.boss.complete(SYNC_QUEUE, j.id).catch(() => undefined);
  return queued;
}

/** Latest runs per key that failed with DB_UNREACHABLE and have no live job (only stale ones). */
async function lostRetries(pool: Pool, key?: string): Promise<RunRow[]> {
  const r = await pool.query<RunRow>(
    `SELECT r.* FROM sync_runs r
      WHERE r.status = 'failed' AND r.error_code = 'DB_UNREACHABLE' AND position('#' in r.run_key) = 0 ${key ? 'AND r.run_key = $2' : ''}
        AND r.id = (SELECT max(id) FROM sync_runs l WHERE l.run_key = r.run_key)
        AND NOT EXISTS (SELECT 1 FROM pgboss.job j WHERE j.name = $1 AND j.singleton_key = r.run_key
                         AND (j.state IN ('created', 'retry') OR (j.state = 'active' AND j.started_on >= r.finished_at)))
      ORDER BY r.id`,
    key ? [SYNC_QUEUE, key] : [SYNC_QUEUE],
  );
  return r.rows;
}

/** Close the run's stale jobs (found by `staleSql`) and queue it again under its own key. */
async function requeue(deps: InterruptedRunDeps, run: RunRow, staleSql: string, extra: unknown[] = []): Promise<void> {
  const stale = (await deps.boss.getDb().executeSql(staleSql, [SYNC_QUEUE, run.run_key, ...extra])) as { rows: { id: string }[] };
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
}

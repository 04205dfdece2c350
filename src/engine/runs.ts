// Run records (sync_runs) and their checkpoints (sync_checkpoints).
import type { Pool, PoolClient } from '../db/pool.js';
import { lockRunOn, runOwnerAlive, type RunLock } from './run-lock.js';
import type { SyncSlice, SyncWindow } from './types.js';

export type RunTrigger = 'schedule' | 'cli' | 'chat' | 'api' | 'retry';
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'aborted' | 'interrupted';

export interface RunRow {
  id: number;
  connector: string;
  account: string;
  trigger: RunTrigger;
  run_key: string;
  window_from: Date;
  window_to: Date;
  status: RunStatus;
  inserted: number;
  updated: number;
  unchanged: number;
  pages: number;
  slices_done: number;
  slices_total: number;
  error_code: string | null;
  error_message: string | null;
  requested_by: string | null;
  started_at: Date;
  heartbeat_at: Date;
  finished_at: Date | null;
  streams: string[] | null;
  interruptions: number;
  last_interrupted_at: Date | null;
}

/**
 * The key of a run: same connector, account, kind, streams and window = the same run (resumable).
 * A run of every stream keeps the key it had before connectors had several schedules.
 */
export function runKey(connector: string, account: string, kind: 'schedule' | 'backfill', w: SyncWindow, streams?: string[]): string {
  const scope = streams ? `${[...streams].sort().join('+')}:` : '';
  return `${connector}:${account}:${kind}:${scope}${w.from.toISOString()}..${w.to.toISOString()}`;
}

export type ClaimResult = { run: RunRow; resumed: boolean; lock: RunLock } | { skipped: 'running-elsewhere' | 'already-done'; run: RunRow };

/**
 * Start or resume the run for `key`, and hold its lock (run-lock.ts) on a connection of its own
 * for as long as the caller works on it. The latest run with this key is resumed (same id, same
 * checkpoints) when it was interrupted, aborted or failed, or is marked running but its owner is
 * gone; a live one elsewhere wins; one that finished after `requestedAt` makes this a duplicate.
 */
export async function claimRun(
  pool: Pool,
  p: { connector: string; account: string; trigger: RunTrigger; key: string; window: SyncWindow; requestedBy?: string; requestedAt: Date; streams?: string[] },
): Promise<ClaimResult> {
  const client = await pool.connect();
  let keep = false;
  try {
    await client.query('BEGIN');
    // Serialise claims of one key across replicas.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [p.key]);
    const latest = (await client.query<RunRow>(`SELECT * FROM sync_runs WHERE run_key = $1 ORDER BY id DESC LIMIT 1`, [p.key])).rows[0];
    let result: { run: RunRow; resumed: boolean } | { skipped: 'running-elsewhere' | 'already-done'; run: RunRow };
    if (latest?.status === 'running' && (await runOwnerAlive(client, latest.id))) {
      result = { skipped: 'running-elsewhere', run: latest };
    } else if (latest?.status === 'succeeded' && latest.finished_at && latest.finished_at >= p.requestedAt) {
      result = { skipped: 'already-done', run: latest };
    } else if (latest && latest.status !== 'succeeded') {
      // Marked running with nobody working on it: its owner died; count the interruption.
      const died = latest.status === 'running';
      const r = await client.query<RunRow>(
        `UPDATE sync_runs SET status = 'running', heartbeat_at = now(), finished_at = NULL, error_code = NULL, error_message = NULL,
                interruptions = interruptions + $2::int, last_interrupted_at = CASE WHEN $2::int > 0 THEN now() ELSE last_interrupted_at END
          WHERE id = $1 RETURNING *`,
        [latest.id, died ? 1 : 0],
      );
      result = { run: r.rows[0] as RunRow, resumed: true };
    } else {
      const r = await client.query<RunRow>(
        `INSERT INTO sync_runs (connector, account, trigger, run_key, window_from, window_to, requested_by, streams)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [p.connector, p.account, p.trigger, p.key, p.window.from, p.window.to, p.requestedBy ?? null, p.streams ?? null],
      );
      result = { run: r.rows[0] as RunRow, resumed: false };
    }
    if ('skipped' in result) {
      await client.query('COMMIT');
      return result;
    }
    // The session lock outlives the commit: it is the run's liveness (run-lock.ts).
    const lock = await lockRunOn(client, result.run.id);
    await client.query('COMMIT');
    keep = true;
    return { ...result, lock };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release(e as Error);
    keep = true;
    throw e;
  } finally {
    if (!keep) client.release();
  }
}

export interface Checkpoint {
  last_page: number;
  done: boolean;
}

export async function loadCheckpoints(pool: Pool, runId: number, stream: string): Promise<Map<string, Checkpoint>> {
  const r = await pool.query<{ slice_from: Date; last_page: number; done: boolean }>(
    `SELECT slice_from, last_page, done FROM sync_checkpoints WHERE run_id = $1 AND stream = $2`,
    [runId, stream],
  );
  return new Map(r.rows.map((row) => [row.slice_from.toISOString(), { last_page: row.last_page, done: row.done }]));
}

/** Written in the same transaction as the page's rows. */
/**
 * A page's bookkeeping in one round trip, inside the page's transaction: its checkpoint, the
 * run's counts, and whether the connector's task was set to STOPPED meanwhile.
 */
export async function recordPage(
  client: PoolClient,
  r: { runId: number; task: string; stream: string; slice: SyncSlice; page: number; done: boolean; counts: { inserted: number; updated: number; unchanged: number } },
): Promise<{ stopped: boolean }> {
  // Named, so each connection parses and plans it once, not once per page.
  const res = await client.query<{ desired_state: string | null }>({
    name: 'tongbu_record_page',
    text: `WITH checkpoint AS (
       INSERT INTO sync_checkpoints (run_id, stream, slice_from, slice_to, last_page, done) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (run_id, stream, slice_from) DO UPDATE SET last_page = EXCLUDED.last_page, done = EXCLUDED.done, updated_at = now()
     ), progress AS (
       UPDATE sync_runs SET inserted = inserted + $7, updated = updated + $8, unchanged = unchanged + $9, pages = pages + 1,
         slices_done = slices_done + $10, heartbeat_at = now() WHERE id = $1
     )
     SELECT (SELECT desired_state FROM sync_tasks WHERE name = $11) AS desired_state`,
    values: [r.runId, r.stream, r.slice.from, r.slice.to, r.page, r.done, r.counts.inserted, r.counts.updated, r.counts.unchanged, r.done ? 1 : 0, r.task],
  });
  return { stopped: res.rows[0]?.desired_state === 'STOPPED' };
}

export async function finishRun(pool: Pool, runId: number, status: Exclude<RunStatus, 'running'>, error?: { code: string; message: string }): Promise<RunRow> {
  const r = await pool.query<RunRow>(
    `UPDATE sync_runs SET status = $2, finished_at = now(), heartbeat_at = now(), error_code = $3, error_message = $4 WHERE id = $1 RETURNING *`,
    [runId, status, error?.code ?? null, error?.message ?? null],
  );
  return r.rows[0] as RunRow;
}

export async function getRun(pool: Pool, id: number): Promise<RunRow | undefined> {
  return (await pool.query<RunRow>(`SELECT * FROM sync_runs WHERE id = $1`, [id])).rows[0];
}

export async function latestRunByKey(pool: Pool, key: string): Promise<RunRow | undefined> {
  return (await pool.query<RunRow>(`SELECT * FROM sync_runs WHERE run_key = $1 ORDER BY id DESC LIMIT 1`, [key])).rows[0];
}

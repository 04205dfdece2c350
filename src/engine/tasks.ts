// Scheduled tasks: desired state (RUNNING/STOPPED, set by SQL, CLI or chat), heartbeat,
// last status and last error, as the old script's task table had.
import type { Pool } from '../db/pool.js';

export type TaskState = 'RUNNING' | 'STOPPED';

export interface TaskRow {
  name: string;
  desired_state: TaskState;
  heartbeat_at: Date | null;
  last_status: string | null;
  last_error: string | null;
  last_run_at: Date | null;
  updated_by: string | null;
  updated_at: Date;
}

export async function ensureTask(pool: Pool, name: string): Promise<void> {
  await pool.query(`INSERT INTO sync_tasks (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [name]);
}

export async function getTask(pool: Pool, name: string): Promise<TaskRow | undefined> {
  const r = await pool.query<TaskRow>(`SELECT * FROM sync_tasks WHERE name = $1`, [name]);
  return r.rows[0];
}

export async function listTasks(pool: Pool): Promise<TaskRow[]> {
  return (await pool.query<TaskRow>(`SELECT * FROM sync_tasks ORDER BY name`)).rows;
}

export async function isStopped(pool: Pool, name: string): Promise<boolean> {
  const r = await pool.query<{ desired_state: TaskState }>(`SELECT desired_state FROM sync_tasks WHERE name = $1`, [name]);
  return r.rows[0]?.desired_state === 'STOPPED';
}

export async function setDesiredState(pool: Pool, name: string, state: TaskState, by: string): Promise<TaskRow | undefined> {
  const r = await pool.query<TaskRow>(
    `UPDATE sync_tasks SET desired_state = $2, updated_by = $3, updated_at = now() WHERE name = $1 RETURNING *`,
    [name, state, by],
  );
  return r.rows[0];
}

export async function heartbeat(pool: Pool, name: string, status?: string, error?: string | null): Promise<void> {
  await pool.query(
    `UPDATE sync_tasks SET heartbeat_at = now(),
       last_status = COALESCE($2, last_status),
       last_error = CASE WHEN $2::text IS NULL THEN last_error ELSE $3 END,
       last_run_at = CASE WHEN $2::text IS NULL THEN last_run_at ELSE now() END
     WHERE name = $1`,
    [name, status ?? null, error ?? null],
  );
}

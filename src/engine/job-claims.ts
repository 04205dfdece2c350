// Exactly-once for scheduled jobs across replicas sharing one database (migrations/015): the
// replica that inserts (job, minute) first runs the job. Chosen over a pg-boss singleton because
// the check must run in the replica whose cron fired (it needs no queue, worker or retry), and a
// row keyed by the scheduled minute stays correct when replicas' clocks differ by seconds.
import type { Pool } from '../db/pool.js';

const KEEP_DAYS = 30;

/** True when this caller claimed `job` for the minute of `at`; false when another already did. */
export async function claimJob(pool: Pool, job: string, at: Date): Promise<boolean> {
  const minute = new Date(Math.floor(at.getTime() / 60_000) * 60_000);
  const r = await pool.query(`INSERT INTO job_claims (job, scheduled_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING job`, [job, minute]);
  // Old claims say nothing any more; pruned here rather than by another job.
  await pool.query(`DELETE FROM job_claims WHERE scheduled_at < now() - make_interval(days => $1)`, [KEEP_DAYS]);
  return r.rowCount === 1;
}

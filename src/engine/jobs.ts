// Durable run queue on PostgreSQL (pg-boss). A job = one (connector, account, window). The
// queue is `stately`: at most one queued and one active job per singleton key (the run key),
// so replicas that tick together queue a window once; the runner's claim makes it run once.
import type PgBoss from 'pg-boss';
import type { Logger } from '../logger.js';
import type { RunTrigger } from './runs.js';

export const SYNC_QUEUE = 'tongbu-sync';

export interface SyncJobData {
  connector: string;
  account: string;
  kind: 'schedule' | 'backfill';
  trigger: RunTrigger;
  from: string;
  to: string;
  key: string;
  requestedAt: string;
  requestedBy?: string;
  /** The schedule's streams; absent: every stream. */
  streams?: string[];
}

export async function startBoss(url: string, log: Logger): Promise<PgBoss> {
  // Loaded when the queue starts: the CLI's read-only commands never load pg-boss.
  const { default: PgBoss } = await import('pg-boss');
  const boss = new PgBoss({ connectionString: url, schema: 'pgboss', max: 4, supervise: true, schedule: false, application_name: 'tongbu-jobs' });
  // Logged short (the logger's err serializer): a pg error carries its whole client otherwise.
  boss.on('error', (e: unknown) => {
    const code = (e as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && /^57P0[123]$/.test(code)) log.warn({ err: e }, 'job queue lost its database connection (PostgreSQL stopping or restarting); it reconnects');
    else log.error({ err: e }, 'job queue error');
  });
  await boss.start();
  // Two processes starting together (replicas, or a restart while the old process's start is
  // still running) can deadlock inside pg-boss's create_queue (both insert the queue row and
  // lock its partition): PostgreSQL aborts one with 40P01, and trying again finds the queue.
  for (let attempt = 1; ; attempt++) {
    try {
      await boss.createQueue(SYNC_QUEUE, {
        name: SYNC_QUEUE,
        policy: 'stately',
        // A run killed with its process is retried after the job expires, resuming at its checkpoint.
        retryLimit: 3,
        retryDelay: 30,
        retryBackoff: true,
        expireInSeconds: 2 * 3600,
      });
      break;
    } catch (e) {
      if ((e as { code?: unknown } | null)?.code !== '40P01' || attempt >= 5) throw e;
      log.warn({ attempt }, 'creating the job queue met a deadlock with another process starting; trying again');
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
    }
  }
  return boss;
}

/** Is a job with this key queued or running? */
export async function jobPending(boss: PgBoss, key: string): Promise<boolean> {
  const db = boss.getDb();
  const r = (await db.executeSql(
    `SELECT 1 FROM pgboss.job WHERE name = $1 AND singleton_key = $2 AND state IN ('created', 'retry', 'active') LIMIT 1`,
    [SYNC_QUEUE, key],
  )) as { rows: unknown[] };
  return r.rows.length > 0;
}

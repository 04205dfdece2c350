// Prometheus metrics (GET /metrics). One registry per service instance, so tests can build many.
// Besides the tongbu_* families, the registry carries prom-client's default process and Node.js
// metrics under their standard names (process_cpu_seconds_total, process_resident_memory_bytes,
// nodejs_eventloop_lag_seconds, nodejs_heap_size_used_bytes, …): dashboards and alerts written
// for any Node.js service read them as they are, and Prometheus' job/instance labels already
// say which service they belong to (docs/operations.md).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Pool } from './db/pool.js';

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const runs = new Counter({ name: 'tongbu_sync_runs_total', help: 'Sync runs finished, by connector and outcome', labelNames: ['connector', 'outcome'], registers: [registry] });
  const rows = new Counter({ name: 'tongbu_rows_written_total', help: 'Rows handled by the loader, by connector, stream and result (inserted, updated, unchanged)', labelNames: ['connector', 'stream', 'result'], registers: [registry] });
  const runDuration = new Histogram({ name: 'tongbu_sync_run_duration_seconds', help: 'Sync run duration', labelNames: ['connector'], buckets: [1, 5, 15, 60, 300, 900, 3600], registers: [registry] });
  const apiErrors = new Counter({ name: 'tongbu_api_errors_total', help: 'Platform API errors, by connector and class (rateLimited, authExpired, retryable, fatal, malformed, network)', labelNames: ['connector', 'class'], registers: [registry] });
  const tokenExpiry = new Gauge({ name: 'tongbu_token_seconds_to_expiry', help: 'Seconds until a platform token expires', labelNames: ['platform', 'account', 'kind'], registers: [registry] });
  const queueDepth = new Gauge({ name: 'tongbu_queue_depth', help: 'Jobs waiting in a queue', labelNames: ['queue'], registers: [registry] });
  const feishuCalls = new Counter({ name: 'tongbu_feishu_api_calls_total', help: 'Feishu Open Platform API calls, by kind', labelNames: ['kind'], registers: [registry] });
  // stream="all" while sync_runs has no stream column: a run covers all streams of its connector.
  const lastSuccess = new Gauge({
    name: 'tongbu_last_success_timestamp_seconds',
    help: 'Unix time at which the last successful sync run of a connector, stream and account finished (any replica; filled from sync_runs at start)',
    labelNames: ['connector', 'stream', 'account'],
    registers: [registry],
  });
  return { registry, runs, rows, runDuration, apiErrors, tokenExpiry, queueDepth, feishuCalls, lastSuccess };
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * Start-up: the last succeeded run per connector and account, from sync_runs (whichever replica or
 * CLI ran it), so a restart does not reset the time a stall is measured from. `keep` leaves out
 * pairs that no longer run (an account removed from the settings, a disabled connector): their
 * old time would raise a stale-stream alert forever.
 */
export async function loadLastSuccess(pool: Pool, metrics: Metrics, keep: (connector: string, account: string) => boolean = () => true): Promise<void> {
  const res = await pool.query<{ connector: string; account: string; at: Date }>(
    `SELECT connector, account, max(finished_at) AS at FROM sync_runs
      WHERE status = 'succeeded' AND finished_at IS NOT NULL GROUP BY connector, account`,
  );
  for (const r of res.rows) {
    if (keep(r.connector, r.account)) metrics.lastSuccess.set({ connector: r.connector, stream: 'all', account: r.account }, r.at.getTime() / 1000);
  }
}

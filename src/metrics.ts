// Prometheus metrics (GET /metrics). One registry per service instance, so tests can build many.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  const runs = new Counter({ name: 'tongbu_sync_runs_total', help: 'Sync runs finished, by connector and outcome', labelNames: ['connector', 'outcome'], registers: [registry] });
  const rows = new Counter({ name: 'tongbu_rows_written_total', help: 'Rows handled by the loader, by connector, stream and result (inserted, updated, unchanged)', labelNames: ['connector', 'stream', 'result'], registers: [registry] });
  const runDuration = new Histogram({ name: 'tongbu_sync_run_duration_seconds', help: 'Sync run duration', labelNames: ['connector'], buckets: [1, 5, 15, 60, 300, 900, 3600], registers: [registry] });
  const apiErrors = new Counter({ name: 'tongbu_api_errors_total', help: 'Platform API errors, by connector and class (rateLimited, authExpired, retryable, fatal, malformed, network)', labelNames: ['connector', 'class'], registers: [registry] });
  const tokenExpiry = new Gauge({ name: 'tongbu_token_seconds_to_expiry', help: 'Seconds until a platform token expires', labelNames: ['platform', 'account', 'kind'], registers: [registry] });
  const queueDepth = new Gauge({ name: 'tongbu_queue_depth', help: 'Jobs waiting in a queue', labelNames: ['queue'], registers: [registry] });
  const feishuCalls = new Counter({ name: 'tongbu_feishu_api_calls_total', help: 'Feishu Open Platform API calls, by kind', labelNames: ['kind'], registers: [registry] });
  return { registry, runs, rows, runDuration, apiErrors, tokenExpiry, queueDepth, feishuCalls };
}

export type Metrics = ReturnType<typeof createMetrics>;

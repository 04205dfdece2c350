// Metrics for a process that records none: the light CLI commands (status, task, token status,
// a connector's own read commands) run no sync and serve no /metrics. Every instrument is there
// and does nothing, so the code they share with the service needs no `if (metrics)`, and
// prom-client (about 50 ms of a 0.5 s command) is never loaded.
import type { Metrics } from './metrics.js';

const instrument: Record<string, unknown> = {};
for (const name of ['inc', 'dec', 'set', 'observe', 'reset', 'remove']) instrument[name] = () => undefined;
instrument.labels = () => instrument;
// A counter read back (the mirror's status section counts this process's Feishu calls): none.
instrument.get = () => Promise.resolve({ values: [] });

export function inertMetrics(): Metrics {
  return new Proxy({} as Metrics, {
    get: (_t, key) => (key === 'registry' ? undefined : instrument),
  });
}

// What runs and how it went: the operation behind `/status`, `tongbu status` and GET /api/status.
import type { RunRow } from '../engine/runs.js';
import { listTasks } from '../engine/tasks.js';
import type { Services } from '../services.js';
import { toRunView, type RunView } from './sync.js';

export interface ConnectorStatus {
  name: string;
  title: string;
  mode: 'live' | 'sandbox' | 'disabled';
  reason?: string;
  accounts: string[];
  lastRun?: RunView;
  nextRunAt?: string;
  task: { state: 'RUNNING' | 'STOPPED'; heartbeatAt?: string; heartbeatAgeSeconds?: number; lastStatus?: string; lastError?: string };
}

export interface StatusReport {
  connectors: ConnectorStatus[];
  /** Extra sections other parts add (Feishu API calls, Bitable mirror, tokens). */
  extras: { title: string; lines: string[] }[];
}

/** Defined with the Services (the mirror and notifications contribute sections without importing ops/). */
export type { StatusContributor } from '../services.js';

export async function getStatus(services: Services): Promise<StatusReport> {
  const tasks = new Map((await listTasks(services.pool)).map((t) => [t.name, t]));
  const last = await services.pool.query<RunRow>(
    `SELECT DISTINCT ON (connector) * FROM sync_runs ORDER BY connector, id DESC`,
  );
  const lastBy = new Map(last.rows.map((r) => [r.connector, r]));
  const connectors: ConnectorStatus[] = [];
  for (const rt of services.engine?.runtimes.values() ?? []) {
    const t = tasks.get(rt.decl.name);
    const run = lastBy.get(rt.decl.name);
    const next = services.engine?.nextRunAt(rt.decl.name);
    connectors.push({
      name: rt.decl.name,
      title: rt.decl.title,
      mode: rt.mode,
      reason: rt.reason,
      accounts: rt.accounts,
      lastRun: run ? toRunView(run) : undefined,
      nextRunAt: next?.toISOString(),
      task: {
        state: t?.desired_state ?? 'RUNNING',
        heartbeatAt: t?.heartbeat_at?.toISOString(),
        heartbeatAgeSeconds: t?.heartbeat_at ? Math.round((Date.now() - t.heartbeat_at.getTime()) / 1000) : undefined,
        lastStatus: t?.last_status ?? undefined,
        lastError: t?.last_error ?? undefined,
      },
    });
  }
  const extras: StatusReport['extras'] = [];
  for (const contribute of services.statusContributors ?? []) {
    const section = await contribute(services).catch((e: Error) => ({ title: 'status section failed', lines: [e.message] }));
    if (section) extras.push(section);
  }
  return { connectors, extras };
}

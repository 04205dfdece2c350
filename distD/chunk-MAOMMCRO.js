import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  listTasks
} from "./chunk-EGAMGWC5.js";
import {
  toRunView
} from "./chunk-KF6Z7LW6.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/ops/status.ts
async function getStatus(services) {
  const tasks = new Map((await listTasks(services.pool)).map((t) => [t.name, t]));
  const last = await services.pool.query(
    `SELECT DISTINCT ON (connector) * FROM sync_runs ORDER BY connector, id DESC`
  );
  const lastBy = new Map(last.rows.map((r) => [r.connector, r]));
  const connectors = [];
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
      lastRun: run ? toRunView(run) : void 0,
      nextRunAt: next?.toISOString(),
      task: {
        state: t?.desired_state ?? "RUNNING",
        heartbeatAt: t?.heartbeat_at?.toISOString(),
        heartbeatAgeSeconds: t?.heartbeat_at ? Math.round((Date.now() - t.heartbeat_at.getTime()) / 1e3) : void 0,
        lastStatus: t?.last_status ?? void 0,
        lastError: t?.last_error ?? void 0
      }
    });
  }
  const extras = [];
  for (const contribute of services.statusContributors ?? []) {
    const section = await contribute(services).catch((e) => ({ title: "status section failed", lines: [e.message] }));
    if (section) extras.push(section);
  }
  return { connectors, extras };
}
__name(getStatus, "getStatus");

export {
  getStatus
};
//# sourceMappingURL=chunk-MAOMMCRO.js.map

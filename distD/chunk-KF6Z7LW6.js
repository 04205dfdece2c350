import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  latestRunByKey
} from "./chunk-UUUMHGKH.js";
import {
  businessDay,
  formatBusinessTime,
  parseRange,
  yesterday
} from "./chunk-MXRYIYM3.js";
import {
  ERRORS,
  TongbuError
} from "./chunk-TJ5FBCIB.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/ops/sync.ts
function toRunView(r) {
  const spec = r.error_code && r.error_code in ERRORS ? ERRORS[r.error_code] : void 0;
  return {
    id: r.id,
    key: r.run_key,
    connector: r.connector,
    account: r.account,
    status: r.status,
    interruptions: r.interruptions ?? 0,
    lastInterruptedAt: r.last_interrupted_at ? formatBusinessTime(r.last_interrupted_at) : void 0,
    slicesDone: r.slices_done,
    slicesTotal: r.slices_total,
    inserted: r.inserted,
    updated: r.updated,
    unchanged: r.unchanged,
    pages: r.pages,
    errorCode: r.error_code ?? void 0,
    errorMessage: r.error_message ?? void 0,
    errorAction: spec?.action,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString(),
    windowFrom: formatBusinessTime(r.window_from),
    windowTo: formatBusinessTime(r.window_to),
    trigger: r.trigger
  };
}
__name(toRunView, "toRunView");
function requireEngine(services) {
  if (!services.engine) throw new Error("the sync engine is not running in this process");
  return services.engine;
}
__name(requireEngine, "requireEngine");
function scheduleWindowNow(rt) {
  const sch = rt.schedules[0];
  if (!sch) throw new TongbuError("CONNECTOR_DISABLED", rt.decl.name);
  return sch.window(new Date(Math.floor(Date.now() / 6e4) * 6e4));
}
__name(scheduleWindowNow, "scheduleWindowNow");
function backfillWindow(range, now = /* @__PURE__ */ new Date()) {
  const text = range?.trim() || yesterday(now);
  const w = parseRange(text);
  if (w.from.getTime() > now.getTime()) throw new TongbuError("WINDOW_INVALID", `${businessDay(w.from)} is in the future`);
  return { from: w.from, to: new Date(Math.min(w.to.getTime(), Math.floor(now.getTime() / 1e3) * 1e3)) };
}
__name(backfillWindow, "backfillWindow");
async function requestSync(services, req) {
  const engine = requireEngine(services);
  const rt = engine.runtime(req.connector);
  const window = req.range?.trim() ? backfillWindow(req.range) : scheduleWindowNow(rt);
  if (req.force && services.forceResync) await services.forceResync(rt.decl.name, window);
  const streams = req.range?.trim() ? void 0 : rt.schedules[0]?.streams;
  const runs = await engine.enqueue({ connector: rt.decl.name, window, kind: "backfill", trigger: req.trigger, requestedBy: req.requestedBy, account: req.account, streams });
  return {
    runKey: runs[0]?.key ?? "",
    runKeys: runs.map((r) => r.key),
    connector: rt.decl.name,
    title: rt.decl.title,
    from: formatBusinessTime(window.from),
    to: formatBusinessTime(window.to),
    alreadyRunning: runs.length > 0 && runs.every((r) => r.alreadyRunning)
  };
}
__name(requestSync, "requestSync");
async function getRunByKey(services, key) {
  const run = await latestRunByKey(services.pool, key);
  if (run) return toRunView(run);
  const [connector = "", account = ""] = key.split(":");
  const queued = await services.pool.query(
    `SELECT 1 FROM pgboss.job WHERE singleton_key = $1 AND state IN ('created', 'retry', 'active') LIMIT 1`,
    [key]
  ).catch(() => ({ rowCount: 0 }));
  if (!queued.rowCount) return void 0;
  return { key, connector, account, status: "queued", slicesDone: 0, slicesTotal: 0, inserted: 0, updated: 0, unchanged: 0, pages: 0 };
}
__name(getRunByKey, "getRunByKey");
async function getSyncProgress(services, keys) {
  const views = (await Promise.all(keys.map((k) => getRunByKey(services, k)))).filter((v) => Boolean(v));
  if (!views.length) return void 0;
  const first = views[0];
  const sum = /* @__PURE__ */ __name((f) => views.reduce((a, v) => a + v[f], 0), "sum");
  const has = /* @__PURE__ */ __name((st) => views.some((v) => v.status === st), "has");
  const status = has("running") ? "running" : has("queued") ? "queued" : has("failed") ? "failed" : has("aborted") ? "aborted" : "succeeded";
  const failed = views.find((v) => v.status === "failed" || v.status === "aborted");
  return {
    ...first,
    status,
    slicesDone: sum("slicesDone"),
    slicesTotal: sum("slicesTotal"),
    inserted: sum("inserted"),
    updated: sum("updated"),
    unchanged: sum("unchanged"),
    pages: sum("pages"),
    errorCode: failed?.errorCode,
    errorMessage: failed?.errorMessage,
    errorAction: failed?.errorAction,
    finishedAt: views.every((v) => v.finishedAt) ? views.map((v) => v.finishedAt).sort().at(-1) : void 0
  };
}
__name(getSyncProgress, "getSyncProgress");

export {
  toRunView,
  scheduleWindowNow,
  backfillWindow,
  requestSync,
  getRunByKey,
  getSyncProgress
};
//# sourceMappingURL=chunk-KF6Z7LW6.js.map

import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  loadRates,
  overviewDays,
  overviewRows
} from "./chunk-N32ZS3A6.js";
import {
  BitableApiError,
  baseOf,
  mappingsOf,
  resendDay
} from "./chunk-CDCYALK5.js";
import {
  require_pg_copy_streams
} from "./chunk-DIUG7UWK.js";
import {
  ensureTask,
  heartbeat,
  isStopped
} from "./chunk-EGAMGWC5.js";
import {
  claimRun,
  finishRun,
  loadCheckpoints,
  recordPage,
  runKey,
  runOwnerAlive
} from "./chunk-UUUMHGKH.js";
import {
  BUSINESS_TZ,
  addDays,
  businessDay,
  formatBusinessTime,
  inTransaction,
  isConnectionLost,
  nextMonthStart,
  sleep,
  slicesFor,
  withRetry
} from "./chunk-MXRYIYM3.js";
import {
  TongbuError,
  describeError,
  findConnector,
  nodeCron,
  settingsOf,
  withEnv
} from "./chunk-TJ5FBCIB.js";
import {
  __name,
  __toESM
} from "./chunk-RZBAZSCI.js";

// src/chat/sandbox-defaults.ts
var SANDBOX_GROUP_CHAT = "oc_sandbox_group";
var SANDBOX_BITABLE_APP = "bascnSandboxTongbu";
var SANDBOX_ADMIN_OPEN_ID = "ou_sandbox_user";
function feishuSandboxed(config) {
  return !config.FEISHU_APP_ID && config.SANDBOX !== "off";
}
__name(feishuSandboxed, "feishuSandboxed");
function withFeishuSandboxDefaults(config) {
  if (!feishuSandboxed(config)) return config;
  return {
    ...config,
    FEISHU_NOTIFY_CHAT_IDS: config.FEISHU_NOTIFY_CHAT_IDS.length ? config.FEISHU_NOTIFY_CHAT_IDS : [SANDBOX_GROUP_CHAT],
    BITABLE_APP_TOKEN: config.BITABLE_APP_TOKEN ?? SANDBOX_BITABLE_APP,
    FEISHU_ADMIN_OPEN_IDS: config.FEISHU_ADMIN_OPEN_IDS.length ? config.FEISHU_ADMIN_OPEN_IDS : [SANDBOX_ADMIN_OPEN_ID]
  };
}
__name(withFeishuSandboxDefaults, "withFeishuSandboxDefaults");

// src/mirror/quota-pause.ts
var QUOTA_CODE = 99991403;
var QUOTA_ALERT_KEY = "feishu-quota";
var QuotaExhausted = class extends Error {
  constructor(error) {
    super("this month's Feishu API quota is used up");
    this.error = error;
    this.name = "QuotaExhausted";
  }
  error;
  static {
    __name(this, "QuotaExhausted");
  }
};
function stopOnQuota(e) {
  if (e instanceof BitableApiError && e.code === QUOTA_CODE) throw new QuotaExhausted(e);
}
__name(stopOnQuota, "stopOnQuota");
var QuotaPause = class {
  constructor(now) {
    this.now = now;
  }
  now;
  static {
    __name(this, "QuotaPause");
  }
  until;
  /** True while no call should be made. */
  get active() {
    return this.until !== void 0 && this.now() < this.until;
  }
  /** Pause until the quota resets; the error to alert with. */
  begin() {
    this.until = nextMonthStart(this.now());
    return new TongbuError("FEISHU_QUOTA_EXCEEDED", `The Bitable mirror makes no calls until ${formatBusinessTime(this.until)} (Asia/Shanghai), when the quota resets.`);
  }
  /** A pass ran without meeting the quota: true when that ended a pause. */
  end() {
    const was = this.until !== void 0;
    this.until = void 0;
    return was;
  }
};

// src/mirror/status.ts
async function getMirrorStatus(services) {
  const mappings = mappingsOf(services, services.bitable);
  const enabled = mappings.some((m) => m.enabled && baseOf(m, services.config));
  const byKind = {};
  for (const v of (await services.metrics.feishuCalls.get()).values) {
    const kind = String(v.labels.kind ?? "");
    if (kind.startsWith("bitable.")) byKind[kind] = (byKind[kind] ?? 0) + v.value;
  }
  const total = Object.values(byKind).reduce((a, b) => a + b, 0);
  const names = mappings.map((m) => m.name);
  const outbox = await services.pool.query(
    `SELECT mapping, count(*)::int AS pending, count(*) FILTER (WHERE attempts > 0 AND NOT parked)::int AS failing,
       count(*) FILTER (WHERE parked)::int AS parked, max(last_error) AS last_error
     FROM bitable_outbox WHERE mapping = ANY($1::text[]) GROUP BY mapping`,
    [names]
  );
  const records = await services.pool.query(
    `SELECT mapping, count(*)::int AS n, max(updated_at) AS last FROM bitable_records WHERE mapping = ANY($1::text[]) GROUP BY mapping`,
    [names]
  );
  const batches = await services.pool.query(
    `SELECT mapping, count(*)::int AS n FROM bitable_batches WHERE mapping = ANY($1::text[]) GROUP BY mapping`,
    [names]
  );
  const quota = enabled ? (await services.pool.query(`SELECT first_at FROM notify_alerts WHERE key = $1 AND resolved_at IS NULL`, [QUOTA_ALERT_KEY])).rows[0] : void 0;
  return {
    enabled,
    state: !enabled ? "off: BITABLE_APP_TOKEN not set" : quota ? `paused until ${formatBusinessTime(nextMonthStart(quota.first_at))}: this month's Feishu API quota is used up` : "on",
    calls: { total, byKind },
    tables: mappings.map((m) => {
      const o = outbox.rows.find((r) => r.mapping === m.name);
      const rec = records.rows.find((r) => r.mapping === m.name);
      return {
        mapping: m.name,
        source: m.source,
        table: m.table,
        enabled: m.enabled,
        pending: o?.pending ?? 0,
        failing: o?.failing ?? 0,
        parked: o?.parked ?? 0,
        unconfirmedBatches: batches.rows.find((r) => r.mapping === m.name)?.n ?? 0,
        recordsMapped: rec?.n ?? 0,
        lastWrite: rec?.last ?? null,
        lastError: o?.last_error ?? null
      };
    })
  };
}
__name(getMirrorStatus, "getMirrorStatus");

// src/mirror/wiring.ts
function mappingsOfConnector(services, connector) {
  const c = connector.toLowerCase();
  const decl = services.connectors?.find((d) => d.name === c || d.aliases?.some((a) => a.toLowerCase() === c));
  const declared = new Set((decl?.mirror ?? []).map((m) => m.name));
  return mappingsOf(services, services.bitable).filter(
    (m) => m.enabled && m.dateColumn && baseOf(m, services.config) && (declared.has(m.name) || m.name === c || m.source === c || m.aliases.some((a) => a.toLowerCase() === c))
  );
}
__name(mappingsOfConnector, "mappingsOfConnector");
function createForceResyncHook(services) {
  return async (connector, window) => {
    if (!services.bitable) return;
    const maps = mappingsOfConnector(services, connector);
    if (!maps.length) return;
    const last = businessDay(window.to);
    for (let day = businessDay(window.from); day <= last; day = addDays(day, 1)) {
      for (const m of maps) await resendDay(services, m, day);
    }
  };
}
__name(createForceResyncHook, "createForceResyncHook");
var mirrorStatusSection = /* @__PURE__ */ __name(async (services) => {
  const s = await getMirrorStatus(services);
  const lines = [`state: ${s.state}`, `Bitable API calls (this process): ${s.calls.total}`];
  for (const t of s.tables.filter((x) => x.enabled)) {
    lines.push(
      `${t.table} \u2190 ${t.source}: ${t.recordsMapped} records, ${t.pending} waiting` + (t.failing ? `, ${t.failing} failing` : "") + (t.parked ? `, ${t.parked} parked (table full)` : "") + (t.lastWrite ? `, last write ${formatBusinessTime(t.lastWrite)}` : "")
    );
  }
  return { title: "Bitable mirror", lines };
}, "mirrorStatusSection");

// src/engine/connector-mode.ts
async function resolveConnectorMode(decl, config, log, index = 0, opts = {}) {
  const settings = settingsOf(decl, config);
  const setup = decl.setup(settings);
  const wantSandbox = config.SANDBOX === "on" || config.SANDBOX === "auto" && !setup.configured;
  if (!wantSandbox) {
    if (!setup.configured) {
      const reason = `${decl.title} (${decl.name}) is disabled: no credentials and SANDBOX=off`;
      log.warn(reason);
      return { mode: "disabled", reason, baseUrl: setup.realBaseUrl, config, settings, accounts: [] };
    }
    return { mode: "live", baseUrl: setup.baseUrl ?? setup.realBaseUrl, config, settings, accounts: setup.accounts };
  }
  if (!decl.emulator) {
    const reason = `${decl.title} (${decl.name}) has no credentials and no emulator: disabled`;
    log.warn(reason);
    return { mode: "disabled", reason, baseUrl: setup.realBaseUrl, config, settings, accounts: [] };
  }
  if (opts.withEmulators === false) return { mode: "sandbox", baseUrl: setup.realBaseUrl, config, settings, accounts: setup.accounts };
  const start = await decl.emulator();
  const emulator = await start(config, { port: config.SANDBOX_PORT ? config.SANDBOX_PORT + 1 + index : 0, log });
  const effective = withEnv(config, emulator.env);
  const effectiveSettings = settingsOf(decl, effective);
  log.info(`${decl.title} (${decl.name}): no credentials configured, using the built-in emulator at ${emulator.baseUrl} (sandbox mode)`);
  return {
    mode: "sandbox",
    baseUrl: emulator.baseUrl,
    config: effective,
    settings: effectiveSettings,
    accounts: decl.setup(effectiveSettings).accounts,
    close: /* @__PURE__ */ __name(() => emulator.close(), "close")
  };
}
__name(resolveConnectorMode, "resolveConnectorMode");

// src/engine/runtime.ts
async function partitionsOf(rt) {
  if (rt.mode === "disabled") return [];
  return rt.decl.partitions ? rt.decl.partitions(rt.context) : rt.accounts.map((id) => ({ id }));
}
__name(partitionsOf, "partitionsOf");
function scheduleStreams(rt, s) {
  if (!s.streams) return void 0;
  const all = rt.decl.streams.map((st) => st.name);
  return s.streams.length === all.length && all.every((n) => s.streams?.includes(n)) ? void 0 : s.streams;
}
__name(scheduleStreams, "scheduleStreams");

// src/engine/job-claims.ts
var KEEP_DAYS = 30;
async function claimJob(pool, job, at) {
  const minute = new Date(Math.floor(at.getTime() / 6e4) * 6e4);
  const r = await pool.query(`INSERT INTO job_claims (job, scheduled_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING job`, [job, minute]);
  await pool.query(`DELETE FROM job_claims WHERE scheduled_at < now() - make_interval(days => $1)`, [KEEP_DAYS]);
  return r.rowCount === 1;
}
__name(claimJob, "claimJob");

// src/engine/credential-checks.ts
var DEFAULT_CREDENTIALS_CHECK_CRON = "0 9 * * *";
function credentialsCheckCron(rt) {
  const c = rt.decl.credentials;
  if (!c?.check || rt.mode === "disabled") return void 0;
  const expr = c.checkCron ?? DEFAULT_CREDENTIALS_CHECK_CRON;
  if (!nodeCron.validate(expr)) throw new TongbuError("CONFIG_INVALID", `${rt.decl.name}: credentials.checkCron "${expr}" is not a cron expression node-cron accepts`);
  return expr;
}
__name(credentialsCheckCron, "credentialsCheckCron");
async function runCredentialsCheck(deps, rt, at) {
  const check = rt.decl.credentials?.check;
  const connector = rt.decl.name;
  if (!check || rt.mode === "disabled") return { connector, claimed: false };
  if (!await claimJob(deps.pool, `credentials-check:${connector}`, at)) {
    deps.log.debug({ connector }, "credentials check already claimed for this minute");
    return { connector, claimed: false };
  }
  try {
    const report = await check({ ...rt.context, notifier: deps.notifier, requestedBy: "schedule" });
    deps.log.info({ connector, ok: report.ok, title: report.title }, "credentials checked");
    return { connector, claimed: true, report };
  } catch (e) {
    const error = describeError(e).message;
    deps.log.error({ connector, err: error }, "credentials check failed");
    return { connector, claimed: true, error };
  }
}
__name(runCredentialsCheck, "runCredentialsCheck");

// src/engine/scheduler.ts
var MAX_CATCH_UP_DAYS = 92;
var Scheduler = class {
  constructor(deps) {
    this.deps = deps;
  }
  deps;
  static {
    __name(this, "Scheduler");
  }
  cronTasks = /* @__PURE__ */ new Map();
  async stop() {
    for (const t of this.cronTasks.values()) await t.destroy();
    this.cronTasks.clear();
  }
  start() {
    for (const rt of this.deps.runtimes.values()) {
      if (rt.mode === "disabled") continue;
      for (const sch of rt.schedules) {
        const task = nodeCron.schedule(
          sch.cron,
          async (ctx) => {
            await this.tick(rt, ctx.triggeredAt ?? /* @__PURE__ */ new Date(), sch).catch((e) => this.deps.log.error({ err: e, connector: rt.decl.name, schedule: sch.name }, "scheduled tick failed"));
          },
          { timezone: BUSINESS_TZ, name: `sync:${rt.decl.name}:${sch.name}`, noOverlap: true }
        );
        this.cronTasks.set(`${rt.decl.name}:${sch.name}`, task);
        this.deps.log.info({ connector: rt.decl.name, schedule: sch.name, cron: sch.cron, mode: rt.mode }, "schedule armed");
      }
      const checkCron = credentialsCheckCron(rt);
      if (checkCron) {
        const task = nodeCron.schedule(
          checkCron,
          async (ctx) => {
            await this.deps.checkCredentials(rt.decl.name, ctx.triggeredAt ?? /* @__PURE__ */ new Date()).catch((e) => this.deps.log.error({ err: e, connector: rt.decl.name }, "credentials check tick failed"));
          },
          { timezone: BUSINESS_TZ, name: `credentials:${rt.decl.name}`, noOverlap: true }
        );
        this.cronTasks.set(`${rt.decl.name}:credentials`, task);
        this.deps.log.info({ connector: rt.decl.name, cron: checkCron }, "credentials check armed");
      }
    }
  }
  /** A schedule whose streams never completed a scheduled run gets one now, not at its next tick. */
  async firstRuns() {
    for (const rt of this.deps.runtimes.values()) {
      if (rt.mode === "disabled") continue;
      for (const sch of rt.schedules) {
        if (sch.catchUp === false) continue;
        const streams = sch.streams ?? rt.decl.streams.map((st) => st.name);
        const r = await this.deps.pool.query(`SELECT 1 FROM sync_cursors WHERE connector = $1 AND stream = ANY($2::text[]) LIMIT 1`, [rt.decl.name, streams]);
        if (r.rowCount) continue;
        this.deps.log.info({ connector: rt.decl.name, schedule: sch.name }, "never synced on schedule: queueing a first run now");
        await this.tick(rt, /* @__PURE__ */ new Date(), sch).catch((e) => this.deps.log.error({ err: e, connector: rt.decl.name }, "first run could not be queued"));
      }
    }
  }
  /** One scheduled tick: queue the schedule's window for every partition, unless the task is STOPPED. */
  async tick(rt, at, schedule = rt.schedules[0]) {
    if (await isStopped(this.deps.pool, rt.decl.name)) {
      this.deps.log.info({ connector: rt.decl.name }, "task is STOPPED: scheduled run skipped");
      return [];
    }
    const tickAt = new Date(Math.floor(at.getTime() / 6e4) * 6e4);
    const out = [];
    const streams = scheduleStreams(rt, schedule);
    for (const p of await partitionsOf(rt)) {
      const window = await this.scheduledWindow(rt, p.id, tickAt, schedule);
      out.push(...await this.deps.enqueue({ connector: rt.decl.name, account: p.id, window, kind: "schedule", trigger: "schedule", requestedAt: tickAt, streams }));
    }
    return out;
  }
  /**
   * The schedule's window: its first window when its streams never synced, else its window,
   * widened back to the oldest of its streams' cursors after downtime (unless it opts out).
   */
  async scheduledWindow(rt, account, at, schedule = rt.schedules[0]) {
    const w = schedule.window(at);
    if (schedule.catchUp === false) return w;
    const streams = schedule.streams ?? rt.decl.streams.map((st) => st.name);
    const r = await this.deps.pool.query(
      `SELECT min(synced_to) AS synced_to, count(*)::int AS n FROM sync_cursors WHERE connector = $1 AND account = $2 AND stream = ANY($3::text[])`,
      [rt.decl.name, account, streams]
    );
    const row = r.rows[0];
    if (!row?.n && schedule.firstWindow) return schedule.firstWindow(at);
    const cursor = row?.synced_to;
    const floor = at.getTime() - MAX_CATCH_UP_DAYS * 864e5;
    if (cursor && cursor < w.from && cursor.getTime() > floor) return { from: cursor, to: w.to };
    return w;
  }
  /** The connector's next scheduled run (the soonest of its schedules). */
  nextRunAt(connector) {
    const rt = this.deps.runtimes.get(connector);
    if (!rt || rt.mode === "disabled") return void 0;
    let next;
    for (const sch of rt.schedules) {
      const at = this.nextTick(rt, sch);
      if (at && (!next || at < next)) next = at;
    }
    return next;
  }
  nextTick(rt, sch) {
    const armed = this.cronTasks.get(`${rt.decl.name}:${sch.name}`);
    if (armed) return armed.getNextRun() ?? void 0;
    const probe = nodeCron.createTask(sch.cron, () => void 0, { timezone: BUSINESS_TZ });
    try {
      const t = new Date(Math.floor(Date.now() / 6e4) * 6e4 + 6e4);
      const minutes = plainMinutes(sch.cron);
      const shift = minutes ? (Number(new Intl.DateTimeFormat("en-US", { timeZone: BUSINESS_TZ, minute: "numeric" }).format(t)) - t.getUTCMinutes() + 60) % 60 : 0;
      for (let i = 0; i < 8 * 24 * 60; i++, t.setTime(t.getTime() + 6e4)) {
        if (minutes && !minutes.has((t.getUTCMinutes() + shift) % 60)) continue;
        if (probe.match(t)) return new Date(t);
      }
      return void 0;
    } finally {
      void probe.destroy();
    }
  }
};
function plainMinutes(expression) {
  const fields = expression.trim().split(/\s+/);
  const field2 = fields.length === 6 ? fields[1] : fields[0];
  if (!field2 || !/^\d+(,\d+)*$/.test(field2)) return void 0;
  return new Set(field2.split(",").map(Number));
}
__name(plainMinutes, "plainMinutes");

// src/engine/jobs.ts
var SYNC_QUEUE = "tongbu-sync";
async function startBoss(url, log) {
  const { default: PgBoss } = await import("pg-boss");
  const boss = new PgBoss({ connectionString: url, schema: "pgboss", max: 4, supervise: true, schedule: false, application_name: "tongbu-jobs" });
  boss.on("error", (e) => {
    const code = e?.code;
    if (typeof code === "string" && /^57P0[123]$/.test(code)) log.warn({ err: e }, "job queue lost its database connection (PostgreSQL stopping or restarting); it reconnects");
    else log.error({ err: e }, "job queue error");
  });
  await boss.start();
  await boss.createQueue(SYNC_QUEUE, {
    name: SYNC_QUEUE,
    policy: "stately",
    // A run killed with its process is retried after the job expires, resuming at its checkpoint.
    retryLimit: 3,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 2 * 3600
  });
  return boss;
}
__name(startBoss, "startBoss");
async function jobPending(boss, key) {
  const db = boss.getDb();
  const r = await db.executeSql(
    `SELECT 1 FROM pgboss.job WHERE name = $1 AND singleton_key = $2 AND state IN ('created', 'retry', 'active') LIMIT 1`,
    [SYNC_QUEUE, key]
  );
  return r.rows.length > 0;
}
__name(jobPending, "jobPending");

// src/engine/interrupted-runs.ts
async function markInterrupted(pool, run) {
  return inTransaction(pool, async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [run.run_key]);
    const now = (await tx.query(`SELECT * FROM sync_runs WHERE id = $1`, [run.id])).rows[0];
    if (now?.status !== "running" || await runOwnerAlive(tx, run.id)) return void 0;
    const r = await tx.query(
      `UPDATE sync_runs SET status = 'interrupted', interruptions = interruptions + 1, last_interrupted_at = now(),
              error_code = 'RUN_INTERRUPTED', error_message = 'the process running it stopped (killed or lost); resumed from its checkpoint'
        WHERE id = $1 RETURNING *`,
      [run.id]
    );
    return r.rows[0];
  });
}
__name(markInterrupted, "markInterrupted");
async function resumeInterruptedRuns(deps, key) {
  const running = (await deps.pool.query(`SELECT * FROM sync_runs WHERE status = 'running' ${key ? "AND run_key = $1" : ""} ORDER BY id`, key ? [key] : [])).rows;
  const queued = [];
  for (const run of running) {
    const marked = await markInterrupted(deps.pool, run);
    if (!marked) continue;
    deps.log.warn({ run: run.id, key: run.run_key, interruptions: marked.interruptions }, "run interrupted: its owner is gone; resuming it from its checkpoint");
    if (run.run_key.includes("#") || !deps.canRun(run.connector)) continue;
    await requeue(deps, run, `SELECT id FROM pgboss.job WHERE name = $1 AND singleton_key = $2 AND state = 'active'`);
    queued.push(run.run_key);
  }
  for (const run of await lostRetries(deps.pool, key)) {
    if (!deps.canRun(run.connector)) continue;
    deps.log.warn({ run: run.id, key: run.run_key }, "run failed while the database was away and its retry was not recorded; resuming it from its checkpoint");
    await requeue(deps, run, `SELECT id FROM pgboss.job WHERE name = $1 AND singleton_key = $2 AND state = 'active' AND started_on < $3`, [run.finished_at]);
    queued.push(run.run_key);
  }
  const orphans = await deps.pool.query(
    `SELECT j.id FROM pgboss.job j
       JOIN LATERAL (SELECT status, finished_at FROM sync_runs r WHERE r.run_key = j.singleton_key ORDER BY id DESC LIMIT 1) r ON true
      WHERE j.name = $1 AND j.state = 'active' AND r.status = 'succeeded' AND j.started_on < r.finished_at ${key ? "AND j.singleton_key = $2" : ""}`,
    key ? [SYNC_QUEUE, key] : [SYNC_QUEUE]
  );
  for (const j of orphans.rows) await deps.boss.complete(SYNC_QUEUE, j.id).catch(() => void 0);
  return queued;
}
__name(resumeInterruptedRuns, "resumeInterruptedRuns");
async function lostRetries(pool, key) {
  const r = await pool.query(
    `SELECT r.* FROM sync_runs r
      WHERE r.status = 'failed' AND r.error_code = 'DB_UNREACHABLE' AND position('#' in r.run_key) = 0 ${key ? "AND r.run_key = $2" : ""}
        AND r.id = (SELECT max(id) FROM sync_runs l WHERE l.run_key = r.run_key)
        AND NOT EXISTS (SELECT 1 FROM pgboss.job j WHERE j.name = $1 AND j.singleton_key = r.run_key
                         AND (j.state IN ('created', 'retry') OR (j.state = 'active' AND j.started_on >= r.finished_at)))
      ORDER BY r.id`,
    key ? [SYNC_QUEUE, key] : [SYNC_QUEUE]
  );
  return r.rows;
}
__name(lostRetries, "lostRetries");
async function requeue(deps, run, staleSql, extra = []) {
  const stale = await deps.boss.getDb().executeSql(staleSql, [SYNC_QUEUE, run.run_key, ...extra]);
  for (const j of stale.rows) await deps.boss.complete(SYNC_QUEUE, j.id, { interrupted: true }).catch(() => void 0);
  await deps.send({
    connector: run.connector,
    account: run.account,
    kind: run.trigger === "schedule" ? "schedule" : "backfill",
    trigger: run.trigger,
    from: run.window_from.toISOString(),
    to: run.window_to.toISOString(),
    key: run.run_key,
    requestedAt: (/* @__PURE__ */ new Date()).toISOString(),
    requestedBy: run.requested_by ?? void 0,
    streams: run.streams ?? void 0
  });
}
__name(requeue, "requeue");

// src/engine/copy-stage.ts
var import_pg_copy_streams = __toESM(require_pg_copy_streams(), 1);
import { once } from "node:events";
import { createHash } from "node:crypto";
var ident = /* @__PURE__ */ __name((name) => `"${name.replace(/"/g, '""')}"`, "ident");
function stagingName(t) {
  return ident(`tongbu_stage_${t.table}`.slice(0, 63));
}
__name(stagingName, "stagingName");
function copyText(v) {
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => c === "\\" ? "\\\\" : c === "	" ? "\\t" : c === "\n" ? "\\n" : "\\r") : v;
}
__name(copyText, "copyText");
function jsonText(v) {
  try {
    return JSON.stringify(v);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    return JSON.stringify(v, (_k, x) => typeof x === "bigint" ? x.toString() : x);
  }
}
__name(jsonText, "jsonText");
function field(type, v) {
  if (v === null || v === void 0) return "\\N";
  if (type === "json" || type === "jsonb") {
    const s = jsonText(v);
    return s.includes("\\") ? s.replace(/\\/g, "\\\\") : s;
  }
  switch (typeof v) {
    case "string":
      return copyText(v);
    case "number":
    case "bigint":
      return String(v);
    case "boolean":
      return type === "boolean" ? v ? "t" : "f" : String(v);
    default:
      if (v instanceof Date) return v.toISOString();
      return copyText(jsonText(v));
  }
}
__name(field, "field");
function copyPayload(t, rows) {
  const cols = t.columns;
  let buf = Buffer.allocUnsafe(64 * 1024);
  let at = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    let line = "";
    for (let j = 0; j < cols.length; j++) {
      const c = cols[j];
      line += (j ? "	" : "") + field(c.type, r[c.name]);
    }
    line += "\n";
    if (at + line.length * 3 > buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(buf.length * 2, at + line.length * 3));
      buf.copy(grown, 0, 0, at);
      buf = grown;
    }
    at += buf.write(line, at);
  }
  return buf.subarray(0, at);
}
__name(copyPayload, "copyPayload");
async function stageRows(client, t, rows) {
  const stage = stagingName(t);
  const names = t.columns.map((c) => ident(c.name)).join(", ");
  const create = `CREATE TEMP TABLE IF NOT EXISTS ${stage} ON COMMIT DELETE ROWS AS SELECT ${names} FROM ${ident(t.table)} WITH NO DATA`;
  const copy = client.query((0, import_pg_copy_streams.from)(`${create}; COPY ${stage} (${names}) FROM STDIN`));
  const done = Promise.race([once(copy, "finish"), once(copy, "error").then(([e]) => Promise.reject(e))]);
  copy.end(copyPayload(t, rows));
  await done;
  return stage;
}
__name(stageRows, "stageRows");
function statementName(sql) {
  return `tongbu_${createHash("sha1").update(sql).digest("hex").slice(0, 20)}`;
}
__name(statementName, "statementName");

// src/engine/loader.ts
var emptyCounts = /* @__PURE__ */ __name(() => ({ inserted: 0, updated: 0, unchanged: 0, deleted: 0 }), "emptyCounts");
function addCounts(a, b) {
  return { inserted: a.inserted + b.inserted, updated: a.updated + b.updated, unchanged: a.unchanged + b.unchanged, deleted: a.deleted + b.deleted };
}
__name(addCounts, "addCounts");
function differsSql(a, b, cols) {
  const typed = cols.filter((c) => c.type !== "json");
  const parts = [];
  if (typed.length) parts.push(`(${typed.map((c) => `${a}.${ident(c.name)}`).join(", ")}) IS DISTINCT FROM (${typed.map((c) => `${b}.${ident(c.name)}`).join(", ")})`);
  for (const c of cols.filter((x) => x.type === "json")) {
    const n = ident(c.name);
    parts.push(`(${a}.${n}::text IS DISTINCT FROM ${b}.${n}::text AND ${a}.${n}::jsonb IS DISTINCT FROM ${b}.${n}::jsonb)`);
  }
  return parts.length ? `(${parts.join(" OR ")})` : "false";
}
__name(differsSql, "differsSql");
function keyOf(row, pk) {
  return pk.map((k) => String(row[k])).join("");
}
__name(keyOf, "keyOf");
function lastPerKey(rows, pk) {
  const byKey = /* @__PURE__ */ new Map();
  for (const r of rows) byKey.set(keyOf(r, pk), r);
  return byKey.size === rows.length ? rows : [...byKey.values()];
}
__name(lastPerKey, "lastPerKey");
function shapeOf(t, extra = "") {
  return JSON.stringify([t.table, t.primaryKey, t.columns, t.volatileColumns ?? [], t.syncedAt ?? true, extra]);
}
__name(shapeOf, "shapeOf");
var statements = /* @__PURE__ */ new Map();
function statement(shape, build) {
  let s = statements.get(shape);
  if (!s) {
    const text = build();
    s = { text, name: statementName(text) };
    statements.set(shape, s);
  }
  return s;
}
__name(statement, "statement");
function upsertSql(t, stage) {
  const cols = t.columns.map((c) => ident(c.name));
  const compared = comparedColumns(t);
  const set = t.columns.filter((c) => !t.primaryKey.includes(c.name)).map((c) => `${ident(c.name)} = EXCLUDED.${ident(c.name)}`);
  const touchSyncedAt = t.syncedAt !== false && !t.columns.some((c) => c.name === "synced_at");
  const onConflict = compared.length ? `DO UPDATE SET ${[...set, ...touchSyncedAt ? ["synced_at = now()"] : []].join(", ")}
    WHERE ${differsSql("t", "EXCLUDED", compared)}` : "DO NOTHING";
  return `WITH r AS (DELETE FROM ${stage} RETURNING *)
    INSERT INTO ${ident(t.table)} AS t (${cols.join(", ")})
    SELECT ${cols.join(", ")} FROM r
    ON CONFLICT (${t.primaryKey.map(ident).join(", ")}) ${onConflict}
    RETURNING (xmax = 0) AS inserted, ${t.primaryKey.map((k) => `t.${ident(k)}`).join(", ")}`;
}
__name(upsertSql, "upsertSql");
function toJsonRows(rows) {
  return jsonText(rows);
}
__name(toJsonRows, "toJsonRows");
async function inTx(client, fn) {
  if (client.getTransactionStatus() !== "I") return fn();
  await client.query("BEGIN");
  try {
    const out = await fn();
    await client.query("COMMIT");
    return out;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => void 0);
    throw e;
  }
}
__name(inTx, "inTx");
async function upsertRows(client, t, rows, hook) {
  if (rows.length === 0) return emptyCounts();
  return inTx(client, () => upsertStaged(client, t, rows, hook));
}
__name(upsertRows, "upsertRows");
async function upsertStaged(client, t, rows, hook) {
  const batch = lastPerKey(rows, t.primaryKey);
  const stage = await stageRows(client, t, batch);
  const sql = statement(shapeOf(t, "upsert"), () => upsertSql(t, stage));
  const res = await client.query({ name: sql.name, text: sql.text });
  const inserted = res.rows.filter((r) => r.inserted).length;
  const updated = res.rows.length - inserted;
  if (hook && res.rows.length) {
    await hook.afterWrite(client, { table: t.table, keys: res.rows.map((r) => Object.fromEntries(t.primaryKey.map((k) => [k, r[k]]))) });
  }
  return { inserted, updated, unchanged: batch.length - res.rows.length, deleted: 0 };
}
__name(upsertStaged, "upsertStaged");
async function replaceSlice(client, t, scope, rows, hook) {
  const counts = await upsertRows(client, t, rows, hook);
  const pkCols = t.primaryKey.map(ident).join(", ");
  const keep = lastPerKey(rows, t.primaryKey).map((r) => t.primaryKey.map((k) => r[k]));
  const pkTypes = t.primaryKey.map((k) => t.columns.find((c) => c.name === k)?.type ?? "text");
  const del = await client.query(
    `DELETE FROM ${ident(t.table)} AS t
      WHERE t.${ident(t.replaceBy.account)} = $1 AND t.${ident(t.replaceBy.day)} = $2::date
        AND (${t.primaryKey.map((k) => `t.${ident(k)}`).join(", ")}) NOT IN (
          SELECT ${t.primaryKey.map((_k, i) => `(k->>${i})::${pkTypes[i]}`).join(", ")} FROM json_array_elements($3::json) AS k)
      RETURNING ${pkCols}`,
    [scope.account, scope.day, JSON.stringify(keep)]
  );
  if (hook && del.rows.length) await hook.afterWrite(client, { table: t.table, keys: del.rows });
  return { ...counts, deleted: del.rows.length };
}
__name(replaceSlice, "replaceSlice");
function comparedColumns(t) {
  return t.columns.filter((c) => !t.primaryKey.includes(c.name) && !(t.volatileColumns ?? []).includes(c.name));
}
__name(comparedColumns, "comparedColumns");
async function changedRows(client, t, rows) {
  if (rows.length === 0) return [];
  const batch = lastPerKey(rows, t.primaryKey);
  const compared = comparedColumns(t);
  const recordset = t.columns.map((c) => `${ident(c.name)} ${c.type}`).join(", ");
  const join = t.primaryKey.map((k) => `t.${ident(k)} = r.${ident(k)}`).join(" AND ");
  const differs = compared.length ? ` OR ${differsSql("t", "r", compared)}` : "";
  const names = t.columns.map((c) => ident(c.name)).join(", ");
  const res = await client.query(
    `SELECT r.i - 1 AS i FROM ROWS FROM (json_to_recordset($1::json) AS (${recordset})) WITH ORDINALITY AS r(${names}, i)
       LEFT JOIN ${ident(t.table)} AS t ON ${join}
      WHERE t.${ident(t.primaryKey[0])} IS NULL${differs}`,
    [toJsonRows(batch)]
  );
  return res.rows.map((r) => batch[r.i]);
}
__name(changedRows, "changedRows");
function sameContent(a, b, cols) {
  return cols.every((c) => JSON.stringify(a[c.name] ?? null) === JSON.stringify(b[c.name] ?? null));
}
__name(sameContent, "sameContent");
async function writeSnapshots(client, t, rows, hook) {
  if (rows.length === 0) return emptyCounts();
  return inTx(client, () => snapshotsStaged(client, t, rows, hook));
}
__name(writeSnapshots, "writeSnapshots");
async function snapshotsStaged(client, t, rows, hook) {
  const compared = comparedColumns(t);
  const { entity, time } = t.snapshot;
  const sorted = [...lastPerKey(rows, t.primaryKey)].sort((a, b) => {
    const ka = keyOf(a, entity);
    const kb = keyOf(b, entity);
    return ka < kb ? -1 : ka > kb ? 1 : String(a[time]) < String(b[time]) ? -1 : 1;
  });
  const batch = [];
  let skipped = 0;
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i];
    const prev = sorted[i - 1];
    if (prev && keyOf(prev, entity) === keyOf(r, entity) && sameContent(prev, r, compared)) skipped++;
    else batch.push(r);
  }
  const stage = await stageRows(client, t, batch);
  const sql = statement(shapeOf(t, `snapshot:${JSON.stringify(t.snapshot)}`), () => {
    const cols = t.columns.map((c) => ident(c.name));
    const set = t.columns.filter((c) => !t.primaryKey.includes(c.name)).map((c) => `${ident(c.name)} = EXCLUDED.${ident(c.name)}`);
    const sameEntity = entity.map((k) => `p.${ident(k)} = r.${ident(k)}`).join(" AND ");
    const samePk = t.primaryKey.map((k) => `x.${ident(k)} = r.${ident(k)}`).join(" AND ");
    return `WITH r AS (DELETE FROM ${stage} RETURNING *)
      INSERT INTO ${ident(t.table)} AS t (${cols.join(", ")})
      SELECT ${cols.map((c) => `r.${c}`).join(", ")} FROM r
       WHERE EXISTS (SELECT 1 FROM ${ident(t.table)} x WHERE ${samePk})
          OR NOT EXISTS (SELECT 1 FROM (SELECT * FROM ${ident(t.table)} p WHERE ${sameEntity} AND p.${ident(time)} < r.${ident(time)}
                                        ORDER BY p.${ident(time)} DESC LIMIT 1) prev WHERE NOT ${differsSql("prev", "r", compared)})
      ON CONFLICT (${t.primaryKey.map(ident).join(", ")}) DO UPDATE SET ${set.join(", ")}
      WHERE ${differsSql("t", "EXCLUDED", compared)}
      RETURNING (xmax = 0) AS inserted, ${t.primaryKey.map((k) => `t.${ident(k)}`).join(", ")}`;
  });
  const res = await client.query({ name: sql.name, text: sql.text });
  const inserted = res.rows.filter((r) => r.inserted).length;
  if (hook && res.rows.length) {
    await hook.afterWrite(client, { table: t.table, keys: res.rows.map((r) => Object.fromEntries(t.primaryKey.map((k) => [k, r[k]]))) });
  }
  return { inserted, updated: res.rows.length - inserted, unchanged: skipped + batch.length - res.rows.length, deleted: 0 };
}
__name(snapshotsStaged, "snapshotsStaged");

// src/engine/daily-metrics.ts
var DAILY_OVERVIEW = {
  table: "daily_overview",
  primaryKey: ["day"],
  columns: [
    { name: "day", type: "date" },
    { name: "revenue", type: "numeric" },
    { name: "refunds", type: "numeric" },
    { name: "ad_spend", type: "numeric" },
    { name: "orders", type: "integer" },
    { name: "roi", type: "numeric" },
    { name: "missing_rates", type: "text" }
  ]
};
function windowDays(w) {
  const days = [];
  for (let d = businessDay(w.from), last = businessDay(w.to); d <= last; d = addDays(d, 1)) days.push(d);
  return days;
}
__name(windowDays, "windowDays");
async function refreshDailyMetrics(deps, decl, account, window) {
  if (!decl.dailyMetrics) return 0;
  const days = windowDays(window);
  return inTransaction(deps.pool, async (tx) => {
    await tx.query(`DELETE FROM daily_metrics WHERE platform = $3 AND account = $2 AND day = ANY($1::date[])`, [days, account, decl.name]);
    const ins = await tx.query(
      `INSERT INTO daily_metrics (day, platform, account, metric, value, currency)
       SELECT m.day, $3, m.account, m.metric, m.value, coalesce(m.currency, '')
         FROM (${decl.dailyMetrics?.sql}) AS m(day, account, metric, value, currency)
        WHERE m.value IS NOT NULL`,
      [days, account, decl.name]
    );
    await writeOverview(tx, deps, days[0], days[days.length - 1]);
    return ins.rowCount ?? 0;
  });
}
__name(refreshDailyMetrics, "refreshDailyMetrics");
async function writeOverview(tx, deps, from, to) {
  const rates = await loadRates(tx, deps.config);
  await upsertRows(tx, DAILY_OVERVIEW, overviewRows(await overviewDays(tx, rates, from, to)), deps.hook);
}
__name(writeOverview, "writeOverview");
async function refreshOverview(deps, days) {
  if (!days.length) return;
  const sorted = [...days].sort();
  await inTransaction(deps.pool, (tx) => writeOverview(tx, deps, sorted[0], sorted[sorted.length - 1]));
}
__name(refreshOverview, "refreshOverview");

// src/engine/rate-budget.ts
function createRateBudget(pool) {
  let calls = 0;
  return {
    async take(key, perSecond, signal) {
      for (; ; ) {
        if (signal?.aborted) throw signal.reason ?? new Error("aborted");
        const now = Date.now();
        const second = Math.floor(now / 1e3);
        const r = await pool.query(
          `INSERT INTO rate_budget (key, second, used) VALUES ($1, $2, 1)
           ON CONFLICT (key, second) DO UPDATE SET used = rate_budget.used + 1 WHERE rate_budget.used < $3
           RETURNING used`,
          [key, second, perSecond]
        );
        if (++calls % 1e3 === 0) await pool.query(`DELETE FROM rate_budget WHERE second < $1`, [second - 60]).catch(() => void 0);
        if (r.rowCount) return;
        await sleep((second + 1) * 1e3 - now + 1, signal);
      }
    }
  };
}
__name(createRateBudget, "createRateBudget");

// src/engine/runner.ts
import { setMaxListeners } from "node:events";

// src/engine/derived-after-slice.ts
var HOOK_BATCH = 5e3;
async function afterWriteInChunks(tx, hook, change) {
  for (let i = 0; i < change.keys.length; i += HOOK_BATCH) await hook.afterWrite(tx, { table: change.table, keys: change.keys.slice(i, i + HOOK_BATCH) });
}
__name(afterWriteInChunks, "afterWriteInChunks");
function sliceFollowers(deps, connector, account, rlog, slicesPerStream) {
  const rows = /* @__PURE__ */ new Map();
  const succeeded = /* @__PURE__ */ new Map();
  let queue = Promise.resolve();
  return {
    sliceDone(stream, slice) {
      for (const d of connector.derived ?? []) {
        const afterSlice = d.afterSlice;
        if (!afterSlice || !d.after.includes(stream)) continue;
        queue = queue.then(async () => {
          try {
            const done = await inTransaction(deps.pool, async (tx) => {
              const r = await afterSlice(tx, { account, stream, slice, now: /* @__PURE__ */ new Date(), settings: deps.context.settings, context: deps.context });
              if (deps.hook) for (const change of r.changed ?? []) await afterWriteInChunks(tx, deps.hook, change);
              return r;
            }, { synchronousCommit: false });
            rows.set(d.name, (rows.get(d.name) ?? 0) + done.rows);
            succeeded.set(d.name, (succeeded.get(d.name) ?? 0) + 1);
          } catch (e) {
            rlog.warn({ derived: d.name, code: describeError(e).code }, `derived table ${d.name}: a slice's early work failed (${describeError(e).message}); the refresh after the run does it`);
          }
        });
      }
    },
    async settle() {
      await queue;
      const out = /* @__PURE__ */ new Map();
      for (const d of connector.derived ?? []) {
        if (!d.afterSlice) continue;
        const expected = d.after.reduce((n, stream) => n + (slicesPerStream.get(stream) ?? 0), 0);
        out.set(d.name, { rows: rows.get(d.name) ?? 0, covered: expected > 0 && succeeded.get(d.name) === expected });
      }
      return out;
    }
  };
}
__name(sliceFollowers, "sliceFollowers");

// src/engine/runner.ts
var StopRun = class extends Error {
  constructor(reason) {
    super(reason);
    this.reason = reason;
  }
  reason;
  static {
    __name(this, "StopRun");
  }
};
async function executeRun(deps, req) {
  const { pool, log, metrics, connector } = { ...deps, connector: req.connector };
  if (await isStopped(pool, connector.name)) throw new TongbuError("TASK_STOPPED", connector.name);
  const streams = connector.streams.filter((st) => !req.streams || req.streams.includes(st.name));
  const claim = await claimRun(pool, {
    connector: connector.name,
    account: req.account,
    streams: req.streams,
    trigger: req.trigger,
    key: req.key,
    window: req.window,
    requestedBy: req.requestedBy,
    requestedAt: req.requestedAt
  });
  if ("skipped" in claim) return { status: "skipped", reason: claim.skipped, run: claim.run };
  const run = claim.run;
  let connectionLost;
  void claim.lock.lost.then((e) => connectionLost = e);
  const rlog = log.child({ run: run.id, connector: connector.name, account: req.account });
  const slicesOf = new Map(streams.map((st) => [st.name, slicesFor(req.window, st.slice)]));
  const followers = sliceFollowers(deps, connector, req.account, rlog, new Map([...slicesOf].map(([name, list]) => [name, list.length])));
  const slicesTotal = [...slicesOf.values()].reduce((n, list) => n + list.length, 0);
  const budget = deps.rateBudget ?? createRateBudget(pool);
  const started = Date.now();
  rlog.info({ from: req.window.from, to: req.window.to, slices: slicesTotal, resumed: claim.resumed }, "sync run started");
  let counts = emptyCounts();
  let slicesDone = 0;
  let pages = 0;
  const beat = setInterval(() => {
    pool.query(`UPDATE sync_runs SET heartbeat_at = now() WHERE id = $1`, [run.id]).catch(() => void 0);
    heartbeat(pool, connector.name).catch(() => void 0);
  }, 15e3);
  beat.unref();
  const partition = req.partition ?? { id: req.account };
  const client = connector.createClient(deps.context, partition);
  const signal = deps.signal ?? new AbortController().signal;
  setMaxListeners(0, signal);
  let renewing;
  let renewedAt = 0;
  const renewAuth = /* @__PURE__ */ __name((requestStartedAt) => {
    if (renewing) return renewing;
    if (renewedAt >= requestStartedAt) return Promise.resolve();
    renewing = client.refreshAuth().finally(() => {
      renewedAt = Date.now();
      renewing = void 0;
    });
    return renewing;
  }, "renewAuth");
  const retried = /* @__PURE__ */ __name((what, fn) => {
    let startedAt = 0;
    return withRetry(
      () => {
        startedAt = Date.now();
        return fn();
      },
      deps.retry,
      {
        refreshAuth: /* @__PURE__ */ __name(() => renewAuth(startedAt), "refreshAuth"),
        onError: /* @__PURE__ */ __name((e, attempt) => {
          if (deps.signal?.aborted) return;
          metrics.apiErrors.inc({ connector: connector.name, class: e.kind });
          rlog.warn({ kind: e.kind, code: e.info.code, status: e.info.status, attempt, ...what }, `platform answered ${e.kind}: ${e.message}`);
        }, "onError")
      },
      deps.signal
    );
  }, "retried");
  const fetchWithRetry = /* @__PURE__ */ __name((stream, slice, page) => retried({ stream: stream.name, slice: slice.day, page }, () => stream.fetchPage(client, { account: req.account, partition, slice, page }, signal)), "fetchWithRetry");
  const followUps = /* @__PURE__ */ __name(async (stream, rows) => {
    const f = stream.followUp;
    if (!f || !rows.length) return [];
    const todo = await changedRows(pool, stream, rows);
    const limit = f.rateLimit?.(client);
    const out = [];
    let next = 0;
    const worker = /* @__PURE__ */ __name(async () => {
      while (next < todo.length) {
        const row = todo[next++];
        out.push(
          ...await retried({ stream: stream.name, followUp: f.target.table }, async () => {
            if (limit) await budget.take(limit.key, limit.perSecond, signal);
            return f.fetch(client, row, signal);
          })
        );
      }
    }, "worker");
    await Promise.all(Array.from({ length: Math.min(todo.length, limit ? Math.max(1, Math.min(16, limit.perSecond)) : 4) }, worker));
    return out;
  }, "followUps");
  const writePage = /* @__PURE__ */ __name(async (tx, stream, records, rows, details) => {
    let c = stream.mode === "snapshot" ? await writeSnapshots(tx, { ...stream, snapshot: requireSnapshot(stream) }, rows, deps.hook) : await upsertRows(tx, stream, rows, deps.hook);
    for (const child of stream.children ?? []) {
      const childCounts = await upsertRows(tx, child.target, child.toRows(records, { account: req.account, partition, client }), deps.hook);
      c = { ...c, deleted: c.deleted + childCounts.deleted };
    }
    if (stream.followUp && details.length) await upsertRows(tx, stream.followUp.target, details, deps.hook);
    return c;
  }, "writePage");
  let stopping;
  const checkStop = /* @__PURE__ */ __name((taskStopped) => {
    if (stopping) throw stopping;
    if (connectionLost) throw connectionLost;
    let reason;
    if (deps.signal?.aborted) reason = "the service is shutting down";
    else if (deps.afterPage?.(pages)) reason = "stopped after the requested number of pages";
    else if (taskStopped) reason = `the task ${connector.name} was set to STOPPED`;
    if (reason) {
      stopping ??= new StopRun(reason);
      throw stopping;
    }
  }, "checkStop");
  const commitPage = /* @__PURE__ */ __name(async (written, pageCount, sliceFinished, streamName) => {
    counts = addCounts(counts, written);
    pages += pageCount;
    if (sliceFinished) slicesDone += 1;
    for (const result of ["inserted", "updated", "unchanged"]) {
      if (written[result]) metrics.rows.inc({ connector: connector.name, stream: streamName, result }, written[result]);
    }
    deps.onProgress?.({ slicesDone, slicesTotal, pages, counts });
  }, "commitPage");
  try {
    await pool.query(`UPDATE sync_runs SET slices_total = $2, slices_done = 0 WHERE id = $1`, [run.id, slicesTotal]);
    for (const stream of streams) {
      const checkpoints = await loadCheckpoints(pool, run.id, stream.name);
      const pending = [];
      for (const slice of slicesOf.get(stream.name) ?? []) {
        if (checkpoints.get(slice.from.toISOString())?.done) {
          slicesDone += 1;
          await pool.query(`UPDATE sync_runs SET slices_done = slices_done + 1 WHERE id = $1`, [run.id]);
        } else pending.push(slice);
      }
      const runSlice = /* @__PURE__ */ __name(async (slice) => {
        if (stream.mode === "replace") {
          const records = [];
          for (let page2 = 1; ; page2++) {
            const res = await fetchWithRetry(stream, slice, page2);
            records.push(...res.records);
            if (!res.hasMore) break;
          }
          const rows = stream.toRows(records, { account: req.account, partition, client });
          if (!stream.replaceBy) throw new Error(`stream ${stream.name} is mode replace but has no replaceBy`);
          const replaceTarget = { ...stream, replaceBy: stream.replaceBy };
          const { c: written, stopped } = await inTransaction(pool, async (tx) => {
            const c = await replaceSlice(tx, replaceTarget, { account: req.account, day: slice.day }, rows, deps.hook);
            return { c, ...await recordPage(tx, { runId: run.id, task: connector.name, stream: stream.name, slice, page: 1, done: true, counts: c }) };
          });
          await commitPage(written, 1, true, stream.name);
          followers.sliceDone(stream.name, slice);
          checkStop(stopped);
          return;
        }
        let page = (checkpoints.get(slice.from.toISOString())?.last_page ?? 0) + 1;
        let next = fetchWithRetry(stream, slice, page);
        for (; ; ) {
          const res = await next;
          if (res.hasMore) {
            next = fetchWithRetry(stream, slice, page + 1);
            next.catch(() => void 0);
          }
          const rows = stream.toRows(res.records, { account: req.account, partition, client });
          const details = await followUps(stream, rows);
          const finished = !res.hasMore;
          const { c: written, stopped } = await inTransaction(
            pool,
            async (tx) => {
              const c = await writePage(tx, stream, res.records, rows, details);
              return { c, ...await recordPage(tx, { runId: run.id, task: connector.name, stream: stream.name, slice, page, done: finished, counts: c }) };
            },
            { synchronousCommit: false }
          );
          await commitPage(written, 1, finished, stream.name);
          if (finished) followers.sliceDone(stream.name, slice);
          checkStop(stopped);
          if (finished) break;
          page += 1;
        }
      }, "runSlice");
      let firstError;
      const worker = /* @__PURE__ */ __name(async () => {
        while (pending.length && firstError === void 0) {
          const slice = pending.shift();
          try {
            await runSlice(slice);
          } catch (e) {
            firstError ??= e;
            stopping ??= e instanceof StopRun ? e : new StopRun("another slice failed");
          }
        }
      }, "worker");
      await Promise.all(Array.from({ length: Math.max(1, Math.min(deps.sliceConcurrency ?? 1, pending.length)) }, worker));
      if (firstError !== void 0) throw firstError;
    }
    const done = await finishRun(pool, run.id, "succeeded");
    if (req.trigger === "schedule") {
      await pool.query(
        `INSERT INTO sync_cursors (connector, account, stream, synced_to) SELECT $1, $2, unnest($3::text[]), $4
         ON CONFLICT (connector, account, stream) DO UPDATE SET synced_to = GREATEST(sync_cursors.synced_to, EXCLUDED.synced_to), updated_at = now()`,
        [connector.name, req.account, streams.map((st) => st.name), req.window.to]
      );
    }
    const dailyFigures = /* @__PURE__ */ __name(() => refreshDailyMetrics({ pool, config: deps.context.config, hook: deps.hook }, connector, req.account, req.window).catch(
      (e) => rlog.error({ err: describeError(e) }, `daily figures could not be refreshed: ${describeError(e).message}`)
    ), "dailyFigures");
    const derived = refreshDerived(deps, req, streams.map((st) => st.name), rlog, await followers.settle());
    await Promise.all(connector.dailyMetrics?.afterDerived === false ? [derived, dailyFigures()] : [derived.then(dailyFigures)]);
    await heartbeat(pool, connector.name, "succeeded", null);
    metrics.runs.inc({ connector: connector.name, outcome: "succeeded" });
    metrics.lastSuccess.set({ connector: connector.name, stream: "all", account: req.account }, Date.now() / 1e3);
    metrics.runDuration.observe({ connector: connector.name }, (Date.now() - started) / 1e3);
    rlog.info({ ...counts, pages }, "sync run succeeded");
    await deps.notifier?.recover(alertKey(connector.name, req.account), `${connector.title} sync works again (account ${req.account}).`).catch(() => void 0);
    return { status: "succeeded", run: done, counts };
  } catch (caught) {
    const e = !(caught instanceof StopRun) && deps.signal?.aborted ? new StopRun("the service is shutting down") : caught;
    if (e instanceof StopRun) {
      const done2 = await finishRun(pool, run.id, "aborted", { code: "RUN_ABORTED", message: e.reason }).catch(() => run);
      await heartbeat(pool, connector.name, "aborted", e.reason).catch(() => void 0);
      metrics.runs.inc({ connector: connector.name, outcome: "aborted" });
      rlog.warn({ ...counts, pages }, `sync run stopped: ${e.reason}`);
      return { status: "aborted", run: done2, counts, error: new TongbuError("RUN_ABORTED", e.reason) };
    }
    const dbLost = isConnectionLost(e) || connectionLost !== void 0 && !(e instanceof TongbuError);
    const err = e instanceof TongbuError ? e : dbLost ? new TongbuError("DB_UNREACHABLE", `the connection was lost mid-run (${describeError(e).message}); the run resumes from its last checkpoint`, { cause: e }) : new TongbuError("SYNC_PLATFORM_UNAVAILABLE", describeError(e).message, { cause: e });
    if (!(e instanceof TongbuError) && !dbLost) rlog.error({ err: e }, "sync run crashed");
    metrics.runs.inc({ connector: connector.name, outcome: "failed" });
    rlog.error({ code: err.code, ...counts, pages }, `sync run failed: ${err.message}`);
    const done = await finishRun(pool, run.id, "failed", { code: err.code, message: err.message }).catch(() => run);
    await heartbeat(pool, connector.name, "failed", err.message).catch(() => void 0);
    if (dbLost) return { status: "failed", run: done, counts, error: err };
    await deps.notifier?.alert({
      key: alertKey(connector.name, req.account),
      title: `${connector.title} sync failed (account ${req.account})`,
      message: err.message,
      action: err.action,
      retry: { connector: connector.name, account: req.account, from: formatBusinessTime(req.window.from), to: formatBusinessTime(req.window.to) }
    }).catch(() => void 0);
    return { status: "failed", run: done, counts, error: err };
  } finally {
    clearInterval(beat);
    await followers.settle();
    await claim.lock.release();
  }
}
__name(executeRun, "executeRun");
function requireSnapshot(stream) {
  if (!stream.snapshot) throw new Error(`stream ${stream.name} is mode snapshot but declares no snapshot { entity, time }`);
  return stream.snapshot;
}
__name(requireSnapshot, "requireSnapshot");
async function refreshDerived(deps, req, streams, rlog, early) {
  const { pool, metrics } = deps;
  const connector = req.connector;
  for (const d of connector.derived ?? []) {
    if (!d.after.some((name) => streams.includes(name))) continue;
    const key = `${req.key}#${d.name}`;
    const r = await pool.query(
      `INSERT INTO sync_runs (connector, account, trigger, run_key, window_from, window_to, requested_by, streams, slices_total)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1) RETURNING id`,
      [connector.name, req.account, req.trigger, key, req.window.from, req.window.to, req.requestedBy ?? null, [`derived:${d.name}`]]
    );
    const id = r.rows[0].id;
    try {
      const { rows } = await inTransaction(pool, async (tx) => {
        const slicesCovered = early.get(d.name)?.covered ?? false;
        const done = await d.refresh(tx, { account: req.account, window: req.window, now: /* @__PURE__ */ new Date(), settings: deps.context.settings, context: deps.context, slicesCovered });
        if (deps.hook) for (const change of done.changed ?? []) await afterWriteInChunks(tx, deps.hook, change);
        return done;
      });
      const total = rows + (early.get(d.name)?.rows ?? 0);
      await pool.query(`UPDATE sync_runs SET updated = $2, slices_done = 1 WHERE id = $1`, [id, total]);
      await finishRun(pool, id, "succeeded");
      rlog.info({ derived: d.name, rows: total }, "derived table refreshed");
    } catch (e) {
      const err = describeError(e);
      await finishRun(pool, id, "failed", { code: err.code, message: err.message });
      metrics.runs.inc({ connector: connector.name, outcome: "failed" });
      rlog.error({ derived: d.name, code: err.code }, `derived table ${d.name} failed: ${err.message}`);
      await deps.notifier?.alert({ key: `derived:${connector.name}:${d.name}`, title: `${connector.title}: ${d.name} could not be refreshed`, message: err.message, action: err.action }).catch(() => void 0);
    }
  }
}
__name(refreshDerived, "refreshDerived");
function alertKey(connector, account) {
  return `sync:${connector}:${account}`;
}
__name(alertKey, "alertKey");

// src/engine/engine.ts
var Engine = class _Engine {
  constructor(deps, runtimes) {
    this.deps = deps;
    this.runtimes = runtimes;
    this.rateBudget = createRateBudget(deps.pool);
    this.scheduler = new Scheduler({
      pool: deps.pool,
      log: deps.log,
      runtimes,
      enqueue: /* @__PURE__ */ __name((req) => this.enqueue(req), "enqueue"),
      checkCredentials: /* @__PURE__ */ __name((connector, at) => this.checkCredentials({ connector, at }), "checkCredentials")
    });
  }
  deps;
  runtimes;
  static {
    __name(this, "Engine");
  }
  boss;
  shutdown = new AbortController();
  active = /* @__PURE__ */ new Set();
  rateBudget;
  scheduler;
  reaper;
  static async create(deps) {
    const runtimes = /* @__PURE__ */ new Map();
    let index = 0;
    for (const decl of deps.connectors) {
      const mode = await resolveConnectorMode(decl, deps.config, deps.log, index++, { withEmulators: deps.withEmulators });
      const context = {
        config: mode.config,
        settings: mode.settings,
        log: deps.log.child({ connector: decl.name }),
        pool: deps.pool,
        baseUrl: mode.baseUrl,
        onApiError: /* @__PURE__ */ __name(() => void 0, "onApiError"),
        tokens: deps.tokens
      };
      const schedules = mode.mode === "disabled" ? [] : decl.schedules(mode.settings);
      runtimes.set(decl.name, { ...mode, decl, context, schedules });
      await ensureTask(deps.pool, decl.name);
      for (const sch of schedules) sch.window(/* @__PURE__ */ new Date());
      credentialsCheckCron({ ...mode, decl, context, schedules });
      if (decl.oauth && deps.tokens && mode.mode !== "disabled") {
        const provider = decl.oauth.provider(mode.settings, mode.baseUrl);
        if (provider) deps.tokens.register(provider, decl.oauth.refreshBeforeMinutes(mode.settings) * 6e4);
      }
    }
    return new _Engine(deps, runtimes);
  }
  /** Connectors' OAuth start-up hooks (sandbox: authorise against the emulator). */
  async prepareAuth() {
    for (const rt of this.runtimes.values()) {
      const oauth = rt.decl.oauth;
      if (!oauth?.onStart || !this.deps.tokens || rt.mode === "disabled") continue;
      await oauth.onStart({ tokens: this.deps.tokens, mode: rt.mode, settings: rt.settings, log: this.deps.log });
    }
  }
  get config() {
    return this.deps.config;
  }
  /** Whether this process runs the connector (known, and not disabled for want of credentials). */
  runs(name) {
    const rt = this.runtimes.get(name);
    return rt !== void 0 && rt.mode !== "disabled";
  }
  /** A connector by name or alias; throws a named error when unknown or disabled. */
  runtime(name, opts = {}) {
    const decl = findConnector(name, [...this.runtimes.values()].map((r) => r.decl));
    const rt = decl && this.runtimes.get(decl.name);
    if (!rt) throw new TongbuError("CONNECTOR_UNKNOWN", name);
    if (rt.mode === "disabled" && !opts.allowDisabled) throw new TongbuError("CONNECTOR_DISABLED", rt.decl.name);
    return rt;
  }
  /**
   * Every credentials check this process runs (or one connector's), for the minute of `at`: the
   * scheduler calls it on each connector's checkCron; a replica that finds the minute claimed skips.
   */
  async checkCredentials(opts = {}) {
    const at = opts.at ?? /* @__PURE__ */ new Date();
    const out = [];
    for (const rt of this.runtimes.values()) {
      if (opts.connector !== void 0 && rt.decl.name !== opts.connector) continue;
      if (!rt.decl.credentials?.check || rt.mode === "disabled") continue;
      out.push(await runCredentialsCheck({ pool: this.deps.pool, log: this.deps.log, notifier: this.deps.notifier }, rt, at));
    }
    return out;
  }
  /** Start working queued runs and ticking schedules. */
  async start(opts = {}) {
    this.boss = await startBoss(this.deps.databaseUrl, this.deps.log);
    await this.resumeInterrupted().catch((e) => this.deps.log.warn({ err: e }, "could not look for interrupted runs"));
    this.reaper = setInterval(() => {
      this.resumeInterrupted().catch((e) => this.deps.log.warn({ err: e }, "could not look for interrupted runs"));
    }, this.deps.config.RUN_LIVENESS_CHECK_SECONDS * 1e3);
    this.reaper.unref();
    if (opts.workers ?? true) {
      for (let i = 0; i < this.deps.config.WORKER_CONCURRENCY; i++) {
        await this.boss.work(SYNC_QUEUE, { batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2 }, async ([job]) => {
          if (job && this.shutdown.signal.aborted) throw new Error("fetched during shutdown; runs on the next attempt");
          if (job) await this.track(this.work(job.data));
        });
      }
    }
    if (opts.scheduler ?? true) {
      this.scheduler.start();
      await this.scheduler.firstRuns();
    }
  }
  /** One scheduled tick of a schedule (default the connector's first): queue its window per partition. */
  tick(rt, at, schedule) {
    return this.scheduler.tick(rt, at, schedule);
  }
  scheduledWindow(rt, account, at, schedule) {
    return this.scheduler.scheduledWindow(rt, account, at, schedule);
  }
  /** The connector's next scheduled run (the soonest of its schedules). */
  nextRunAt(connector) {
    return this.scheduler.nextRunAt(connector);
  }
  /** The cross-platform overview of these days, written again (after a rate changed). */
  refreshOverview(days) {
    return refreshOverview({ pool: this.deps.pool, config: this.deps.config, hook: this.deps.hook }, days);
  }
  /** Resume runs whose owner is gone (all, or `key`'s); returns the keys queued again. */
  async resumeInterrupted(key) {
    if (!this.boss) return [];
    const queued = await resumeInterruptedRuns(
      {
        pool: this.deps.pool,
        log: this.deps.log,
        boss: this.boss,
        send: /* @__PURE__ */ __name((data) => this.sendJob(data), "send"),
        canRun: /* @__PURE__ */ __name((name) => this.runtimes.get(name)?.mode !== void 0 && this.runtimes.get(name)?.mode !== "disabled", "canRun")
      },
      key
    );
    if (queued.length) await this.refreshQueueDepth();
    return queued;
  }
  sendJob(data) {
    if (!this.boss) throw new Error("engine not started");
    return this.boss.send(SYNC_QUEUE, data, { singletonKey: data.key, retryDelay: this.deps.config.RUN_RETRY_DELAY_SECONDS });
  }
  track(p) {
    this.active.add(p);
    return p.finally(() => this.active.delete(p));
  }
  async enqueue(req) {
    if (!this.boss) throw new Error("engine not started");
    const rt = this.runtime(req.connector);
    if (req.trigger !== "schedule" && await isStopped(this.deps.pool, rt.decl.name)) throw new TongbuError("TASK_STOPPED", rt.decl.name);
    const accounts = req.account ? [req.account] : (await partitionsOf(rt)).map((p) => p.id);
    const requestedAt = req.requestedAt ?? /* @__PURE__ */ new Date();
    const out = [];
    for (const account of accounts) {
      const key = runKey(rt.decl.name, account, req.kind, req.window, req.streams);
      if ((await this.resumeInterrupted(key)).length) {
        out.push({ key, account, alreadyRunning: false });
        continue;
      }
      if (await jobPending(this.boss, key)) {
        out.push({ key, account, alreadyRunning: true });
        continue;
      }
      const data = {
        connector: rt.decl.name,
        account,
        kind: req.kind,
        trigger: req.trigger,
        from: req.window.from.toISOString(),
        to: req.window.to.toISOString(),
        key,
        requestedAt: requestedAt.toISOString(),
        requestedBy: req.requestedBy,
        streams: req.streams
      };
      const id = await this.sendJob(data);
      out.push({ key, account, alreadyRunning: id === null });
    }
    await this.refreshQueueDepth();
    return out;
  }
  runnerDeps(rt, extra = {}) {
    return {
      pool: this.deps.pool,
      log: this.deps.log,
      metrics: this.deps.metrics,
      retry: { maxAttempts: this.deps.config.SYNC_MAX_ATTEMPTS, baseMs: this.deps.config.SYNC_RETRY_BASE_MS },
      context: rt.context,
      hook: this.deps.hook,
      notifier: this.deps.notifier,
      signal: this.shutdown.signal,
      sliceConcurrency: this.deps.config.SLICE_CONCURRENCY,
      rateBudget: this.rateBudget,
      ...extra
    };
  }
  async work(data) {
    const rt = this.runtime(data.connector, { allowDisabled: true });
    if (rt.mode === "disabled") {
      this.deps.log.warn({ connector: data.connector }, "queued run dropped: connector disabled");
      return;
    }
    let outcome;
    try {
      outcome = await executeRun(this.runnerDeps(rt), {
        connector: rt.decl,
        account: data.account,
        partition: await this.partition(rt, data.account),
        streams: data.streams,
        window: { from: new Date(data.from), to: new Date(data.to) },
        trigger: data.trigger,
        key: data.key,
        requestedBy: data.requestedBy,
        requestedAt: new Date(data.requestedAt)
      });
    } catch (e) {
      if (e instanceof TongbuError && e.code === "TASK_STOPPED") {
        this.deps.log.info({ connector: data.connector }, "queued run skipped: task is STOPPED");
        return;
      }
      throw e;
    }
    if (outcome.status === "aborted" && this.shutdown.signal.aborted) throw new Error("interrupted by shutdown; resumes from its checkpoint");
    if (outcome.status === "failed" && outcome.error?.code === "DB_UNREACHABLE") throw new Error(outcome.error.message);
  }
  /** Run now in this process (CLI): same runner, same claim, so it never doubles a queued run. */
  async runNow(req, extra = {}) {
    const rt = this.runtime(req.connector);
    const outcomes = [];
    for (const account of req.account ? [req.account] : (await partitionsOf(rt)).map((p) => p.id)) {
      const p = executeRun(this.runnerDeps(rt, extra), {
        connector: rt.decl,
        account,
        partition: await this.partition(rt, account),
        streams: req.streams,
        window: req.window,
        trigger: req.trigger,
        key: runKey(rt.decl.name, account, req.kind, req.window, req.streams),
        requestedBy: req.requestedBy,
        requestedAt: /* @__PURE__ */ new Date()
      });
      outcomes.push(await this.track(p));
    }
    return outcomes;
  }
  /** The partition of an account (a stored shop with its credentials), or a bare one. */
  async partition(rt, account) {
    if (!rt.decl.partitions) return { id: account };
    return (await partitionsOf(rt)).find((p) => p.id === account) ?? { id: account };
  }
  async refreshQueueDepth() {
    if (!this.boss) return;
    const r = await this.boss.getDb().executeSql(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry')`, [SYNC_QUEUE]);
    this.deps.metrics.queueDepth.set({ queue: SYNC_QUEUE }, r.rows[0]?.n ?? 0);
  }
  /** Stop taking jobs, let the page in flight finish and checkpoint, then stop the queue. */
  async stop(timeoutMs = 4e3) {
    await this.scheduler.stop();
    if (this.reaper) clearInterval(this.reaper);
    if (this.boss) await this.boss.offWork(SYNC_QUEUE).catch(() => void 0);
    this.shutdown.abort();
    await Promise.race([Promise.allSettled([...this.active]), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    if (this.boss) await this.boss.stop({ graceful: false, close: true, wait: true }).catch(() => void 0);
    for (const rt of this.runtimes.values()) await rt.close?.().catch(() => void 0);
  }
};

// src/notify/status.ts
var OPEN_ALERTS_SHOWN = 5;
var notificationStatus = /* @__PURE__ */ __name(async (services) => {
  const lines = [];
  const targets = services.broadcaster?.describe() ?? [];
  const chats = services.config.FEISHU_NOTIFY_CHAT_IDS;
  if (targets.length) lines.push(`sent to: ${targets.join(", ")}`);
  else if (chats.length) lines.push(`sent to: chats ${chats.join(", ")}, by the service's bot (this process has none: its own alerts go to the log)`);
  else lines.push("sent to: the log only (no FEISHU_NOTIFY_CHAT_IDS or FEISHU_WEBHOOK_URL)");
  const open = await services.pool.query(
    `SELECT key, title, first_at, count FROM notify_alerts WHERE resolved_at IS NULL ORDER BY first_at LIMIT $1`,
    [OPEN_ALERTS_SHOWN + 1]
  );
  if (open.rows.length === 0) lines.push("open alerts: none");
  else {
    const total = open.rows.length > OPEN_ALERTS_SHOWN ? (await services.pool.query(`SELECT count(*)::int AS n FROM notify_alerts WHERE resolved_at IS NULL`)).rows[0].n : open.rows.length;
    lines.push(`open alerts: ${total}`);
    for (const a of open.rows.slice(0, OPEN_ALERTS_SHOWN)) lines.push(`  ${a.title} \u2014 failing since ${formatBusinessTime(a.first_at)}, ${a.count}\xD7`);
  }
  const last = await services.pool.query(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, status, detail FROM notify_daily_sent ORDER BY day DESC LIMIT 1`
  );
  const s = last.rows[0];
  const schedule = services.config.DAILY_SUMMARY_ENABLED ? `at "${services.config.DAILY_SUMMARY_CRON}" Asia/Shanghai` : "off (DAILY_SUMMARY_ENABLED=false)";
  lines.push(`daily summary: ${schedule}; last: ${s ? `${s.day} ${s.status}${s.detail ? ` (${s.detail})` : ""}` : "never"}`);
  return { title: "Notifications", lines };
}, "notificationStatus");

export {
  SANDBOX_GROUP_CHAT,
  SANDBOX_BITABLE_APP,
  withFeishuSandboxDefaults,
  QUOTA_ALERT_KEY,
  QuotaExhausted,
  stopOnQuota,
  QuotaPause,
  createForceResyncHook,
  mirrorStatusSection,
  Engine,
  notificationStatus
};
//# sourceMappingURL=chunk-NNKZWI7C.js.map

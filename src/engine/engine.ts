// The engine: resolves each connector (live, sandbox, disabled), queues runs as durable jobs,
// works them, and ticks the schedules (node-cron, Asia/Shanghai). One per process; replicas
// share the queue and the run records in PostgreSQL.
import cron, { type ScheduledTask } from 'node-cron';
import type PgBoss from 'pg-boss';
import type { Config } from '../config.js';
import type { Pool } from '../db/pool.js';
import { TongbuError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Notifier } from '../notify/types.js';
import type { TokenStore } from '../tokens/store.js';
import { resolveConnectorMode, type ConnectorMode } from './connector-mode.js';
import { findConnector } from './connector.js';
import { createRateBudget, type RateBudget } from './rate-budget.js';
import { jobPending, startBoss, SYNC_QUEUE, type SyncJobData } from './jobs.js';
import { executeRun, type RunOutcome, type RunnerDeps } from './runner.js';
import { runKey, type RunTrigger } from './runs.js';
import { ensureTask, isStopped } from './tasks.js';
import { BUSINESS_TZ } from './time.js';
import type { ConnectorContext, ConnectorDeclaration, Partition, ScheduleDeclaration, SyncWindow, WriteHook } from './types.js';

export interface ConnectorRuntime extends ConnectorMode {
  decl: ConnectorDeclaration;
  context: ConnectorContext;
  schedules: ScheduleDeclaration[];
}

/** The partitions a connector runs for now: its own list (shops in the database) or its accounts. */
export async function partitionsOf(rt: ConnectorRuntime): Promise<Partition[]> {
  if (rt.mode === 'disabled') return [];
  return rt.decl.partitions ? rt.decl.partitions(rt.context) : rt.accounts.map((id) => ({ id }));
}

/** The streams a schedule names, or undefined for every stream (the run key stays the old one). */
function scheduleStreams(rt: ConnectorRuntime, s: ScheduleDeclaration): string[] | undefined {
  if (!s.streams) return undefined;
  const all = rt.decl.streams.map((st) => st.name);
  return s.streams.length === all.length && all.every((n) => s.streams?.includes(n)) ? undefined : s.streams;
}

export interface EngineDeps {
  config: Config;
  log: Logger;
  pool: Pool;
  metrics: Metrics;
  /** Connection string for the job queue (same database). */
  databaseUrl: string;
  connectors: ConnectorDeclaration[];
  hook?: WriteHook;
  notifier?: Notifier;
  /** Handed to connectors with OAuth grants. */
  tokens?: TokenStore;
}

export interface EnqueueRequest {
  connector: string;
  window: SyncWindow;
  kind: 'schedule' | 'backfill';
  trigger: RunTrigger;
  requestedBy?: string;
  requestedAt?: Date;
  /** Only this account (default: every account of the connector). */
  account?: string;
  /** Only these streams (a schedule's); default every stream. */
  streams?: string[];
}

export interface EnqueuedRun {
  key: string;
  account: string;
  alreadyRunning: boolean;
}

/** Longest gap a schedule closes by itself after downtime (older gaps need a backfill). */
const MAX_CATCH_UP_DAYS = 92;

export class Engine {
  private boss?: PgBoss;
  private cronTasks = new Map<string, ScheduledTask>();
  private shutdown = new AbortController();
  private active = new Set<Promise<unknown>>();
  private readonly rateBudget: RateBudget;

  private constructor(
    private readonly deps: EngineDeps,
    readonly runtimes: Map<string, ConnectorRuntime>,
  ) {
    this.rateBudget = createRateBudget(deps.pool);
  }

  static async create(deps: EngineDeps): Promise<Engine> {
    const runtimes = new Map<string, ConnectorRuntime>();
    let index = 0;
    for (const decl of deps.connectors) {
      const mode = await resolveConnectorMode(decl, deps.config, deps.log, index++);
      const context: ConnectorContext = {
        config: mode.config,
        settings: mode.settings,
        log: deps.log.child({ connector: decl.name }),
        pool: deps.pool,
        baseUrl: mode.baseUrl,
        onApiError: () => undefined,
        tokens: deps.tokens,
      };
      const schedules = mode.mode === 'disabled' ? [] : decl.schedules(mode.settings);
      runtimes.set(decl.name, { ...mode, decl, context, schedules });
      await ensureTask(deps.pool, decl.name);
      // A window setting that cannot be planned stops start-up, not the first scheduled run.
      for (const sch of schedules) sch.window(new Date());
      // OAuth: the store learns the provider (real host or emulator) and the refresh margin.
      if (decl.oauth && deps.tokens && mode.mode !== 'disabled') {
        const provider = decl.oauth.provider(mode.settings, mode.baseUrl);
        if (provider) deps.tokens.register(provider, decl.oauth.refreshBeforeMinutes(mode.settings) * 60_000);
      }
    }
    return new Engine(deps, runtimes);
  }

  /** Connectors' OAuth start-up hooks (sandbox: authorise against the emulator). */
  async prepareAuth(): Promise<void> {
    for (const rt of this.runtimes.values()) {
      const oauth = rt.decl.oauth;
      if (!oauth?.onStart || !this.deps.tokens || rt.mode === 'disabled') continue;
      await oauth.onStart({ tokens: this.deps.tokens, mode: rt.mode, settings: rt.settings, log: this.deps.log });
    }
  }

  get config(): Config {
    return this.deps.config;
  }

  /** A connector by name or alias; throws a named error when unknown or disabled. */
  runtime(name: string, opts: { allowDisabled?: boolean } = {}): ConnectorRuntime {
    const decl = findConnector(name, [...this.runtimes.values()].map((r) => r.decl));
    const rt = decl && this.runtimes.get(decl.name);
    if (!rt) throw new TongbuError('CONNECTOR_UNKNOWN', name);
    if (rt.mode === 'disabled' && !opts.allowDisabled) throw new TongbuError('CONNECTOR_DISABLED', rt.decl.name);
    return rt;
  }

  /** Start working queued runs and ticking schedules. */
  async start(opts: { workers?: boolean; scheduler?: boolean; pollingIntervalSeconds?: number } = {}): Promise<void> {
    this.boss = await startBoss(this.deps.databaseUrl, this.deps.log);
    if (opts.workers ?? true) {
      for (let i = 0; i < this.deps.config.WORKER_CONCURRENCY; i++) {
        await this.boss.work<SyncJobData>(SYNC_QUEUE, { batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2 }, async ([job]) => {
          if (job) await this.track(this.work(job.data));
        });
      }
    }
    if (opts.scheduler ?? true) {
      this.startScheduler();
      await this.firstRuns();
    }
  }

  /** A schedule whose streams never completed a scheduled run gets one now, not at its next tick. */
  private async firstRuns(): Promise<void> {
    for (const rt of this.runtimes.values()) {
      if (rt.mode === 'disabled') continue;
      for (const sch of rt.schedules) {
        if (sch.catchUp === false) continue;
        const streams = sch.streams ?? rt.decl.streams.map((st) => st.name);
        const r = await this.deps.pool.query(`SELECT 1 FROM sync_cursors WHERE connector = $1 AND stream = ANY($2::text[]) LIMIT 1`, [rt.decl.name, streams]);
        if (r.rowCount) continue;
        this.deps.log.info({ connector: rt.decl.name, schedule: sch.name }, 'never synced on schedule: queueing a first run now');
        await this.tick(rt, new Date(), sch).catch((e) => this.deps.log.error({ err: e, connector: rt.decl.name }, 'first run could not be queued'));
      }
    }
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.active.add(p);
    return p.finally(() => this.active.delete(p));
  }

  private startScheduler(): void {
    for (const rt of this.runtimes.values()) {
      if (rt.mode === 'disabled') continue;
      for (const sch of rt.schedules) {
        const task = cron.schedule(
          sch.cron,
          async (ctx) => {
            await this.tick(rt, ctx.triggeredAt ?? new Date(), sch).catch((e) => this.deps.log.error({ err: e, connector: rt.decl.name, schedule: sch.name }, 'scheduled tick failed'));
          },
          { timezone: BUSINESS_TZ, name: `sync:${rt.decl.name}:${sch.name}`, noOverlap: true },
        );
        this.cronTasks.set(`${rt.decl.name}:${sch.name}`, task);
        this.deps.log.info({ connector: rt.decl.name, schedule: sch.name, cron: sch.cron, mode: rt.mode }, 'schedule armed');
      }
    }
  }

  /** One scheduled tick: queue the schedule's window for every partition, unless the task is STOPPED. */
  async tick(rt: ConnectorRuntime, at: Date, schedule: ScheduleDeclaration = rt.schedules[0] as ScheduleDeclaration): Promise<EnqueuedRun[]> {
    if (await isStopped(this.deps.pool, rt.decl.name)) {
      this.deps.log.info({ connector: rt.decl.name }, 'task is STOPPED: scheduled run skipped');
      return [];
    }
    // Replicas tick within the same minute: truncating makes their windows, and keys, equal.
    const tickAt = new Date(Math.floor(at.getTime() / 60_000) * 60_000);
    const out: EnqueuedRun[] = [];
    const streams = scheduleStreams(rt, schedule);
    for (const p of await partitionsOf(rt)) {
      const window = await this.scheduledWindow(rt, p.id, tickAt, schedule);
      out.push(...(await this.enqueue({ connector: rt.decl.name, account: p.id, window, kind: 'schedule', trigger: 'schedule', requestedAt: tickAt, streams })));
    }
    return out;
  }

  /**
   * The schedule's window: its first window when its streams never synced, else its window,
   * widened back to the oldest of its streams' cursors after downtime (unless it opts out).
   */
  async scheduledWindow(rt: ConnectorRuntime, account: string, at: Date, schedule: ScheduleDeclaration = rt.schedules[0] as ScheduleDeclaration): Promise<SyncWindow> {
    const w = schedule.window(at);
    if (schedule.catchUp === false) return w;
    const streams = schedule.streams ?? rt.decl.streams.map((st) => st.name);
    const r = await this.deps.pool.query<{ synced_to: Date | null; n: number }>(
      `SELECT min(synced_to) AS synced_to, count(*)::int AS n FROM sync_cursors WHERE connector = $1 AND account = $2 AND stream = ANY($3::text[])`,
      [rt.decl.name, account, streams],
    );
    const row = r.rows[0];
    if (!row?.n && schedule.firstWindow) return schedule.firstWindow(at);
    const cursor = row?.synced_to;
    const floor = at.getTime() - MAX_CATCH_UP_DAYS * 86_400_000;
    if (cursor && cursor < w.from && cursor.getTime() > floor) return { from: cursor, to: w.to };
    return w;
  }

  async enqueue(req: EnqueueRequest): Promise<EnqueuedRun[]> {
    if (!this.boss) throw new Error('engine not started');
    const rt = this.runtime(req.connector);
    if (req.trigger !== 'schedule' && (await isStopped(this.deps.pool, rt.decl.name))) throw new TongbuError('TASK_STOPPED', rt.decl.name);
    const accounts = req.account ? [req.account] : (await partitionsOf(rt)).map((p) => p.id);
    const requestedAt = req.requestedAt ?? new Date();
    const out: EnqueuedRun[] = [];
    for (const account of accounts) {
      const key = runKey(rt.decl.name, account, req.kind, req.window, req.streams);
      if (await jobPending(this.boss, key)) {
        out.push({ key, account, alreadyRunning: true });
        continue;
      }
      const data: SyncJobData = {
        connector: rt.decl.name,
        account,
        kind: req.kind,
        trigger: req.trigger,
        from: req.window.from.toISOString(),
        to: req.window.to.toISOString(),
        key,
        requestedAt: requestedAt.toISOString(),
        requestedBy: req.requestedBy,
        streams: req.streams,
      };
      const id = await this.boss.send(SYNC_QUEUE, data, { singletonKey: key });
      out.push({ key, account, alreadyRunning: id === null });
    }
    await this.refreshQueueDepth();
    return out;
  }

  private runnerDeps(rt: ConnectorRuntime, extra: Partial<RunnerDeps> = {}): RunnerDeps {
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
      ...extra,
    };
  }

  private async work(data: SyncJobData): Promise<void> {
    const rt = this.runtime(data.connector, { allowDisabled: true });
    if (rt.mode === 'disabled') {
      this.deps.log.warn({ connector: data.connector }, 'queued run dropped: connector disabled');
      return;
    }
    let outcome: RunOutcome;
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
        requestedAt: new Date(data.requestedAt),
      });
    } catch (e) {
      if (e instanceof TongbuError && e.code === 'TASK_STOPPED') {
        this.deps.log.info({ connector: data.connector }, 'queued run skipped: task is STOPPED');
        return;
      }
      throw e;
    }
    // Interrupted by shutdown: fail the job so it is retried (here or on another replica) and resumes.
    if (outcome.status === 'aborted' && this.shutdown.signal.aborted) throw new Error('interrupted by shutdown; resumes from its checkpoint');
  }

  /** Run now in this process (CLI): same runner, same claim, so it never doubles a queued run. */
  async runNow(
    req: { connector: string; window: SyncWindow; kind: 'schedule' | 'backfill'; trigger: RunTrigger; requestedBy?: string; account?: string; streams?: string[] },
    extra: Partial<RunnerDeps> = {},
  ): Promise<RunOutcome[]> {
    const rt = this.runtime(req.connector);
    const outcomes: RunOutcome[] = [];
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
        requestedAt: new Date(),
      });
      outcomes.push(await this.track(p));
    }
    return outcomes;
  }

  /** The partition of an account (a stored shop with its credentials), or a bare one. */
  private async partition(rt: ConnectorRuntime, account: string): Promise<Partition> {
    if (!rt.decl.partitions) return { id: account };
    return (await partitionsOf(rt)).find((p) => p.id === account) ?? { id: account };
  }

  /** The connector's next scheduled run (the soonest of its schedules). */
  nextRunAt(connector: string): Date | undefined {
    const rt = this.runtimes.get(connector);
    if (!rt || rt.mode === 'disabled') return undefined;
    let next: Date | undefined;
    for (const sch of rt.schedules) {
      const at = this.nextTick(rt, sch);
      if (at && (!next || at < next)) next = at;
    }
    return next;
  }

  private nextTick(rt: ConnectorRuntime, sch: ScheduleDeclaration): Date | undefined {
    const armed = this.cronTasks.get(`${rt.decl.name}:${sch.name}`);
    if (armed) return armed.getNextRun() ?? undefined;
    // Not armed in this process (CLI): read the expression without starting it.
    const probe = cron.createTask(sch.cron, () => undefined, { timezone: BUSINESS_TZ });
    try {
      const t = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 60_000);
      for (let i = 0; i < 8 * 24 * 60; i++, t.setTime(t.getTime() + 60_000)) if (probe.match(t)) return new Date(t);
      return undefined;
    } finally {
      void probe.destroy();
    }
  }

  async refreshQueueDepth(): Promise<void> {
    if (!this.boss) return;
    const r = (await this.boss.getDb().executeSql(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry')`, [SYNC_QUEUE])) as {
      rows: { n: number }[];
    };
    this.deps.metrics.queueDepth.set({ queue: SYNC_QUEUE }, r.rows[0]?.n ?? 0);
  }

  /** Stop taking jobs, let the page in flight finish and checkpoint, then stop the queue. */
  async stop(timeoutMs = 4000): Promise<void> {
    for (const t of this.cronTasks.values()) await t.destroy();
    this.cronTasks.clear();
    if (this.boss) await this.boss.offWork(SYNC_QUEUE).catch(() => undefined);
    this.shutdown.abort();
    await Promise.race([Promise.allSettled([...this.active]), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    if (this.boss) await this.boss.stop({ graceful: false, close: true, wait: true }).catch(() => undefined);
    for (const rt of this.runtimes.values()) await rt.close?.().catch(() => undefined);
  }
}

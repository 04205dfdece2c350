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
import type { Notifier } from '../notifier.js';
import type { TokenStore } from '../tokens/store.js';
import { resolveConnectorMode, type ConnectorMode } from '../sandbox/platforms.js';
import { jobPending, startBoss, SYNC_QUEUE, type SyncJobData } from './jobs.js';
import { executeRun, type RunOutcome, type RunnerDeps } from './runner.js';
import { runKey, type RunTrigger } from './runs.js';
import { ensureTask, isStopped } from './tasks.js';
import { BUSINESS_TZ } from './time.js';
import type { ConnectorContext, ConnectorDeclaration, SyncWindow, WriteHook } from './types.js';

export interface ConnectorRuntime extends ConnectorMode {
  decl: ConnectorDeclaration;
  context: ConnectorContext;
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

  private constructor(
    private readonly deps: EngineDeps,
    readonly runtimes: Map<string, ConnectorRuntime>,
  ) {}

  static async create(deps: EngineDeps): Promise<Engine> {
    const runtimes = new Map<string, ConnectorRuntime>();
    for (const decl of deps.connectors) {
      const mode = await resolveConnectorMode(decl, deps.config, deps.log);
      const context: ConnectorContext = {
        config: mode.config,
        log: deps.log.child({ connector: decl.name }),
        pool: deps.pool,
        baseUrl: mode.baseUrl,
        onApiError: () => undefined,
        tokens: deps.tokens,
      };
      runtimes.set(decl.name, { ...mode, decl, context });
      await ensureTask(deps.pool, decl.name);
      // A window setting that cannot be planned stops start-up, not the first scheduled run.
      if (mode.mode !== 'disabled') decl.schedule(mode.config).window(new Date());
    }
    return new Engine(deps, runtimes);
  }

  get config(): Config {
    return this.deps.config;
  }

  /** A connector by name or alias; throws a named error when unknown or disabled. */
  runtime(name: string, opts: { allowDisabled?: boolean } = {}): ConnectorRuntime {
    const n = name.trim().toLowerCase();
    const rt = [...this.runtimes.values()].find((r) => r.decl.name === n || r.decl.aliases?.some((a) => a.toLowerCase() === n));
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

  /** A connector that has never completed a scheduled run gets one now, not at its next tick. */
  private async firstRuns(): Promise<void> {
    for (const rt of this.runtimes.values()) {
      if (rt.mode === 'disabled') continue;
      const r = await this.deps.pool.query(`SELECT 1 FROM sync_cursors WHERE connector = $1 LIMIT 1`, [rt.decl.name]);
      if (r.rowCount) continue;
      this.deps.log.info({ connector: rt.decl.name }, 'never synced on schedule: queueing a first run now');
      await this.tick(rt, new Date()).catch((e) => this.deps.log.error({ err: e, connector: rt.decl.name }, 'first run could not be queued'));
    }
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.active.add(p);
    return p.finally(() => this.active.delete(p));
  }

  private startScheduler(): void {
    for (const rt of this.runtimes.values()) {
      if (rt.mode === 'disabled') continue;
      const schedule = rt.decl.schedule(rt.config);
      const task = cron.schedule(
        schedule.cron,
        async (ctx) => {
          await this.tick(rt, ctx.triggeredAt ?? new Date()).catch((e) => this.deps.log.error({ err: e, connector: rt.decl.name }, 'scheduled tick failed'));
        },
        { timezone: BUSINESS_TZ, name: `sync:${rt.decl.name}`, noOverlap: true },
      );
      this.cronTasks.set(rt.decl.name, task);
      this.deps.log.info({ connector: rt.decl.name, cron: schedule.cron, mode: rt.mode }, 'schedule armed');
    }
  }

  /** One scheduled tick: queue the window for every account, unless the task is STOPPED. */
  async tick(rt: ConnectorRuntime, at: Date): Promise<EnqueuedRun[]> {
    if (await isStopped(this.deps.pool, rt.decl.name)) {
      this.deps.log.info({ connector: rt.decl.name }, 'task is STOPPED: scheduled run skipped');
      return [];
    }
    // Replicas tick within the same minute: truncating makes their windows, and keys, equal.
    const tickAt = new Date(Math.floor(at.getTime() / 60_000) * 60_000);
    const out: EnqueuedRun[] = [];
    for (const account of rt.accounts) {
      const window = await this.scheduledWindow(rt, account, tickAt);
      out.push(...(await this.enqueue({ connector: rt.decl.name, account, window, kind: 'schedule', trigger: 'schedule', requestedAt: tickAt })));
    }
    return out;
  }

  /** The schedule's window, widened back to the last successful scheduled run after downtime. */
  async scheduledWindow(rt: ConnectorRuntime, account: string, at: Date): Promise<SyncWindow> {
    const w = rt.decl.schedule(rt.config).window(at);
    const r = await this.deps.pool.query<{ synced_to: Date }>(`SELECT synced_to FROM sync_cursors WHERE connector = $1 AND account = $2`, [rt.decl.name, account]);
    const cursor = r.rows[0]?.synced_to;
    const floor = at.getTime() - MAX_CATCH_UP_DAYS * 86_400_000;
    if (cursor && cursor < w.from && cursor.getTime() > floor) return { from: cursor, to: w.to };
    return w;
  }

  async enqueue(req: EnqueueRequest): Promise<EnqueuedRun[]> {
    if (!this.boss) throw new Error('engine not started');
    const rt = this.runtime(req.connector);
    if (req.trigger !== 'schedule' && (await isStopped(this.deps.pool, rt.decl.name))) throw new TongbuError('TASK_STOPPED', rt.decl.name);
    const accounts = req.account ? [req.account] : rt.accounts;
    const requestedAt = req.requestedAt ?? new Date();
    const out: EnqueuedRun[] = [];
    for (const account of accounts) {
      const key = runKey(rt.decl.name, account, req.kind, req.window);
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
    req: { connector: string; window: SyncWindow; kind: 'schedule' | 'backfill'; trigger: RunTrigger; requestedBy?: string; account?: string },
    extra: Partial<RunnerDeps> = {},
  ): Promise<RunOutcome[]> {
    const rt = this.runtime(req.connector);
    const outcomes: RunOutcome[] = [];
    for (const account of req.account ? [req.account] : rt.accounts) {
      const p = executeRun(this.runnerDeps(rt, extra), {
        connector: rt.decl,
        account,
        window: req.window,
        trigger: req.trigger,
        key: runKey(rt.decl.name, account, req.kind, req.window),
        requestedBy: req.requestedBy,
        requestedAt: new Date(),
      });
      outcomes.push(await this.track(p));
    }
    return outcomes;
  }

  nextRunAt(connector: string): Date | undefined {
    const armed = this.cronTasks.get(connector);
    if (armed) return armed.getNextRun() ?? undefined;
    // Not armed in this process (CLI): read the expression without starting it.
    const rt = this.runtimes.get(connector);
    if (!rt || rt.mode === 'disabled') return undefined;
    const probe = cron.createTask(rt.decl.schedule(rt.config).cron, () => undefined, { timezone: BUSINESS_TZ });
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

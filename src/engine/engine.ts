// The engine: resolves each connector (live, sandbox, disabled), queues runs as durable jobs and
// works them; its scheduler (scheduler.ts) ticks the schedules. One per process; replicas share
// the queue and the run records in PostgreSQL.
import type PgBoss from 'pg-boss';
import type { Config } from '../config.js';
import type { Pool } from '../db/pool.js';
import { TongbuError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Notifier } from '../notifier.js';
import type { TokenStore } from '../tokens/store.js';
import { resolveConnectorMode } from './connector-mode.js';
import { findConnector } from './connector.js';
import { Scheduler } from './scheduler.js';
import { credentialsCheckCron, runCredentialsCheck, type CredentialCheck } from './credential-checks.js';
import { partitionsOf, type ConnectorRuntime } from './runtime.js';
import { resumeInterruptedRuns } from './interrupted-runs.js';
import { refreshOverview } from './daily-metrics.js';
import { createRateBudget, type RateBudget } from './rate-budget.js';
import { jobPending, startBoss, SYNC_QUEUE, type SyncJobData } from './jobs.js';
import { executeRun, type RunOutcome, type RunnerDeps } from './runner.js';
import { runKey, type RunTrigger } from './runs.js';
import { ensureTask, isStopped } from './tasks.js';
import type { ConnectorContext, ConnectorDeclaration, Partition, ScheduleDeclaration, SyncWindow, WriteHook } from './types.js';

export { partitionsOf, type ConnectorRuntime };

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
  /** Start the emulators of connectors in sandbox mode (default true; CLI reads skip them). */
  withEmulators?: boolean;
  /**
   * Read-only commands (status, token status, welfare): write nothing, so they also answer from
   * a read-only connection (a replica, a read-only role). The task rows are then not created
   * here: a missing one reads as RUNNING.
   */
  readOnly?: boolean;
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


export class Engine {
  private boss?: PgBoss;
  private shutdown = new AbortController();
  private active = new Set<Promise<unknown>>();
  private readonly rateBudget: RateBudget;
  private readonly scheduler: Scheduler;
  private reaper?: NodeJS.Timeout;

  private constructor(
    private readonly deps: EngineDeps,
    readonly runtimes: Map<string, ConnectorRuntime>,
  ) {
    this.rateBudget = createRateBudget(deps.pool);
    this.scheduler = new Scheduler({
      pool: deps.pool,
      log: deps.log,
      runtimes,
      enqueue: (req) => this.enqueue(req),
      checkCredentials: (connector, at) => this.checkCredentials({ connector, at }),
    });
  }

  static async create(deps: EngineDeps): Promise<Engine> {
    const runtimes = new Map<string, ConnectorRuntime>();
    let index = 0;
    for (const decl of deps.connectors) {
      const mode = await resolveConnectorMode(decl, deps.config, deps.log, index++, { withEmulators: deps.withEmulators });
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
      if (!deps.readOnly) await ensureTask(deps.pool, decl.name);
      // A window setting that cannot be planned stops start-up, not the first scheduled run.
      for (const sch of schedules) sch.window(new Date());
      credentialsCheckCron({ ...mode, decl, context, schedules });
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

  /** Whether this process runs the connector (known, and not disabled for want of credentials). */
  runs(name: string): boolean {
    const rt = this.runtimes.get(name);
    return rt !== undefined && rt.mode !== 'disabled';
  }

  /** A connector by name or alias; throws a named error when unknown or disabled. */
  runtime(name: string, opts: { allowDisabled?: boolean } = {}): ConnectorRuntime {
    const decl = findConnector(name, [...this.runtimes.values()].map((r) => r.decl));
    const rt = decl && this.runtimes.get(decl.name);
    if (!rt) throw new TongbuError('CONNECTOR_UNKNOWN', name);
    if (rt.mode === 'disabled' && !opts.allowDisabled) throw new TongbuError('CONNECTOR_DISABLED', rt.decl.name);
    return rt;
  }

  /**
   * Every credentials check this process runs (or one connector's), for the minute of `at`: the
   * scheduler calls it on each connector's checkCron; a replica that finds the minute claimed skips.
   */
  async checkCredentials(opts: { connector?: string; at?: Date } = {}): Promise<CredentialCheck[]> {
    const at = opts.at ?? new Date();
    const out: CredentialCheck[] = [];
    for (const rt of this.runtimes.values()) {
      if (opts.connector !== undefined && rt.decl.name !== opts.connector) continue;
      if (!rt.decl.credentials?.check || rt.mode === 'disabled') continue;
      out.push(await runCredentialsCheck({ pool: this.deps.pool, log: this.deps.log, notifier: this.deps.notifier }, rt, at));
    }
    return out;
  }

  /** Start working queued runs and ticking schedules. */
  async start(opts: { workers?: boolean; scheduler?: boolean; pollingIntervalSeconds?: number } = {}): Promise<void> {
    this.boss = await startBoss(this.deps.databaseUrl, this.deps.log);
    // Runs left `running` by a process that died resume now, and whenever one is found later.
    await this.resumeInterrupted().catch((e) => this.deps.log.warn({ err: e }, 'could not look for interrupted runs'));
    this.reaper = setInterval(() => {
      this.resumeInterrupted().catch((e) => this.deps.log.warn({ err: e }, 'could not look for interrupted runs'));
    }, this.deps.config.RUN_LIVENESS_CHECK_SECONDS * 1000);
    this.reaper.unref();
    if (opts.workers ?? true) {
      for (let i = 0; i < this.deps.config.WORKER_CONCURRENCY; i++) {
        await this.boss.work<SyncJobData>(SYNC_QUEUE, { batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2 }, async ([job]) => {
          // pg-boss hands over a job whose fetch was in flight when the worker stopped: leave it for a retry.
          if (job && this.shutdown.signal.aborted) throw new Error('fetched during shutdown; runs on the next attempt');
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
  tick(rt: ConnectorRuntime, at: Date, schedule?: ScheduleDeclaration): Promise<EnqueuedRun[]> {
    return this.scheduler.tick(rt, at, schedule);
  }

  scheduledWindow(rt: ConnectorRuntime, account: string, at: Date, schedule?: ScheduleDeclaration): Promise<SyncWindow> {
    return this.scheduler.scheduledWindow(rt, account, at, schedule);
  }

  /** The connector's next scheduled run (the soonest of its schedules). */
  nextRunAt(connector: string): Date | undefined {
    return this.scheduler.nextRunAt(connector);
  }

  /** The cross-platform overview of these days, written again (after a rate changed). */
  refreshOverview(days: string[]): Promise<void> {
    return refreshOverview({ pool: this.deps.pool, config: this.deps.config, hook: this.deps.hook }, days);
  }

  /** Resume runs whose owner is gone (all, or `key`'s); returns the keys queued again. */
  async resumeInterrupted(key?: string): Promise<string[]> {
    if (!this.boss) return [];
    const queued = await resumeInterruptedRuns(
      {
        pool: this.deps.pool,
        log: this.deps.log,
        boss: this.boss,
        send: (data) => this.sendJob(data),
        canRun: (name) => this.runtimes.get(name)?.mode !== undefined && this.runtimes.get(name)?.mode !== 'disabled',
      },
      key,
    );
    if (queued.length) await this.refreshQueueDepth();
    return queued;
  }

  private sendJob(data: SyncJobData): Promise<string | null> {
    if (!this.boss) throw new Error('engine not started');
    return this.boss.send(SYNC_QUEUE, data, { singletonKey: data.key, retryDelay: this.deps.config.RUN_RETRY_DELAY_SECONDS });
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.active.add(p);
    return p.finally(() => this.active.delete(p));
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
      // A run of this key whose owner died is resumed now rather than reported as running.
      if ((await this.resumeInterrupted(key)).length) {
        out.push({ key, account, alreadyRunning: false });
        continue;
      }
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
      const id = await this.sendJob(data);
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
    // The database went away mid-run: the job is retried once it is back, and resumes.
    if (outcome.status === 'failed' && outcome.error?.code === 'DB_UNREACHABLE') throw new Error(outcome.error.message);
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



  async refreshQueueDepth(): Promise<void> {
    if (!this.boss) return;
    const r = (await this.boss.getDb().executeSql(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry')`, [SYNC_QUEUE])) as {
      rows: { n: number }[];
    };
    this.deps.metrics.queueDepth.set({ queue: SYNC_QUEUE }, r.rows[0]?.n ?? 0);
  }

  /** Stop taking jobs, let the page in flight finish and checkpoint, then stop the queue. */
  async stop(timeoutMs = 4000): Promise<void> {
    await this.scheduler.stop();
    if (this.reaper) clearInterval(this.reaper);
    if (this.boss) await this.boss.offWork(SYNC_QUEUE).catch(() => undefined);
    this.shutdown.abort();
    await Promise.race([Promise.allSettled([...this.active]), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    if (this.boss) await this.boss.stop({ graceful: false, close: true, wait: true }).catch(() => undefined);
    for (const rt of this.runtimes.values()) await rt.close?.().catch(() => undefined);
  }
}

// The schedules: node-cron ticks each connector's schedules in Asia/Shanghai and queues their
// windows per partition; a schedule whose streams never synced gets its first run at start; after
// downtime a window widens back to its streams' cursors (up to MAX_CATCH_UP_DAYS).
import cron, { type ScheduledTask } from 'node-cron';
import type { Pool } from '../db/pool.js';
import type { Logger } from '../logger.js';
import type { EnqueuedRun, EnqueueRequest } from './engine.js';
import { partitionsOf, scheduleStreams, type ConnectorRuntime } from './runtime.js';
import { isStopped } from './tasks.js';
import { credentialsCheckCron } from './credential-checks.js';
import { BUSINESS_TZ } from './time.js';
import type { ScheduleDeclaration, SyncWindow } from './types.js';

/** Longest gap a schedule closes by itself after downtime (older gaps need a backfill). */
const MAX_CATCH_UP_DAYS = 92;

export interface SchedulerDeps {
  pool: Pool;
  log: Logger;
  runtimes: Map<string, ConnectorRuntime>;
  enqueue(req: EnqueueRequest): Promise<EnqueuedRun[]>;
  /** A connector's credentials check for the tick at `at` (claimed once across replicas). */
  checkCredentials(connector: string, at: Date): Promise<unknown>;
}

export class Scheduler {
  private cronTasks = new Map<string, ScheduledTask>();

  constructor(private readonly deps: SchedulerDeps) {}

  async stop(): Promise<void> {
    for (const t of this.cronTasks.values()) await t.destroy();
    this.cronTasks.clear();
  }

  start(): void {
    for (const rt of this.deps.runtimes.values()) {
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
      const checkCron = credentialsCheckCron(rt);
      if (checkCron) {
        const task = cron.schedule(
          checkCron,
          async (ctx) => {
            await this.deps.checkCredentials(rt.decl.name, ctx.triggeredAt ?? new Date()).catch((e) => this.deps.log.error({ err: e, connector: rt.decl.name }, 'credentials check tick failed'));
          },
          { timezone: BUSINESS_TZ, name: `credentials:${rt.decl.name}`, noOverlap: true },
        );
        this.cronTasks.set(`${rt.decl.name}:credentials`, task);
        this.deps.log.info({ connector: rt.decl.name, cron: checkCron }, 'credentials check armed');
      }
    }
  }

  /** A schedule whose streams never completed a scheduled run gets one now, not at its next tick. */
  async firstRuns(): Promise<void> {
    for (const rt of this.deps.runtimes.values()) {
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
      out.push(...(await this.deps.enqueue({ connector: rt.decl.name, account: p.id, window, kind: 'schedule', trigger: 'schedule', requestedAt: tickAt, streams })));
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

  /** The connector's next scheduled run (the soonest of its schedules). */
  nextRunAt(connector: string): Date | undefined {
    const rt = this.deps.runtimes.get(connector);
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
      // probe.match() formats the time in the zone (about 40 µs a call, up to 11,520 calls): when
      // the minute field is plain numbers, minutes outside it are skipped without asking. The
      // zone's offset is taken once (Asia/Shanghai: whole hours, no DST).
      const minutes = plainMinutes(sch.cron);
      const shift = minutes ? (Number(new Intl.DateTimeFormat('en-US', { timeZone: BUSINESS_TZ, minute: 'numeric' }).format(t)) - t.getUTCMinutes() + 60) % 60 : 0;
      for (let i = 0; i < 8 * 24 * 60; i++, t.setTime(t.getTime() + 60_000)) {
        if (minutes && !minutes.has((t.getUTCMinutes() + shift) % 60)) continue;
        if (probe.match(t)) return new Date(t);
      }
      return undefined;
    } finally {
      void probe.destroy();
    }
  }
}

/** The minute field of a cron expression when it is plain numbers (`40`, `0,30`), else undefined. */
function plainMinutes(expression: string): Set<number> | undefined {
  const fields = expression.trim().split(/\s+/);
  const field = fields.length === 6 ? fields[1] : fields[0];
  if (!field || !/^\d+(,\d+)*$/.test(field)) return undefined;
  return new Set(field.split(',').map(Number));
}

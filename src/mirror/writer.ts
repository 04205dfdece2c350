// The mirror writer: the loop that drains the outbox into Bitable (docs/bitable-mirror.md).
//
// - One writer per base across replicas: each pass holds the base's advisory lock
//   (base-lock.ts); a replica that cannot take it skips the pass.
// - Per mapping: ensure the table and fields (target.ts), replay batches saved before a crash
//   (saved-batches.ts), then plan the outbox chunk by chunk (drain-plan.ts) and write it
//   (batch-writes.ts): the next chunk is planned while this one's calls run.
// - Calls go out at the pace of the app's write budget (50 a second by default, evenly spaced;
//   rate-limiter.ts), with as many calls in flight as their duration needs (write-pipeline.ts),
//   so the budget, not the latency of one call, sets the pace. A 1254291 (writes overlapped on
//   the base) halves the calls in flight.
// - Outcomes go to the record map (record-map.ts); failures back off or park (outbox-retry.ts);
//   the monthly quota pauses the writer (quota-pause.ts). Alerts are raised once (alert-once.ts).
import type * as lark from '@larksuiteoapi/node-sdk';
import { isConnectionLost } from '../db/pool.js';
import { describeError, TongbuError } from '../errors.js';
import type { Services } from '../services.js';
import { createMirrorAlerts } from './alert-once.js';
import { BitableApiError, type BitableApi } from './api.js';
import { tryLockBase, type BaseLock } from './base-lock.js';
import { replaySaved, writeCreate, writeDelete, writeUpdate, type MappingPass } from './batch-writes.js';
import { createBitableApi, mappingsOf, type BitableDeps } from './deps.js';
import { planChunk, prepareMapping, type DrainPlan, type ReadyMapping } from './drain-plan.js';
import { emptyReport, SimulatedCrash, type CrashPoint, type DrainReport } from './drain-report.js';
import { baseOf, type BitableMapping } from './mapping.js';
import { failingEntries } from './outbox-retry.js';
import { QUOTA_ALERT_KEY, QuotaExhausted, QuotaPause, stopOnQuota } from './quota-pause.js';
import { chunk, createBatches } from './saved-batches.js';
import { WritePipeline } from './write-pipeline.js';

export { SimulatedCrash, type CrashPoint, type DrainReport };
export { QUOTA_ALERT_KEY };

export interface MirrorWriterOptions extends Omit<BitableDeps, 'client'> {
  batchSize?: number;
  alertAfterAttempts?: number;
  parkMinutes?: number;
  pollMs?: number;
  /** First delay before a failed entry is tried again (doubles per attempt, ≤ 10 min). */
  failureBackoffMs?: number;
  /** Outbox entries planned at a time. */
  chunkSize?: number;
  /** Write calls in flight at most (default 8: enough for 160 ms a call at 50/s; the budget sets the pace). */
  maxInFlight?: number;
  /** false: no background loop; call drainOnce() yourself (tests, CLI). */
  loop?: boolean;
  /** Tests: throw SimulatedCrash at this point of the n-th batch call (1-based, all ops counted). */
  crash?: { at: CrashPoint; onBatch?: number };
  /** The clock (tests: the month turning). */
  now?: () => Date;
}

export interface MirrorWriter {
  drainOnce(): Promise<DrainReport>;
  stop(): Promise<void>;
  api: BitableApi;
}

/** A lost database connection or base lock: not a fault of the mirror, the next pass goes on. */
function interrupted(e: unknown): boolean {
  return isConnectionLost(e) || (e instanceof TongbuError && e.code === 'BITABLE_LOCK_LOST');
}

export function startMirrorWriter(services: Services, client: lark.Client, opts: MirrorWriterOptions = {}): MirrorWriter {
  const { config, pool, log } = services;
  const mappings = mappingsOf(services, opts).filter((m) => m.enabled);
  const api = createBitableApi(services, { client, countCall: opts.countCall, api: opts.api });
  const batchSize = Math.min(500, opts.batchSize ?? config.BITABLE_BATCH_SIZE);
  const alertAfter = opts.alertAfterAttempts ?? config.BITABLE_ALERT_AFTER_ATTEMPTS;
  const parkMinutes = opts.parkMinutes ?? config.BITABLE_PARK_MINUTES;
  const failureBackoffMs = opts.failureBackoffMs ?? 1000;
  const chunkSize = opts.chunkSize ?? 5000;
  const maxInFlight = opts.maxInFlight ?? 8;
  const tz = config.TZ_BUSINESS;
  const ready = new Map<string, ReadyMapping>();
  const alerts = createMirrorAlerts(() => services.notifier, log);
  const quota = new QuotaPause(opts.now ?? (() => new Date()));
  let batchNo = 0;

  const byBase = new Map<string, BitableMapping[]>();
  for (const m of mappings) {
    const base = baseOf(m, config);
    if (base) byBase.set(base, [...(byBase.get(base) ?? []), m]);
  }

  // An injected crash stops the writer dead: the calls in flight then stop at their next point
  // too (no call made, or no outcome saved), as they would in a process that died.
  let crashed = false;
  function crashPoint(at: CrashPoint, n: number) {
    if (!opts.crash) return;
    if (crashed || (opts.crash.at === at && (opts.crash.onBatch ?? 1) === n)) {
      crashed = true;
      throw new SimulatedCrash(at, n);
    }
  }

  async function prepare(appToken: string, m: BitableMapping): Promise<ReadyMapping> {
    const cached = ready.get(m.name);
    if (cached) return cached;
    const r = await prepareMapping(pool, api, appToken, m, tz);
    ready.set(m.name, r);
    return r;
  }

  /** Start the calls of a planned chunk (in plan order); resolves once the last one started. */
  async function execute(pass: MappingPass, pipeline: WritePipeline, p: DrainPlan) {
    const start = async (call: () => Promise<void>) => {
      pipeline.adapt(api.conflicts);
      await pipeline.start(call);
    };
    for (const b of createBatches(p.creates, batchSize)) await start(() => writeCreate(pass, b));
    for (const items of chunk(p.updates, batchSize)) await start(() => writeUpdate(pass, items));
    for (const items of chunk(p.deletes, batchSize)) await start(() => writeDelete(pass, items));
  }

  async function checkFailing(m: BitableMapping) {
    const { n, lastError } = await failingEntries(pool, m.name, alertAfter);
    const key = `bitable-failing:${m.name}`;
    if (n > 0) {
      await alerts.alert(key, `Bitable mirror of ${m.source}`, new TongbuError('BITABLE_API_FAILED', `${n} rows failed ${alertAfter} times or more; last error: ${lastError ?? 'unknown'}`));
    } else {
      await alerts.recover(key, `Bitable mirror of ${m.source} is writing again.`);
    }
  }

  async function drainMapping(appToken: string, lock: BaseLock, m: BitableMapping, report: DrainReport) {
    let r: ReadyMapping;
    try {
      r = await prepare(appToken, m);
      await alerts.recover(`bitable-setup:${m.name}`, `Bitable table ${m.table} is ready.`);
    } catch (e) {
      stopOnQuota(e);
      if ((e instanceof BitableApiError && e.transient) || (e instanceof TongbuError && e.code === 'BITABLE_SOURCE_MISSING')) {
        // Transient, or a connector whose table is not migrated yet: no alert, the status shows it.
        report.skipped.push({ mapping: m.name, reason: e.message });
        return;
      }
      const err = e instanceof BitableApiError ? new TongbuError('BITABLE_API_FAILED', e.message) : e;
      report.skipped.push({ mapping: m.name, reason: describeError(err).message });
      await alerts.alert(`bitable-setup:${m.name}`, `Bitable mirror of ${m.source}`, err);
      return;
    }
    const pass: MappingPass = {
      pool,
      api,
      log,
      alerts,
      m,
      r,
      report,
      parkMinutes,
      failureBackoffMs,
      tableFull: false,
      holdsLock: () => lock.held(),
      crashPoint,
      nextBatchNo: () => ++batchNo,
      forgetTarget: () => ready.delete(m.name),
    };
    if (!(await replaySaved(pass))) {
      report.skipped.push({ mapping: m.name, reason: 'replay of a saved batch failed; retrying next pass' });
      return;
    }
    const pipeline = new WritePipeline(maxInFlight, (1000 * 1.02) / config.BITABLE_WRITES_PER_SECOND, api.conflicts);
    let cursor = 0;
    // A small first chunk gets the first call out early; later chunks grow to chunkSize and
    // are planned while the previous chunk's calls run.
    let limit = Math.min(chunkSize, 2 * batchSize);
    let next: Promise<DrainPlan> = planChunk(pool, m, r, cursor, limit);
    try {
      for (;;) {
        const p = await next;
        report.unchanged += p.unchanged;
        if (!p.count) break;
        cursor = p.maxId;
        limit = Math.min(chunkSize, limit * 2);
        next = planChunk(pool, m, r, cursor, limit);
        next.catch(() => undefined);
        await execute(pass, pipeline, p);
      }
    } catch (e) {
      await next.catch(() => undefined);
      // The calls in flight finish (and their outcomes are saved) before the pass ends.
      await pipeline.settle().catch(() => undefined);
      throw e;
    }
    await pipeline.settle();
    await checkFailing(m);
  }

  async function drainOnce(): Promise<DrainReport> {
    const report = emptyReport();
    if (quota.active) {
      report.pausedUntil = quota.until;
      return report;
    }
    let exhausted: QuotaExhausted | undefined;
    for (const [appToken, maps] of byBase) {
      if (exhausted) break;
      const lock = await tryLockBase(pool, appToken);
      if (!lock) {
        report.locked = true;
        continue;
      }
      try {
        for (const m of maps) {
          try {
            await drainMapping(appToken, lock, m, report);
          } catch (e) {
            if (e instanceof SimulatedCrash) throw e;
            if (e instanceof QuotaExhausted) {
              exhausted = e;
              break;
            }
            report.skipped.push({ mapping: m.name, reason: describeError(e).message });
            if (interrupted(e)) {
              // A cut connection: one short line; the next pass replays and goes on.
              log.warn({ mapping: m.name, err: describeError(e).message }, 'Bitable mirror pass interrupted: database connection lost; the next pass goes on');
              break;
            }
            log.error({ mapping: m.name, err: describeError(e) }, 'Bitable mirror pass failed');
          }
        }
      } finally {
        await lock.release();
      }
    }
    if (exhausted) {
      const why = quota.begin();
      report.pausedUntil = quota.until;
      log.error({ until: quota.until, err: describeError(exhausted.error) }, 'Feishu monthly API quota used up: the Bitable mirror pauses');
      await alerts.alert(QUOTA_ALERT_KEY, 'Feishu API quota used up', why);
    } else if (quota.end()) {
      await alerts.recover(QUOTA_ALERT_KEY, 'Feishu API calls work again: the Bitable mirror is writing the queued rows.');
    }
    return report;
  }

  let stopped = false;
  let wake: (() => void) | undefined;
  let loopDone: Promise<void> = Promise.resolve();
  if (opts.loop !== false && byBase.size) {
    const pollMs = opts.pollMs ?? config.BITABLE_POLL_MS;
    loopDone = (async () => {
      while (!stopped) {
        let busy = false;
        try {
          const r = await drainOnce();
          busy = r.created + r.updated + r.deleted + r.unchanged + r.replayed > 0;
        } catch (e) {
          if (interrupted(e)) log.warn({ err: describeError(e).message }, 'Bitable mirror writer: database connection lost; trying again');
          else log.error({ err: describeError(e) }, 'Bitable mirror writer failed; trying again');
        }
        if (!busy && !stopped) await new Promise<void>((res) => ((wake = res), setTimeout(res, pollMs)));
      }
    })();
  } else if (!byBase.size) {
    log.info('Bitable mirror is off: BITABLE_APP_TOKEN not set');
  }

  return {
    api,
    drainOnce,
    async stop() {
      stopped = true;
      wake?.();
      await loopDone;
    },
  };
}

// Runs one (connector, account, window): slices, pages, retries, checkpoints, upserts, counts.
// A page's rows and its checkpoint commit together, so a killed run resumes at the next page
// and never writes a row twice; the next page is fetched while the current one is written.
import { setMaxListeners } from 'node:events';
import { isConnectionLost, type Pool, type PoolClient } from '../db/pool.js';
import { inTransaction } from '../db/pool.js';
import { describeError, TongbuError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Notifier } from '../notifier.js';
import { addCounts, changedRows, emptyCounts, replaceSlice, upsertRows, writeSnapshots, type LoadCounts } from './loader.js';
import { createRateBudget, type RateBudget } from './rate-budget.js';
import { refreshDailyMetrics } from './daily-metrics.js';
import { afterWriteInChunks, sliceFollowers, type EarlyWork } from './derived-after-slice.js';
import { withRetry, type RetryPolicy } from './retry.js';
import { claimRun, finishRun, loadCheckpoints, recordPage, type RunRow, type RunTrigger } from './runs.js';
import { heartbeat, isStopped } from './tasks.js';
import { formatBusinessTime } from './time.js';
import type { ConnectorClient, ConnectorContext, ConnectorDeclaration, Page, Partition, Row, StreamDeclaration, SyncSlice, SyncWindow, WriteHook } from './types.js';
import { slicesFor } from './windows.js';

export interface RunRequest {
  connector: ConnectorDeclaration;
  account: string;
  /** The account's partition (credentials, host); default `{ id: account }`. */
  partition?: Partition;
  /** The streams this run covers (a schedule's); default every stream of the connector. */
  streams?: string[];
  window: SyncWindow;
  trigger: RunTrigger;
  key: string;
  requestedBy?: string;
  /** When the run was asked for; a run of the same key finished after this makes it a duplicate. */
  requestedAt: Date;
}

export interface RunnerDeps {
  pool: Pool;
  log: Logger;
  metrics: Metrics;
  retry: RetryPolicy;
  context: ConnectorContext;
  hook?: WriteHook;
  notifier?: Notifier;
  /** Aborted on shutdown: the page in flight finishes and is checkpointed, then the run stops. */
  signal?: AbortSignal;
  onProgress?: (run: { slicesDone: number; slicesTotal: number; pages: number; counts: LoadCounts }) => void;
  /** Slices fetched and written at once (SLICE_CONCURRENCY). */
  sliceConcurrency?: number;
  /** Budget for follow-up requests shared across partitions and replicas (default: one on `pool`). */
  rateBudget?: RateBudget;
  /** Called after each committed page; return true to stop the run there (tests, CLI ^C). */
  afterPage?: (pagesThisAttempt: number) => boolean;
}

export type RunOutcome =
  | { status: 'succeeded' | 'failed' | 'aborted'; run: RunRow; counts: LoadCounts; error?: TongbuError }
  | { status: 'skipped'; reason: 'running-elsewhere' | 'already-done'; run: RunRow };

class StopRun extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export async function executeRun(deps: RunnerDeps, req: RunRequest): Promise<RunOutcome> {
  const { pool, log, metrics, connector } = { ...deps, connector: req.connector };
  if (await isStopped(pool, connector.name)) throw new TongbuError('TASK_STOPPED', connector.name);

  const streams = (connector.streams as StreamDeclaration<ConnectorClient, unknown>[]).filter((st) => !req.streams || req.streams.includes(st.name));
  const claim = await claimRun(pool, {
    connector: connector.name,
    account: req.account,
    streams: req.streams,
    trigger: req.trigger,
    key: req.key,
    window: req.window,
    requestedBy: req.requestedBy,
    requestedAt: req.requestedAt,
  });
  if ('skipped' in claim) return { status: 'skipped', reason: claim.skipped, run: claim.run };
  const run = claim.run;
  // Losing the lock's connection means losing the run's liveness: stop after the current page.
  let connectionLost: Error | undefined;
  void claim.lock.lost.then((e) => (connectionLost = e));
  const rlog = log.child({ run: run.id, connector: connector.name, account: req.account });
  const slicesOf = new Map(streams.map((st) => [st.name, slicesFor(req.window, st.slice)]));
  const followers = sliceFollowers(deps, connector, req.account, rlog, new Map([...slicesOf].map(([name, list]) => [name, list.length])));
  const slicesTotal = [...slicesOf.values()].reduce((n, list) => n + list.length, 0);
  const budget = deps.rateBudget ?? createRateBudget(pool);
  const started = Date.now();
  rlog.info({ from: req.window.from, to: req.window.to, slices: slicesTotal, resumed: claim.resumed }, 'sync run started');

  let counts = emptyCounts();
  let slicesDone = 0;
  let pages = 0;
  const beat = setInterval(() => {
    pool.query(`UPDATE sync_runs SET heartbeat_at = now() WHERE id = $1`, [run.id]).catch(() => undefined);
    heartbeat(pool, connector.name).catch(() => undefined);
  }, 15_000);
  beat.unref();

  const partition = req.partition ?? { id: req.account };
  const client = connector.createClient(deps.context, partition);
  const signal = deps.signal ?? new AbortController().signal;
  // Every request and back-off of every run listens on this one signal (removed when it ends):
  // more than ten at once is the normal case, not a leak.
  setMaxListeners(0, signal);
  // Requests in flight together all see an expired token: the first renews it, the others wait
  // for that renewal (or see it already done since they started) and retry with the new token.
  let renewing: Promise<void> | undefined;
  let renewedAt = 0;
  const renewAuth = (requestStartedAt: number): Promise<void> => {
    if (renewing) return renewing;
    if (renewedAt >= requestStartedAt) return Promise.resolve();
    renewing = client.refreshAuth().finally(() => {
      renewedAt = Date.now();
      renewing = undefined;
    });
    return renewing;
  };
  const retried = <T>(what: Record<string, unknown>, fn: () => Promise<T>): Promise<T> => {
    let startedAt = 0;
    return withRetry(
      () => {
        startedAt = Date.now();
        return fn();
      },
      deps.retry,
      {
        refreshAuth: () => renewAuth(startedAt),
        onError: (e, attempt) => {
          if (deps.signal?.aborted) return; // the shutdown aborted the request
          metrics.apiErrors.inc({ connector: connector.name, class: e.kind });
          rlog.warn({ kind: e.kind, code: e.info.code, status: e.info.status, attempt, ...what }, `platform answered ${e.kind}: ${e.message}`);
        },
      },
      deps.signal,
    );
  };
  const fetchWithRetry = <T>(stream: StreamDeclaration<ConnectorClient, T>, slice: SyncSlice, page: number): Promise<Page<T>> =>
    retried({ stream: stream.name, slice: slice.day, page }, () => stream.fetchPage(client, { account: req.account, partition, slice, page }, signal));

  /** Details for the page's new or changed rows, under the stream's shared rate budget, a few in flight. */
  const followUps = async (stream: StreamDeclaration<ConnectorClient, unknown>, rows: Row[]): Promise<Row[]> => {
    const f = stream.followUp;
    if (!f || !rows.length) return [];
    const todo = await changedRows(pool, stream, rows);
    const limit = f.rateLimit?.(client);
    const out: Row[] = [];
    let next = 0;
    const worker = async () => {
      while (next < todo.length) {
        const row = todo[next++] as Row;
        out.push(
          ...(await retried({ stream: stream.name, followUp: f.target.table }, async () => {
            if (limit) await budget.take(limit.key, limit.perSecond, signal);
            return f.fetch(client, row, signal);
          })),
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(todo.length, limit ? Math.max(1, Math.min(16, limit.perSecond)) : 4) }, worker));
    return out;
  };

  /** A page's rows, its child tables' rows and its follow-up details, in the page's transaction. */
  const writePage = async (tx: PoolClient, stream: StreamDeclaration<ConnectorClient, unknown>, records: unknown[], rows: Row[], details: Row[]): Promise<LoadCounts> => {
    let c =
      stream.mode === 'snapshot'
        ? await writeSnapshots(tx, { ...stream, snapshot: requireSnapshot(stream) }, rows, deps.hook)
        : await upsertRows(tx, stream, rows, deps.hook);
    for (const child of stream.children ?? []) {
      const childCounts = await upsertRows(tx, child.target, child.toRows(records, { account: req.account, partition, client }), deps.hook);
      c = { ...c, deleted: c.deleted + childCounts.deleted };
    }
    if (stream.followUp && details.length) await upsertRows(tx, stream.followUp.target, details, deps.hook);
    return c;
  };

  // Once one slice stops (or fails), the others stop after their current page too.
  let stopping: StopRun | undefined;
  // `taskStopped` is what the page's own transaction read from the task table (recordPage).
  const checkStop = (taskStopped: boolean) => {
    if (stopping) throw stopping;
    if (connectionLost) throw connectionLost;
    let reason: string | undefined;
    if (deps.signal?.aborted) reason = 'the service is shutting down';
    else if (deps.afterPage?.(pages)) reason = 'stopped after the requested number of pages';
    else if (taskStopped) reason = `the task ${connector.name} was set to STOPPED`;
    if (reason) {
      stopping ??= new StopRun(reason);
      throw stopping;
    }
  };


  const commitPage = async (written: LoadCounts, pageCount: number, sliceFinished: boolean, streamName: string) => {
    counts = addCounts(counts, written);
    pages += pageCount;
    if (sliceFinished) slicesDone += 1;
    for (const result of ['inserted', 'updated', 'unchanged'] as const) {
      if (written[result]) metrics.rows.inc({ connector: connector.name, stream: streamName, result }, written[result]);
    }
    deps.onProgress?.({ slicesDone, slicesTotal, pages, counts });
  };

  try {
    await pool.query(`UPDATE sync_runs SET slices_total = $2, slices_done = 0 WHERE id = $1`, [run.id, slicesTotal]);
    for (const stream of streams) {
      const checkpoints = await loadCheckpoints(pool, run.id, stream.name);
      const pending: SyncSlice[] = [];
      for (const slice of slicesOf.get(stream.name) ?? []) {
        if (checkpoints.get(slice.from.toISOString())?.done) {
          slicesDone += 1;
          await pool.query(`UPDATE sync_runs SET slices_done = slices_done + 1 WHERE id = $1`, [run.id]);
        } else pending.push(slice);
      }

      const runSlice = async (slice: SyncSlice) => {
        if (stream.mode === 'replace') {
          // A report day is rewritten as a whole: gather every page, then replace in one transaction.
          const records: unknown[] = [];
          for (let page = 1; ; page++) {
            const res = await fetchWithRetry(stream, slice, page);
            records.push(...res.records);
            if (!res.hasMore) break;
          }
          const rows = stream.toRows(records, { account: req.account, partition, client });
          if (!stream.replaceBy) throw new Error(`stream ${stream.name} is mode replace but has no replaceBy`);
          const replaceTarget = { ...stream, replaceBy: stream.replaceBy };
          const { c: written, stopped } = await inTransaction(pool, async (tx) => {
            const c = await replaceSlice(tx, replaceTarget, { account: req.account, day: slice.day }, rows, deps.hook);
            return { c, ...(await recordPage(tx, { runId: run.id, task: connector.name, stream: stream.name, slice, page: 1, done: true, counts: c })) };
          });
          await commitPage(written, 1, true, stream.name);
          followers.sliceDone(stream.name, slice);
          checkStop(stopped);
          return;
        }
        let page = (checkpoints.get(slice.from.toISOString())?.last_page ?? 0) + 1;
        let next = fetchWithRetry(stream, slice, page);
        for (;;) {
          const res = await next;
          // Fetch the next page while this one is written.
          if (res.hasMore) {
            next = fetchWithRetry(stream, slice, page + 1);
            next.catch(() => undefined);
          }
          const rows = stream.toRows(res.records, { account: req.account, partition, client });
          const details = await followUps(stream, rows);
          const finished = !res.hasMore;
          // Rows and checkpoint commit together, so a commit lost in a database crash loses
          // both: the page is fetched again. Waiting for the WAL flush buys nothing here.
          const { c: written, stopped } = await inTransaction(
            pool,
            async (tx) => {
              const c = await writePage(tx, stream, res.records, rows, details);
              return { c, ...(await recordPage(tx, { runId: run.id, task: connector.name, stream: stream.name, slice, page, done: finished, counts: c })) };
            },
            { synchronousCommit: false },
          );
          await commitPage(written, 1, finished, stream.name);
          if (finished) followers.sliceDone(stream.name, slice);
          checkStop(stopped);
          if (finished) break;
          page += 1;
        }
      };

      // Slices are independent (each has its own checkpoint), so a few run at once: the
      // platform's latency and the database's write time overlap instead of adding up.
      let firstError: unknown;
      const worker = async () => {
        while (pending.length && firstError === undefined) {
          const slice = pending.shift() as SyncSlice;
          try {
            await runSlice(slice);
          } catch (e) {
            firstError ??= e;
            stopping ??= e instanceof StopRun ? e : new StopRun('another slice failed');
          }
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(deps.sliceConcurrency ?? 1, pending.length)) }, worker));
      if (firstError !== undefined) throw firstError;
    }
    const done = await finishRun(pool, run.id, 'succeeded');
    if (req.trigger === 'schedule') {
      // Each stream's cursor: where its next scheduled window may start after downtime.
      await pool.query(
        `INSERT INTO sync_cursors (connector, account, stream, synced_to) SELECT $1, $2, unnest($3::text[]), $4
         ON CONFLICT (connector, account, stream) DO UPDATE SET synced_to = GREATEST(sync_cursors.synced_to, EXCLUDED.synced_to), updated_at = now()`,
        [connector.name, req.account, streams.map((st) => st.name), req.window.to],
      );
    }
    const dailyFigures = () =>
      refreshDailyMetrics({ pool, config: deps.context.config, hook: deps.hook }, connector, req.account, req.window).catch((e: unknown) =>
        rlog.error({ err: describeError(e) }, `daily figures could not be refreshed: ${describeError(e).message}`),
      );
    const derived = refreshDerived(deps, req, streams.map((st) => st.name), rlog, await followers.settle());
    // Figures that read no derived table are refreshed beside them (a history's first refresh
    // takes seconds), the others after them.
    await Promise.all(connector.dailyMetrics?.afterDerived === false ? [derived, dailyFigures()] : [derived.then(dailyFigures)]);
    await heartbeat(pool, connector.name, 'succeeded', null);
    metrics.runs.inc({ connector: connector.name, outcome: 'succeeded' });
    metrics.lastSuccess.set({ connector: connector.name, stream: 'all', account: req.account }, Date.now() / 1000);
    metrics.runDuration.observe({ connector: connector.name }, (Date.now() - started) / 1000);
    rlog.info({ ...counts, pages }, 'sync run succeeded');
    await deps.notifier?.recover(alertKey(connector.name, req.account), `${connector.title} sync works again (account ${req.account}).`).catch(() => undefined);
    return { status: 'succeeded', run: done, counts };
  } catch (caught) {
    // A page whose request the shutdown aborted is not a platform failure: the run resumes there.
    const e = !(caught instanceof StopRun) && deps.signal?.aborted ? new StopRun('the service is shutting down') : caught;
    if (e instanceof StopRun) {
      const done = await finishRun(pool, run.id, 'aborted', { code: 'RUN_ABORTED', message: e.reason }).catch(() => run);
      await heartbeat(pool, connector.name, 'aborted', e.reason).catch(() => undefined);
      metrics.runs.inc({ connector: connector.name, outcome: 'aborted' });
      rlog.warn({ ...counts, pages }, `sync run stopped: ${e.reason}`);
      return { status: 'aborted', run: done, counts, error: new TongbuError('RUN_ABORTED', e.reason) };
    }
    // The database went away mid-run: one short error; the job is retried and resumes from the
    // last checkpoint once it is back (the outage itself is alerted once, not per run).
    const dbLost = isConnectionLost(e) || (connectionLost !== undefined && !(e instanceof TongbuError));
    const err =
      e instanceof TongbuError
        ? e
        : dbLost
          ? new TongbuError('DB_UNREACHABLE', `the connection was lost mid-run (${describeError(e).message}); the run resumes from its last checkpoint`, { cause: e })
          : new TongbuError('SYNC_PLATFORM_UNAVAILABLE', describeError(e).message, { cause: e });
    if (!(e instanceof TongbuError) && !dbLost) rlog.error({ err: e }, 'sync run crashed');
    metrics.runs.inc({ connector: connector.name, outcome: 'failed' });
    rlog.error({ code: err.code, ...counts, pages }, `sync run failed: ${err.message}`);
    const done = await finishRun(pool, run.id, 'failed', { code: err.code, message: err.message }).catch(() => run);
    await heartbeat(pool, connector.name, 'failed', err.message).catch(() => undefined);
    if (dbLost) return { status: 'failed', run: done, counts, error: err };
    await deps.notifier
      ?.alert({
        key: alertKey(connector.name, req.account),
        title: `${connector.title} sync failed (account ${req.account})`,
        message: err.message,
        action: err.action,
        retry: { connector: connector.name, account: req.account, from: formatBusinessTime(req.window.from), to: formatBusinessTime(req.window.to) },
      })
      .catch(() => undefined);
    return { status: 'failed', run: done, counts, error: err };
  } finally {
    clearInterval(beat);
    await followers.settle();
    await claim.lock.release();
  }
}

function requireSnapshot(stream: StreamDeclaration<ConnectorClient, unknown>): { entity: string[]; time: string } {
  if (!stream.snapshot) throw new Error(`stream ${stream.name} is mode snapshot but declares no snapshot { entity, time }`);
  return stream.snapshot;
}

/**
 * Tables derived from the streams this run wrote (aggregates, decisions), refreshed in the same
 * job, each with its own run record (`<run key>#<name>`), so a failure shows and alerts on its own
 * without failing the sync it follows. The rows a refresh reports changed go through the write
 * hook (the Bitable outbox) in the refresh's transaction: it writes with SQL, not the loader.
 */
async function refreshDerived(deps: RunnerDeps, req: RunRequest, streams: string[], rlog: Logger, early: Map<string, EarlyWork>): Promise<void> {
  const { pool, metrics } = deps;
  const connector = req.connector;
  for (const d of connector.derived ?? []) {
    if (!d.after.some((name) => streams.includes(name))) continue;
    const key = `${req.key}#${d.name}`;
    const r = await pool.query<{ id: number }>(
      `INSERT INTO sync_runs (connector, account, trigger, run_key, window_from, window_to, requested_by, streams, slices_total)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1) RETURNING id`,
      [connector.name, req.account, req.trigger, key, req.window.from, req.window.to, req.requestedBy ?? null, [`derived:${d.name}`]],
    );
    const id = (r.rows[0] as { id: number }).id;
    try {
      const { rows } = await inTransaction(pool, async (tx) => {
        const slicesCovered = early.get(d.name)?.covered ?? false;
        const done = await d.refresh(tx, { account: req.account, window: req.window, now: new Date(), settings: deps.context.settings, context: deps.context, slicesCovered });
        // What it changed reaches the mirror's outbox in its own transaction, as a page's rows do.
        if (deps.hook) for (const change of done.changed ?? []) await afterWriteInChunks(tx, deps.hook, change);
        return done;
      });
      // With the rows its slices' early work wrote during the run (afterSlice).
      const total = rows + (early.get(d.name)?.rows ?? 0);
      await pool.query(`UPDATE sync_runs SET updated = $2, slices_done = 1 WHERE id = $1`, [id, total]);
      await finishRun(pool, id, 'succeeded');
      rlog.info({ derived: d.name, rows: total }, 'derived table refreshed');
    } catch (e) {
      const err = describeError(e);
      await finishRun(pool, id, 'failed', { code: err.code, message: err.message });
      metrics.runs.inc({ connector: connector.name, outcome: 'failed' });
      rlog.error({ derived: d.name, code: err.code }, `derived table ${d.name} failed: ${err.message}`);
      await deps.notifier
        ?.alert({ key: `derived:${connector.name}:${d.name}`, title: `${connector.title}: ${d.name} could not be refreshed`, message: err.message, action: err.action })
        .catch(() => undefined);
    }
  }
}

export function alertKey(connector: string, account: string): string {
  return `sync:${connector}:${account}`;
}

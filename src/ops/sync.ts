// Backfills and their progress: the operation behind `/sync`, `tongbu sync` and POST /api/sync.
// A backfill is its own run with its own key; it never moves the scheduled cursor.
import { TongbuError, ERRORS, type ErrorCode } from '../errors.js';
import type { ConnectorRuntime, Engine } from '../engine/engine.js';
import { formatBusinessTime } from '../engine/time.js';
import { latestRunByKey, type RunRow, type RunTrigger } from '../engine/runs.js';
import { parseRange } from '../engine/windows.js';
import type { SyncWindow } from '../engine/types.js';
import { businessDay, yesterday } from '../engine/time.js';
import type { Services } from '../services.js';

export interface RunView {
  id?: number;
  key: string;
  connector: string;
  account: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'aborted' | 'interrupted';
  slicesDone: number;
  slicesTotal: number;
  inserted: number;
  updated: number;
  unchanged: number;
  pages: number;
  errorCode?: string;
  errorMessage?: string;
  errorAction?: string;
  startedAt?: string;
  finishedAt?: string;
  windowFrom?: string;
  windowTo?: string;
  trigger?: string;
  /** Times its owner died mid-run (SIGKILL, a lost host) and it was resumed from its checkpoint. */
  interruptions?: number;
  lastInterruptedAt?: string;
}

export function toRunView(r: RunRow): RunView {
  const spec = r.error_code && r.error_code in ERRORS ? ERRORS[r.error_code as ErrorCode] : undefined;
  return {
    id: r.id,
    key: r.run_key,
    connector: r.connector,
    account: r.account,
    status: r.status,
    interruptions: r.interruptions ?? 0,
    lastInterruptedAt: r.last_interrupted_at ? formatBusinessTime(r.last_interrupted_at) : undefined,
    slicesDone: r.slices_done,
    slicesTotal: r.slices_total,
    inserted: r.inserted,
    updated: r.updated,
    unchanged: r.unchanged,
    pages: r.pages,
    errorCode: r.error_code ?? undefined,
    errorMessage: r.error_message ?? undefined,
    errorAction: spec?.action,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString(),
    windowFrom: formatBusinessTime(r.window_from),
    windowTo: formatBusinessTime(r.window_to),
    trigger: r.trigger,
  };
}

export function requireEngine(services: Services): Engine {
  if (!services.engine) throw new Error('the sync engine is not running in this process');
  return services.engine;
}

export interface SyncRequest {
  connector: string;
  /** "YYYY-MM-DD", "YYYY-MM-DD..YYYY-MM-DD" or date-times; default: the schedule's window now. */
  range?: string;
  force?: boolean;
  trigger: RunTrigger;
  requestedBy?: string;
  account?: string;
}

export interface SyncRequested {
  runKey: string;
  runKeys: string[];
  connector: string;
  title: string;
  from: string;
  to: string;
  alreadyRunning: boolean;
}

/** The window of the connector's first (main) schedule at this minute: `/sync <connector>` runs it early. */
export function scheduleWindowNow(rt: ConnectorRuntime): SyncWindow {
  const sch = rt.schedules[0];
  if (!sch) throw new TongbuError('CONNECTOR_DISABLED', rt.decl.name);
  return sch.window(new Date(Math.floor(Date.now() / 60_000) * 60_000));
}

export function backfillWindow(range: string | undefined, now = new Date()): SyncWindow {
  const text = range?.trim() || yesterday(now);
  const w = parseRange(text);
  if (w.from.getTime() > now.getTime()) throw new TongbuError('WINDOW_INVALID', `${businessDay(w.from)} is in the future`);
  return { from: w.from, to: new Date(Math.min(w.to.getTime(), Math.floor(now.getTime() / 1000) * 1000)) };
}

/** Queue a backfill; answers at once. Progress: getRunByKey / getSyncProgress. */
export async function requestSync(services: Services, req: SyncRequest): Promise<SyncRequested> {
  const engine = requireEngine(services);
  const rt = engine.runtime(req.connector);
  // No range: the usual scheduled window, run early (as a backfill: the cursor stays put).
  const window = req.range?.trim() ? backfillWindow(req.range) : scheduleWindowNow(rt);
  if (req.force && services.forceResync) await services.forceResync(rt.decl.name, window);
  // Run early, it covers what its schedule covers; a backfill covers every stream.
  const streams = req.range?.trim() ? undefined : rt.schedules[0]?.streams;
  const runs = await engine.enqueue({ connector: rt.decl.name, window, kind: 'backfill', trigger: req.trigger, requestedBy: req.requestedBy, account: req.account, streams });
  return {
    runKey: runs[0]?.key ?? '',
    runKeys: runs.map((r) => r.key),
    connector: rt.decl.name,
    title: rt.decl.title,
    from: formatBusinessTime(window.from),
    to: formatBusinessTime(window.to),
    alreadyRunning: runs.length > 0 && runs.every((r) => r.alreadyRunning),
  };
}

export async function getRunByKey(services: Services, key: string): Promise<RunView | undefined> {
  const run = await latestRunByKey(services.pool, key);
  if (run) return toRunView(run);
  const [connector = '', account = ''] = key.split(':');
  const queued = await services.pool.query(
    `SELECT 1 FROM pgboss.job WHERE singleton_key = $1 AND state IN ('created', 'retry', 'active') LIMIT 1`,
    [key],
  ).catch(() => ({ rowCount: 0 }));
  if (!queued.rowCount) return undefined;
  return { key, connector, account, status: 'queued', slicesDone: 0, slicesTotal: 0, inserted: 0, updated: 0, unchanged: 0, pages: 0 };
}

/** Several runs (one per account) as one: done when all are done, failed if one failed. */
export async function getSyncProgress(services: Services, keys: string[]): Promise<RunView | undefined> {
  const views = (await Promise.all(keys.map((k) => getRunByKey(services, k)))).filter((v): v is RunView => Boolean(v));
  if (!views.length) return undefined;
  const first = views[0] as RunView;
  const sum = (f: 'slicesDone' | 'slicesTotal' | 'inserted' | 'updated' | 'unchanged' | 'pages') => views.reduce((a, v) => a + v[f], 0);
  const has = (st: RunView['status']) => views.some((v) => v.status === st);
  const status: RunView['status'] = has('running') ? 'running' : has('queued') ? 'queued' : has('failed') ? 'failed' : has('aborted') ? 'aborted' : 'succeeded';
  const failed = views.find((v) => v.status === 'failed' || v.status === 'aborted');
  return {
    ...first,
    status,
    slicesDone: sum('slicesDone'),
    slicesTotal: sum('slicesTotal'),
    inserted: sum('inserted'),
    updated: sum('updated'),
    unchanged: sum('unchanged'),
    pages: sum('pages'),
    errorCode: failed?.errorCode,
    errorMessage: failed?.errorMessage,
    errorAction: failed?.errorAction,
    finishedAt: views.every((v) => v.finishedAt) ? views.map((v) => v.finishedAt as string).sort().at(-1) : undefined,
  };
}

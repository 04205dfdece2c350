// Scheduled runs through the durable queue: two engines on one database run a window once.
import { afterEach, describe, expect, it } from 'vitest';
import { requestSync, getSyncProgress } from '../../src/ops/sync.js';
import { DAY, FEB1, douyinHarness, expectedOrders, ordersInDb, type DouyinHarness } from '../helpers/douyin.js';

let hs: DouyinHarness[] = [];
afterEach(async () => {
  for (const h of hs.reverse()) await h.close();
  hs = [];
});

async function until<T>(fn: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('jobs and schedules', () => {
  it('two engine instances ticking together on one database run the window once', async () => {
    const a = await douyinHarness({ from: Date.now() / 1000 - 3 * 86400, to: Date.now() / 1000 }, { SYNC_DAYS: 3 });
    hs.push(a);
    const b = await douyinHarness({}, { SYNC_DAYS: 3 }, { db: a.db, emu: a.emu });
    hs.push(b);
    await a.engine.start({ scheduler: false, pollingIntervalSeconds: 0.5 });
    await b.engine.start({ scheduler: false, pollingIntervalSeconds: 0.5 });
    const tickAt = new Date();
    // Both replicas' cron fire for the same minute.
    const [qa, qb] = await Promise.all([a.engine.tick(a.engine.runtime('douyin-life'), tickAt), b.engine.tick(b.engine.runtime('douyin-life'), new Date(tickAt.getTime() + 700))]);
    expect(qa[0]?.key).toBe(qb[0]?.key);
    const run = await until(async () => {
      const r = await a.db.pool.query(`SELECT * FROM sync_runs WHERE status = 'succeeded'`);
      return r.rowCount ? r.rows[0] : undefined;
    }, 'the scheduled run');
    // Give a second (duplicate) job time to be picked up if one had been queued.
    await new Promise((r) => setTimeout(r, 1500));
    const runs = await a.db.pool.query(`SELECT count(*)::int AS n FROM sync_runs`);
    expect(runs.rows[0].n).toBe(1);
    expect(run.trigger).toBe('schedule');
    const orders = await a.db.pool.query(`SELECT count(*)::int AS n FROM douyin_life_orders`);
    expect(orders.rows[0].n).toBe(240);
    // Each page was fetched once.
    const pages = new Set(a.emu.queries.map((q) => `${q.from}:${q.page_num}`));
    expect(a.emu.queries.length).toBe(pages.size);
    const cursor = await a.db.pool.query(`SELECT synced_to FROM sync_cursors`);
    expect(cursor.rows[0].synced_to.getTime()).toBe(Math.floor(tickAt.getTime() / 60000) * 60000);
  });

  it('a queued backfill reports progress, a second identical request is "already running", and it never moves the cursor', async () => {
    const h = await douyinHarness({ faults: { latencyMs: 30 } });
    hs.push(h);
    await h.engine.start({ scheduler: false, pollingIntervalSeconds: 0.5 });
    const req = await requestSync(h.services, { connector: 'douyin', range: '2026-02-01..2026-02-04', trigger: 'chat', requestedBy: 'ou_test' });
    expect(req.connector).toBe('douyin-life');
    expect(req.from).toBe('2026-02-01 00:00');
    const again = await requestSync(h.services, { connector: 'douyin-life', range: '2026-02-01..2026-02-04', trigger: 'chat' });
    expect(again.alreadyRunning).toBe(true);
    expect(again.runKey).toBe(req.runKey);
    const done = await until(async () => {
      const p = await getSyncProgress(h.services, req.runKeys);
      return p?.status === 'succeeded' ? p : undefined;
    }, 'the backfill');
    expect(done).toMatchObject({ slicesDone: 4, slicesTotal: 4, inserted: 240 });
    const cursor = await h.db.pool.query(`SELECT * FROM sync_cursors`);
    expect(cursor.rowCount).toBe(0);
  });

  it('a run that failed when the database went away, and whose job end the queue never recorded, is resumed by the liveness check', async () => {
    const h = await douyinHarness({ faults: { malformedPage: 3 } });
    hs.push(h);
    await h.engine.start({ scheduler: false, workers: false });
    const req = await requestSync(h.services, { connector: 'douyin-life', range: '2026-02-01..2026-02-04', trigger: 'chat' });
    // What a cut connection leaves behind (seen in the chaos test): pg-boss handed the job to a
    // worker (active), the run wrote two pages and failed with DB_UNREACHABLE, and the job's
    // failure, written on the lost connection without being awaited, never reached the table.
    await h.db.pool.query(`UPDATE pgboss.job SET state = 'active', started_on = now() WHERE singleton_key = $1`, [req.runKey]);
    const window = { from: new Date(FEB1 * 1000), to: new Date((FEB1 + 4 * DAY - 1) * 1000) };
    const [partial] = await h.engine.runNow({ connector: 'douyin-life', window, kind: 'backfill', trigger: 'chat' });
    expect(partial?.run.run_key).toBe(req.runKey);
    expect(partial?.status).toBe('failed');
    await h.db.pool.query(`UPDATE sync_runs SET error_code = 'DB_UNREACHABLE' WHERE run_key = $1`, [req.runKey]);
    const pagesBefore = h.emu.queries.length;
    const saved = (await h.db.pool.query<{ slice_from: Date; last_page: number }>(`SELECT slice_from, last_page FROM sync_checkpoints`)).rows;
    expect(saved.some((c) => c.last_page >= 1)).toBe(true);

    // A new request of the same range would be "already running" behind the dead job: the
    // liveness check sees the job is stale (started before its run failed) and queues the run again.
    expect(await h.engine.resumeInterrupted()).toEqual([req.runKey]);
    expect(await h.engine.resumeInterrupted()).toEqual([]); // once
    await h.engine.stop(1000);
    const worker = await douyinHarness({}, {}, { db: h.db, emu: h.emu });
    hs.push(worker);
    await worker.engine.start({ scheduler: false, pollingIntervalSeconds: 0.5 });
    const done = await until(async () => {
      const p = await getSyncProgress(worker.services, [req.runKey]);
      return p?.status === 'succeeded' ? p : undefined;
    }, 'the resumed run');
    expect(done.inserted).toBeGreaterThan(0);
    expect(await ordersInDb(worker)).toEqual(expectedOrders(h.emu, FEB1, FEB1 + 4 * DAY - 1));
    // Resumed from its checkpoints: no page written before the cut was fetched again.
    const resumed = new Set(h.emu.queries.slice(pagesBefore).map((q) => `${q.from}:${q.page_num}`));
    for (const c of saved) for (let page = 1; page <= c.last_page; page++) expect(resumed.has(`${c.slice_from.getTime() / 1000}:${page}`)).toBe(false);
    const runs = await h.db.pool.query(`SELECT count(*)::int AS n FROM sync_runs`);
    expect(runs.rows[0].n).toBe(1);
  });

  it('unknown connector, bad range and future dates are refused with named errors', async () => {
    const h = await douyinHarness();
    hs.push(h);
    await h.engine.start({ scheduler: false, workers: false });
    await expect(requestSync(h.services, { connector: 'taobao', trigger: 'chat' })).rejects.toMatchObject({ code: 'CONNECTOR_UNKNOWN' });
    await expect(requestSync(h.services, { connector: 'douyin', range: '2026-02-09..2026-02-01', trigger: 'chat' })).rejects.toMatchObject({ code: 'WINDOW_INVALID' });
    await expect(requestSync(h.services, { connector: 'douyin', range: '2099-01-01', trigger: 'chat' })).rejects.toThrow(/in the future/);
  });
});

describe('job queue start-up', () => {
  it('four processes starting the queue at once on a fresh database all come up, with one queue', async () => {
    const { createTestDatabase } = await import('../helpers/db.js');
    const { startBoss, SYNC_QUEUE } = await import('../../src/engine/jobs.js');
    const { createLogger } = await import('../../src/logger.js');
    const db = await createTestDatabase();
    const log = createLogger('error', { pretty: false });
    const started = await Promise.allSettled([1, 2, 3, 4].map(() => startBoss(db.url, log)));
    try {
      // Concurrent create_queue calls can deadlock inside pg-boss; each start retries and succeeds.
      expect(started.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
      const q = await db.pool.query(`SELECT count(*)::int AS n FROM pgboss.queue WHERE name = $1`, [SYNC_QUEUE]);
      expect(q.rows[0].n).toBe(1);
    } finally {
      for (const s of started) if (s.status === 'fulfilled') await s.value.stop({ graceful: false, wait: true });
      await db.drop();
    }
  });
});

// 抖音来客 end to end: the real engine, a real database, the emulator over HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { setTaskState } from '../../../src/ops/tasks.js';
import { DAY, FEB1, douyinHarness, expectedOrders, ordersInDb, type DouyinHarness } from '../../helpers/douyin.js';

const window = { from: new Date(FEB1 * 1000), to: new Date((FEB1 + 4 * DAY - 1) * 1000) };
const all = (h: DouyinHarness) => expectedOrders(h.emu, FEB1, FEB1 + 4 * DAY - 1);
const backfill = (h: DouyinHarness, extra = {}) => h.engine.runNow({ connector: 'douyin-life', window, kind: 'backfill', trigger: 'cli' }, extra);

let h: DouyinHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('douyin-life sync', () => {
  it('writes exactly the emulator orders; a second run inserts 0 and updates 0', async () => {
    h = await douyinHarness();
    const [first] = await backfill(h);
    expect(first?.status).toBe('succeeded');
    const expected = all(h);
    expect(expected.size).toBe(240);
    expect(await ordersInDb(h)).toEqual(expected);
    if (first?.status !== 'succeeded') throw new Error('unreachable');
    expect(first.counts).toMatchObject({ inserted: 240, updated: 0, unchanged: 0 });

    const [second] = await backfill(h);
    if (second?.status !== 'succeeded') throw new Error(`second run ${second?.status}`);
    expect(second.counts).toMatchObject({ inserted: 0, updated: 0, unchanged: 240 });
    const run = await h.db.pool.query(`SELECT inserted, updated, unchanged, status FROM sync_runs WHERE id = $1`, [second.run.id]);
    expect(run.rows[0]).toEqual({ inserted: 0, updated: 0, unchanged: 240, status: 'succeeded' });
  });

  it('maps money from 分 to exact 元, times as instants, decrypted phones, raw JSON kept', async () => {
    h = await douyinHarness();
    await backfill(h);
    const o = h.emu.orders[5]!;
    const r = await h.db.pool.query(`SELECT * FROM douyin_life_orders WHERE order_id = $1`, [o.record.order_id]);
    const row = r.rows[0];
    expect(row.pay_amount).toBe((Number(o.record.pay_amount) / 100).toFixed(2));
    expect(row.create_time.getTime()).toBe(o.create * 1000);
    expect(row.phone).toMatch(/^1\d{10}$/);
    expect(row.raw_data.contacts[0].phone).not.toBe(row.phone); // ciphertext kept in raw_data
    expect(row.account_id).toBe(h.emu.accounts[0]);
    expect(row.source_order_id).toBe(o.record.ext_order_id);
  });

  it('orders updated on the platform are updated in Postgres', async () => {
    h = await douyinHarness();
    await backfill(h);
    const changed = h.emu.updateOrders(7, FEB1 + 5 * DAY);
    const ids = new Set(changed.map((c) => c.record.order_id as string));
    const [again] = await backfill(h);
    if (again?.status !== 'succeeded') throw new Error(`run ${again?.status}`);
    expect(again.counts.updated).toBe(ids.size);
    expect(again.counts.inserted).toBe(0);
    const r = await h.db.pool.query(`SELECT order_id, order_status FROM douyin_life_orders WHERE order_id = ANY($1)`, [[...ids]]);
    for (const row of r.rows) {
      const o = h.emu.orders.find((x) => x.record.order_id === row.order_id)!;
      expect(row.order_status).toBe(String(o.status));
    }
  });

  it('a run killed after K pages resumes at the next page: exact data, no page fetched twice', async () => {
    h = await douyinHarness();
    const [killed] = await backfill(h, { afterPage: (pages: number) => pages >= 5 });
    expect(killed?.status).toBe('aborted');
    const done = await h.db.pool.query<{ slice_from: Date; last_page: number }>(`SELECT slice_from, last_page FROM sync_checkpoints`);
    const checkpointed = new Set<string>();
    for (const c of done.rows) for (let p = 1; p <= c.last_page; p++) checkpointed.add(`${c.slice_from.getTime() / 1000}:${p}`);
    // Three slices run at once, so the pages in flight when it stopped are committed too.
    expect(checkpointed.size).toBeGreaterThanOrEqual(5);
    expect(checkpointed.size).toBeLessThan(12);
    expect((await ordersInDb(h)).size).toBe(checkpointed.size * 20); // exactly the checkpointed pages

    const before = h.emu.queries.length;
    const [resumed] = await backfill(h);
    expect(resumed?.status).toBe('succeeded');
    expect(resumed?.run.id).toBe(killed?.run.id); // same run, resumed
    const refetched = h.emu.queries.slice(before).filter((q) => checkpointed.has(`${q.from}:${q.page_num}`));
    expect(refetched).toEqual([]);
    expect(await ordersInDb(h)).toEqual(all(h));
    const dup = await h.db.pool.query(`SELECT count(*)::int AS n, count(DISTINCT order_id)::int AS d FROM douyin_life_orders`);
    expect(dup.rows[0]).toEqual({ n: 240, d: 240 });
  });

  it('a run left "running" by a crashed process is resumed once its heartbeat is stale', async () => {
    h = await douyinHarness();
    const [killed] = await backfill(h, { afterPage: (pages: number) => pages >= 3 });
    // Simulate a process that died mid-run: status still running, heartbeat two minutes old.
    await h.db.pool.query(`UPDATE sync_runs SET status = 'running', heartbeat_at = now() - interval '2 minutes' WHERE id = $1`, [killed?.run.id]);
    const [resumed] = await backfill(h);
    expect(resumed?.status).toBe('succeeded');
    expect(resumed?.run.id).toBe(killed?.run.id);
    expect(await ordersInDb(h)).toEqual(all(h));
  });

  it('5xx and 429 injected: the run completes with exact data', async () => {
    h = await douyinHarness({ faults: { errorRate: 0.3, rateLimitBurst: 5 } }, { SYNC_MAX_ATTEMPTS: 10 });
    const [run] = await backfill(h);
    expect(run?.status).toBe('succeeded');
    expect(await ordersInDb(h)).toEqual(all(h));
    expect(h.emu.queries.filter((q) => q.status === 'error').length).toBeGreaterThan(5);
    const metrics = await h.services.metrics.registry.metrics();
    expect(metrics).toMatch(/tongbu_api_errors_total\{connector="douyin-life",class="rateLimited"\} 5/);
  });

  it('token expiry mid-run: one refresh, run completes', async () => {
    h = await douyinHarness({ faults: { tokenExpiresAfterCalls: 6 } });
    const [run] = await backfill(h);
    expect(run?.status).toBe('succeeded');
    expect(h.emu.tokenRequests).toBe(2);
    expect(await ordersInDb(h)).toEqual(all(h));
  });

  it('malformed page: the run fails with a clear error, rows before it are kept with their checkpoint', async () => {
    h = await douyinHarness({ faults: { malformedPage: 3 } }, { SLICE_CONCURRENCY: 1 });
    const [run] = await backfill(h);
    expect(run?.status).toBe('failed');
    if (run?.status !== 'failed') throw new Error('unreachable');
    expect(run.error?.code).toBe('SYNC_BAD_RESPONSE');
    expect(run.error?.message).toMatch(/cannot read/);
    expect((await ordersInDb(h)).size).toBe(40);
    const cp = await h.db.pool.query(`SELECT last_page, done FROM sync_checkpoints`);
    expect(cp.rows).toEqual([{ last_page: 2, done: false }]);
    const rec = await h.db.pool.query(`SELECT status, error_code, error_message FROM sync_runs WHERE id = $1`, [run.run.id]);
    expect(rec.rows[0].error_code).toBe('SYNC_BAD_RESPONSE');
    // The platform recovers: the next attempt resumes at page 3 and finishes.
    const [again] = await backfill(h);
    expect(again?.status).toBe('succeeded');
    expect(await ordersInDb(h)).toEqual(all(h));
  });

  it('a wrong secret fails with the platform error, not a retry loop', async () => {
    h = await douyinHarness({}, { DOUYIN_LIFE_CLIENT_SECRET: 'wrong-secret' });
    const [run] = await backfill(h);
    expect(run?.status).toBe('failed');
    if (run?.status !== 'failed') throw new Error('unreachable');
    expect(run.error?.code).toBe('SYNC_PLATFORM_ERROR');
    expect(h.emu.tokenRequests).toBe(1);
  });

  it('ORDER_STATUS filters by status', async () => {
    h = await douyinHarness({}, { ORDER_STATUS: 1 });
    await backfill(h);
    const want = [...h.emu.orders].filter((o) => o.status === 1).length;
    expect(want).toBeGreaterThan(0);
    expect((await ordersInDb(h)).size).toBe(want);
    expect(h.emu.queries.every((q) => q.page_size === 20)).toBe(true);
  });

  it('USE_CREATE_TIME=false windows on update time', async () => {
    h = await douyinHarness({}, { USE_CREATE_TIME: false });
    // Updated after the window: by update time they fall outside it.
    const moved = new Set(h.emu.updateOrders(9, FEB1 + 6 * DAY).map((o) => o.record.order_id as string));
    await backfill(h);
    const ids = await ordersInDb(h);
    expect(ids.size).toBe(240 - moved.size);
    for (const id of moved) expect(ids.has(id)).toBe(false);
  });

  it('a STOPPED task does not run; START resumes; STOP mid-run stops after the current page', async () => {
    h = await douyinHarness({}, { SLICE_CONCURRENCY: 1 });
    await setTaskState(h.services, 'douyin', 'STOPPED', 'test');
    await expect(backfill(h)).rejects.toThrow(/STOPPED/);
    const rt = h.engine.runtime('douyin-life');
    await h.engine.start({ workers: false, scheduler: false });
    expect(await h.engine.tick(rt, new Date())).toEqual([]);
    expect(h.emu.queries.length).toBe(0);

    await setTaskState(h.services, 'douyin-life', 'RUNNING', 'test');
    const [mid] = await backfill(h, {
      afterPage: (pages: number) => {
        if (pages === 2) void setTaskState(h!.services, 'douyin-life', 'STOPPED', 'test');
        return false;
      },
    });
    expect(mid?.status).toBe('aborted');
    if (mid?.status !== 'aborted') throw new Error('unreachable');
    expect(mid.error?.message).toMatch(/STOPPED/);
    expect(mid.run.pages).toBeLessThanOrEqual(4);
    await setTaskState(h.services, 'douyin-life', 'RUNNING', 'test');
    const [rest] = await backfill(h);
    expect(rest?.status).toBe('succeeded');
    expect(await ordersInDb(h)).toEqual(all(h));
  });
});

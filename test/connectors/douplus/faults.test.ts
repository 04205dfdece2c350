// The platform misbehaving in the ways the contract suite drives: token expiry, rate limits,
// 5xx, a malformed page, a run killed between pages. Each run still ends with exact rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsAt } from '../../../src/sandbox/douplus/data.js';
import { fenToYuan } from '../../../src/money.js';
import { createDouplusHarness, type DouplusHarness } from './harness.js';

describe('DOU+ runs under platform faults', () => {
  let h: DouplusHarness;
  let account: string;
  const mine = () => h.emu.orders.filter((o) => o.account === account && o.createdAt <= h.now().getTime());
  const orderCount = async () => (await h.db.pool.query(`SELECT count(*)::int AS n FROM douplus_orders WHERE account_id = $1`, [account])).rows[0].n as number;

  beforeAll(async () => {
    // 10 per page: several pages per pass.
    h = await createDouplusHarness({ settings: { DOUPLUS_PAGE_SIZE: '10' } });
    account = h.emu.awemeSecUids[0] as string;
  });
  afterAll(async () => {
    await h.close();
  });

  it('a run killed between pages resumes at the next page and ends with every order once', async () => {
    const window = h.ordersWindow(7);
    const key = 'douplus-kill-resume';
    const first = await h.run(['orders'], window, { key, deps: { afterPage: (pages) => pages >= 2 } });
    expect(first.status).toBe('aborted');
    expect(await orderCount()).toBe(20);
    const listCalls = h.emu.douplusCounts.list;
    const second = await h.run(['orders'], window, { key });
    expect(second.status).toBe('succeeded');
    const expected = mine().filter((o) => o.createdAt >= window.from.getTime()).length;
    expect(await orderCount()).toBe(expected);
    // Pages 1 and 2 were not fetched again (the prefetch of page 3 may have been).
    const pages = h.emu.requests.filter((r) => r.path.endsWith('/order/list/')).slice(listCalls).map((r) => Number(r.query.page));
    expect(pages).not.toContain(1);
    expect(pages).not.toContain(2);
  });

  it('an expired access token (40102) is refreshed once and the pass finishes with exact rows', async () => {
    const refreshes = h.emu.counts.refresh;
    h.emu.faults.push({ match: /order\/report/, times: 1, kind: { code: 40102, message: 'access_token 已过期' } });
    const w = h.statsWindow();
    const out = await h.run(['order_stats'], w);
    expect(out.status).toBe('succeeded');
    expect(h.emu.counts.refresh).toBe(refreshes + 1);
    const now = h.now().getTime();
    const rows = (await h.db.pool.query(`SELECT order_id, cost::text FROM douplus_order_stats WHERE stat_time = $1 AND account_id = $2 ORDER BY order_id`, [w.from, account])).rows;
    const expected = mine()
      .filter((o) => o.createdAt >= now - 7 * 86_400_000 && (o.fate === 'normal' || o.fate === 'terminated'))
      .map((o) => ({ order_id: o.orderId.toString(), cost: fenToYuan(metricsAt(o, now).stat_cost) }))
      .sort((a, b) => (a.order_id < b.order_id ? -1 : 1));
    expect(rows).toEqual(expected);
  });

  it('rate limiting (40100) and 502 answers are retried with backoff and the pass ends with exact rows', async () => {
    h.step();
    h.emu.faults.push({ match: /order\/list/, times: 1, kind: 'rateLimit' }, { match: /order\/list/, times: 1, kind: 'serverError' }, { match: /order\/report/, times: 1, kind: 'rateLimit' });
    const o = await h.run(['orders'], h.ordersWindow(7));
    expect(o.status).toBe('succeeded');
    const s = await h.run(['order_stats'], h.statsWindow());
    expect(s.status).toBe('succeeded');
    const now = h.now().getTime();
    const sums = (
      await h.db.pool.query(`SELECT coalesce(sum(cost), 0)::text AS cost FROM douplus_order_latest WHERE account_id = $1`, [account])
    ).rows[0].cost;
    const fen = mine()
      .filter((x) => x.createdAt >= now - 7 * 86_400_000 - 5 * 60_000)
      .reduce((t, x) => t + metricsAt(x, now).stat_cost, 0);
    expect(sums).toBe(fenToYuan(fen));
  });

  it('a malformed page fails the run with a clear error and keeps the pages before it; the next run resumes', async () => {
    h.step();
    await h.run(['orders'], h.ordersWindow(7));
    const w = h.statsWindow();
    const key = 'douplus-malformed';
    // The page after the first committed one (or the one after that: the next page is prefetched) is malformed.
    const out = await h.run(['order_stats'], w, {
      key,
      deps: {
        afterPage: (pages) => {
          if (pages === 1) h.emu.faults.push({ match: /order\/report/, times: 1, kind: 'malformedPage' });
          return false;
        },
      },
    });
    expect(out.status).toBe('failed');
    if (out.status === 'failed') {
      expect(out.error?.code).toBe('SYNC_BAD_RESPONSE');
      expect(out.error?.message).toMatch(/page_info/);
    }
    expect(h.notifier.alerts.at(-1)?.title).toMatch(/DOU\+ sync failed/);
    const kept = (await h.db.pool.query(`SELECT count(*)::int AS n FROM douplus_order_stats WHERE stat_time = $1 AND account_id = $2`, [w.from, account])).rows[0].n;
    expect(kept).toBeGreaterThan(0);
    const again = await h.run(['order_stats'], w, { key });
    expect(again.status).toBe('succeeded');
    const now = h.now().getTime();
    const moved = mine().filter((o) => metricsAt(o, now).total_play !== metricsAt(o, now - 5 * 60_000).total_play);
    const written = (await h.db.pool.query(`SELECT order_id FROM douplus_order_stats WHERE stat_time = $1 AND account_id = $2 ORDER BY order_id`, [w.from, account])).rows.map((r) => r.order_id);
    expect(written).toEqual(moved.map((o) => o.orderId.toString()).sort());
  });
});

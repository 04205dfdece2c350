import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { douplus } from '../../../src/connectors/index.js';
import { connectorRoutes } from '../../../src/http/connector-routes.js';
import { metricsAt } from '../../../src/sandbox/douplus/data.js';
import { fenToYuan } from '../../../src/money.js';
import { createDouplusHarness, type DouplusHarness } from './harness.js';

describe('GET /api/douplus/*', () => {
  let h: DouplusHarness;
  let app: FastifyInstance;
  const admin = { authorization: 'Bearer admin-token-123' };
  const reader = { authorization: 'Bearer bi-read-token' };

  beforeAll(async () => {
    h = await createDouplusHarness();
    for (const account of h.emu.awemeSecUids) {
      await h.run(['orders'], h.ordersWindow(7), { account });
      await h.run(['order_stats'], h.statsWindow(), { account });
    }
    h.step();
    for (const account of h.emu.awemeSecUids) {
      await h.run(['orders'], h.ordersWindow(7), { account });
      await h.run(['order_stats'], h.statsWindow(), { account });
    }
    app = Fastify();
    await app.register(connectorRoutes, { connectors: [douplus], pool: h.db.pool, adminToken: 'admin-token-123', readTokens: ['bi-read-token'], now: () => new Date(h.statsWindow().to) });
  });
  afterAll(async () => {
    await app.close();
    await h.close();
  });

  it('needs ADMIN_TOKEN or a read token', async () => {
    expect((await app.inject({ url: '/api/douplus/orders' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/douplus/orders', headers: { authorization: 'Bearer nope' } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/douplus/orders', headers: admin })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/douplus/orders', headers: reader })).statusCode).toBe(200);
  });

  it('the order list sorted by cost shows each order with its own latest figures, exact', async () => {
    const res = await app.inject({ url: '/api/douplus/orders?sort=cost&page_size=100', headers: reader });
    const body = res.json() as { orders: { order_id: string; item_id: string; stats: { cost: string; plays: number } | null }[]; total: number };
    const now = h.now().getTime();
    expect(body.total).toBe(h.emu.orders.filter((o) => o.createdAt >= now - 7 * 86_400_000 - 5 * 60_000 && o.createdAt <= now).length);
    const costs = body.orders.filter((o) => o.stats).map((o) => Number(o.stats?.cost));
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
    for (const o of body.orders.filter((x) => x.stats).slice(0, 20)) {
      const e = h.emu.order(o.order_id);
      expect(o.stats?.cost).toBe(fenToYuan(metricsAt(e, now).stat_cost));
      expect(o.stats?.plays).toBe(metricsAt(e, now).total_play);
    }
    // Two orders on one video: two different sets of figures, neither the video's total.
    const byVideo = new Map<string, typeof body.orders>();
    for (const o of body.orders.filter((x) => x.stats && x.stats.plays > 0)) byVideo.set(o.item_id, [...(byVideo.get(o.item_id) ?? []), o]);
    const pair = [...byVideo.values()].find((os) => os.length >= 2) as typeof body.orders;
    expect(pair[0]?.stats?.plays).not.toBe(pair[1]?.stats?.plays);
  });

  it('filters by account, status and video, and pages', async () => {
    const account = h.emu.awemeSecUids[1] as string;
    const res = (await app.inject({ url: `/api/douplus/orders?account=${account}&status=DELIVERING&page_size=5&page=1`, headers: reader })).json() as {
      orders: { account_id: string; status: string }[];
      total: number;
    };
    expect(res.orders.length).toBeLessThanOrEqual(5);
    expect(res.orders.every((o) => o.account_id === account && o.status === 'DELIVERING')).toBe(true);
    const now = h.now().getTime();
    expect(res.total).toBe(h.emu.orders.filter((o) => o.account === account && o.createdAt <= now && o.createdAt >= now - 7 * 86_400_000 - 5 * 60_000 && h.emu.statusOf(o) === 'DELIVERING').length);
  });

  it('bad parameters get 400 naming each problem', async () => {
    const res = await app.inject({ url: '/api/douplus/orders?sort=price&page=0&colour=red', headers: reader });
    expect(res.statusCode).toBe(400);
    const e = (res.json() as { error: { code: string; message: string } }).error;
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.message).toMatch(/sort: must be one of cost, plays, conversions, created/);
    expect(e.message).toMatch(/page: must be a whole number ≥ 1/);
    expect(e.message).toMatch(/unknown parameter\(s\): colour/);
    expect((await app.inject({ url: '/api/douplus/videos?period=week', headers: reader })).json().error.message).toMatch(/period: must be one of today, 7d, 30d, all/);
    expect((await app.inject({ url: '/api/douplus/orders/abc', headers: reader })).statusCode).toBe(400);
    expect((await app.inject({ url: '/api/douplus/orders/1234567890123456', headers: reader })).statusCode).toBe(404);
  });

  it('an order\'s detail holds its ads and its 5-minute series', async () => {
    const delivering = h.emu.orders.find((o) => o.account === h.emu.awemeSecUids[0] && h.emu.statusOf(o) === 'DELIVERING' && metricsAt(o, h.now().getTime() - 5 * 60_000).total_play > 0) as (typeof h.emu.orders)[number];
    const res = (await app.inject({ url: `/api/douplus/orders/${delivering.orderId}`, headers: reader })).json() as {
      order: { order_id: string };
      ads: { ad_id: string; budget: string }[];
      series: { stat_time: string; cost: string }[];
    };
    expect(res.order.order_id).toBe(delivering.orderId.toString());
    expect(res.ads).toEqual([expect.objectContaining({ ad_id: delivering.adId.toString(), budget: fenToYuan(delivering.budgetFen) })]);
    expect(res.series.map((s) => s.cost)).toEqual([
      fenToYuan(metricsAt(delivering, h.now().getTime() - 5 * 60_000).stat_cost),
      fenToYuan(metricsAt(delivering, h.now().getTime()).stat_cost),
    ]);
  });

  it('the video ranking orders videos by cost with plays per 100 元, summing each video\'s orders', async () => {
    const res = (await app.inject({ url: '/api/douplus/videos?period=all', headers: reader })).json() as {
      videos: { item_id: string; cost: string; plays: number; orders: number; plays_per_100_yuan: string | null }[];
    };
    const costs = res.videos.map((v) => Number(v.cost));
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
    const top = res.videos[0] as (typeof res.videos)[number];
    const now = h.now().getTime();
    const orders = h.emu.orders.filter((o) => o.itemId.toString() === top.item_id && (o.fate === 'normal' || o.fate === 'terminated') && o.createdAt >= now - 7 * 86_400_000 - 5 * 60_000);
    const fen = orders.reduce((s, o) => s + metricsAt(o, now).stat_cost, 0);
    const plays = orders.reduce((s, o) => s + metricsAt(o, now).total_play, 0);
    expect(top.cost).toBe(fenToYuan(fen));
    expect(top.plays).toBe(plays);
    // plays per 100 元 = plays × 100 ÷ (fen ÷ 100)
    expect(top.plays_per_100_yuan).toBe((Math.round((plays * 10_000 * 100) / fen) / 100).toFixed(2));
    // "today" counts only what was spent since midnight (Asia/Shanghai): never more than all time.
    const today = (await app.inject({ url: '/api/douplus/videos?period=today', headers: reader })).json() as typeof res;
    const all = new Map(res.videos.map((v) => [v.item_id, Number(v.cost)]));
    for (const v of today.videos) expect(Number(v.cost)).toBeLessThanOrEqual(all.get(v.item_id) ?? 0);
  });

  it('accounts with their totals for a period', async () => {
    const res = (await app.inject({ url: '/api/douplus/accounts?period=all', headers: reader })).json() as { accounts: { account_id: string; cost: string; orders: number }[] };
    expect(res.accounts.map((a) => a.account_id)).toEqual([...h.emu.awemeSecUids].sort());
    const now = h.now().getTime();
    for (const a of res.accounts) {
      const fen = h.emu.orders.filter((o) => o.account === a.account_id && o.createdAt >= now - 7 * 86_400_000 - 5 * 60_000 && o.createdAt <= now).reduce((s, o) => s + metricsAt(o, now).stat_cost, 0);
      expect(a.cost).toBe(fenToYuan(fen));
    }
    expect((await app.inject({ url: '/api/douplus/accounts?period=1y', headers: reader })).statusCode).toBe(400);
  });

  it('/douplus in chat: top videos by cost with plays per 100 元 and conversions, a chart, and bad arguments named', async () => {
    const cmd = douplus.chatCommands?.[0];
    expect(cmd?.aliases).toContain('抖加');
    const answer = await cmd?.run(['today'], { pool: h.db.pool, now: new Date() });
    const ranking = (await app.inject({ url: '/api/douplus/videos?period=today&limit=10', headers: reader })).json() as { videos: { item_title: string; cost: string }[] };
    expect(answer?.lines).toHaveLength(ranking.videos.length);
    expect(answer?.lines[0]).toContain(ranking.videos[0]?.item_title);
    expect(answer?.lines[0]).toMatch(/per 100 元/);
    expect(answer?.chart?.points.map((p) => p.value)).toEqual(ranking.videos.map((v) => Number(v.cost)));
    const oneAccount = await cmd?.run([(h.emu.awemeSecUids[1] as string).slice(0, 40), '7d'], { pool: h.db.pool, now: new Date() });
    expect(oneAccount?.title).toMatch(/近7天/);
    await expect(cmd?.run(['today', 'x', 'y'], { pool: h.db.pool, now: new Date() })).rejects.toMatchObject({ code: 'COMMAND_BAD_ARGS' });
    await expect(cmd?.run(['nobody'], { pool: h.db.pool, now: new Date() })).rejects.toMatchObject({ code: 'COMMAND_BAD_ARGS' });
  });
});

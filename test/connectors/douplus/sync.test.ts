import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsAt, statusAt, type EmulatedOrder } from '../../../src/sandbox/douplus/data.js';
import { fenToYuan } from '../../../src/money.js';
import { createDouplusHarness, type DouplusHarness } from './harness.js';

const yuan = (fen: number) => fenToYuan(fen) as string;

describe('DOU+ through the engine (emulator → PostgreSQL)', () => {
  let h: DouplusHarness;
  let account: string;
  const mine = () => h.emu.orders.filter((o) => o.account === account && o.createdAt <= h.now().getTime());
  const expectedSnapshot = (o: EmulatedOrder) => {
    const m = metricsAt(o, h.now().getTime());
    return {
      order_id: o.orderId.toString(),
      cost: yuan(m.stat_cost),
      plays: String(m.total_play),
      likes: String(m.custom_like),
      shares: String(m.dy_share),
      conversions: String(m.dp_target_convert_cnt),
      cost_per_conversion: m.dp_target_convert_cnt ? yuan(m.custom_convert_cost) : null,
    };
  };
  const snapshotsAt = async (statTime: Date) =>
    (
      await h.db.pool.query(
        `SELECT order_id, cost::text, plays::text, likes::text, shares::text, conversions::text, cost_per_conversion::text
           FROM douplus_order_stats WHERE account_id = $1 AND stat_time = $2 ORDER BY order_id`,
        [account, statTime],
      )
    ).rows;

  beforeAll(async () => {
    h = await createDouplusHarness();
    account = h.emu.awemeSecUids[0] as string;
  });
  afterAll(async () => {
    await h.close();
  });

  it('an order pass writes every order of the window: id, video, status with its text, budget 分 → 元, create time in Asia/Shanghai, ads', async () => {
    const out = await h.run(['orders'], h.ordersWindow(7));
    expect(out.status).toBe('succeeded');
    const expected = mine()
      .filter((o) => o.createdAt >= h.now().getTime() - 7 * 86_400_000)
      .map((o) => ({
        order_id: o.orderId.toString(),
        task_id: o.taskId.toString(),
        item_id: o.itemId.toString(),
        item_title: o.itemTitle,
        status: statusAt(o, h.now().getTime()),
        budget: yuan(o.budgetFen),
        create_time: new Date(o.createdAt).toISOString(),
      }))
      .sort((a, b) => (a.order_id < b.order_id ? -1 : 1));
    const rows = (
      await h.db.pool.query(
        `SELECT order_id, task_id, item_id, item_title, status, budget::text, create_time FROM douplus_orders WHERE account_id = $1 ORDER BY order_id`,
        [account],
      )
    ).rows.map((r) => ({ ...r, create_time: (r.create_time as Date).toISOString() }));
    expect(rows).toEqual(expected);
    expect(rows.length).toBeGreaterThan(30);
    const texts = (await h.db.pool.query(`SELECT DISTINCT status, status_text FROM douplus_orders ORDER BY status`)).rows;
    expect(texts).toContainEqual({ status: 'DELIVERING', status_text: '投放中' });
    // 9997 分 is ¥99.97 exactly: no float on the way.
    const odd = mine().find((o) => o.budgetFen === 9_997);
    if (odd) expect((await h.db.pool.query(`SELECT budget::text FROM douplus_orders WHERE order_id = $1`, [odd.orderId.toString()])).rows[0].budget).toBe('99.97');
    const ads = (await h.db.pool.query(`SELECT count(*)::int AS n FROM douplus_order_ads WHERE account_id = $1`, [account])).rows[0].n;
    expect(ads).toBe(rows.length);
    // The list was read oldest first with the create-time filter in the API's format.
    const first = h.emu.requests.find((r) => r.path === '/open_api/v3.0/douplus/order/list/');
    expect(first?.query).toMatchObject({ aweme_sec_uid: account, page: '1', page_size: '100', order_by_field: 'CREATE_TIME', order_by_type: 'ASC' });
    expect(JSON.parse(String(first?.query.filter)).order_create_time.start_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('the same order pass again inserts and updates nothing', async () => {
    const out = await h.run(['orders'], h.ordersWindow(7));
    expect(out.status).toBe('succeeded');
    if (out.status === 'succeeded') expect(out.counts).toMatchObject({ inserted: 0, updated: 0 });
  });

  it('a stats pass writes one snapshot per followed order at the bucket, with the report figures exact to the cent', async () => {
    const w = h.statsWindow();
    const out = await h.run(['order_stats'], w);
    expect(out.status).toBe('succeeded');
    const delivered = mine().filter((o) => o.fate === 'normal' || o.fate === 'terminated');
    expect(await snapshotsAt(w.from)).toEqual(delivered.map(expectedSnapshot).sort((a, b) => (a.order_id < b.order_id ? -1 : 1)));
    // Orders that never spend (unpaid, rejected) are not asked for.
    const report = h.emu.requests.filter((r) => r.path === '/open_api/v3.0/douplus/order/report/').at(-1);
    const asked = (JSON.parse(String(report?.query.filter)) as { order_ids: string[] }).order_ids.map(String);
    for (const o of mine().filter((x) => x.fate === 'unpaid' || x.fate === 'rejected')) expect(asked).not.toContain(o.orderId.toString());
    expect(report?.query.group_by).toBe('["GROUP_BY_AD_ID"]');
    expect(JSON.parse(String(report?.query.stat_time))).toMatchObject({ begin_time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), end_time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    // 16-digit ids travel as bare numbers, exactly.
    expect(String(report?.query.filter)).toMatch(/^\{"order_ids":\[\d{16}(,\d{16})*\]\}$/);
  });

  it('the same bucket again writes nothing; the next bucket writes only the orders that moved', async () => {
    const again = await h.run(['order_stats'], h.statsWindow());
    if (again.status === 'succeeded') expect(again.counts).toMatchObject({ inserted: 0, updated: 0 });
    h.step();
    await h.run(['orders'], h.ordersWindow(7));
    const w = h.statsWindow();
    const out = await h.run(['order_stats'], w);
    expect(out.status).toBe('succeeded');
    const now = h.now().getTime();
    const before = now - 5 * 60_000;
    const moved = mine().filter((o) => metricsAt(o, now).stat_cost !== metricsAt(o, before).stat_cost || metricsAt(o, now).total_play !== metricsAt(o, before).total_play);
    const written = (await snapshotsAt(w.from)).map((r) => r.order_id);
    expect(written).toEqual(moved.map((o) => o.orderId.toString()).sort());
    expect(moved.length).toBeGreaterThan(0);
    // An ended order does not grow the table.
    const ended = mine().filter((o) => ['DELIVERIED', 'UNDELIVERIED'].includes(statusAt(o, before)));
    for (const o of ended) expect(written).not.toContain(o.orderId.toString());
    // "At a time" reads the latest snapshot at or before it: every delivered order has one.
    const at = (
      await h.db.pool.query(
        `SELECT count(DISTINCT order_id)::int AS n FROM douplus_order_stats WHERE account_id = $1 AND stat_time <= $2`,
        [account, w.from],
      )
    ).rows[0].n;
    expect(at).toBe(mine().filter((o) => o.fate === 'normal' || o.fate === 'terminated').length);
  });

  it('the video aggregate sums each video\'s orders at the bucket, with exact rates; two orders on one video keep their own figures', async () => {
    const w = h.statsWindow();
    const now = h.now().getTime();
    const byVideo = new Map<string, EmulatedOrder[]>();
    for (const o of mine().filter((x) => x.fate === 'normal' || x.fate === 'terminated')) {
      byVideo.set(o.itemId.toString(), [...(byVideo.get(o.itemId.toString()) ?? []), o]);
    }
    const [item, orders] = [...byVideo.entries()].find(([, os]) => os.length >= 2 && os.filter((o) => metricsAt(o, now).total_play > 0).length >= 2) as [string, EmulatedOrder[]];
    const m = orders.map((o) => metricsAt(o, now));
    const costFen = m.reduce((s, x) => s + x.stat_cost, 0);
    const plays = m.reduce((s, x) => s + x.total_play, 0);
    const agg = (
      await h.db.pool.query(
        `SELECT order_count, total_cost::text, total_play::text, like_rate::text, play_per_100_cost::text FROM douplus_video_stats_agg
          WHERE account_id = $1 AND item_id = $2 AND stat_time <= $3 ORDER BY stat_time DESC LIMIT 1`,
        [account, item, w.from],
      )
    ).rows[0];
    expect(agg).toMatchObject({ order_count: orders.length, total_cost: yuan(costFen), total_play: String(plays) });
    const likes = m.reduce((s, x) => s + x.custom_like, 0);
    expect(agg.like_rate).toBe((Math.round((likes / plays) * 10_000) / 10_000).toFixed(4));
    // The order list (latest snapshot per order) shows each order's own numbers, not the video's.
    const latest = (await h.db.pool.query(`SELECT order_id, plays::text FROM douplus_order_latest WHERE item_id = $1 ORDER BY order_id`, [item])).rows;
    expect(latest.map((r) => r.plays)).toEqual(orders.sort((a, b) => (a.orderId < b.orderId ? -1 : 1)).map((o) => String(metricsAt(o, now).total_play)));
    expect(new Set(latest.map((r) => r.plays)).size).toBeGreaterThan(1);
    expect(latest.every((r) => r.plays !== String(plays))).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { douplus } from '../../../src/connectors/index.js';
import { dayEnd, dayStart, businessDay } from '../../../src/engine/time.js';
import { metricsAt } from '../../../src/sandbox/douplus/data.js';
import { fenToYuan, formatYuan } from '../../../src/money.js';
import { createDouplusHarness, type DouplusHarness } from './harness.js';

describe('DOU+ per-day video figures, the Bitable ranking table and the summary section', () => {
  let h: DouplusHarness;
  let day: string;
  beforeAll(async () => {
    h = await createDouplusHarness({ hoursBehind: 3 });
    // Two passes within one business day (the emulator's clock sits on a bucket, 3 hours back).
    day = businessDay(h.now());
    for (let i = 0; i < 2; i++) {
      for (const account of h.emu.awemeSecUids) {
        await h.run(['orders'], h.ordersWindow(7), { account });
        await h.run(['order_stats'], h.statsWindow(), { account });
      }
      if (i === 0) h.step();
    }
  });
  afterAll(async () => {
    await h.close();
  });

  it('video_daily holds what each video spent and brought that day, per 抖音号, exact', async () => {
    const account = h.emu.awemeSecUids[0] as string;
    const out = await h.run(['video_daily'], { from: dayStart(day), to: dayEnd(day) }, { account });
    expect(out.status).toBe('succeeded');
    const rows = (await h.db.pool.query(`SELECT item_id, cost::text, plays::text FROM douplus_video_daily WHERE stat_date = $1 AND account_id = $2 ORDER BY item_id`, [day, account])).rows;
    const now = h.now().getTime();
    const byVideo = new Map<string, { fen: number; plays: number }>();
    for (const o of h.emu.orders.filter((x) => x.account === account && x.createdAt <= now && x.createdAt >= now - 7 * 86_400_000 - 5 * 60_000)) {
      const m = metricsAt(o, now);
      if (!m.total_play && !m.stat_cost) continue;
      // Orders whose figures did not move today still count in full here: the first snapshot of
      // the day is the first snapshot ever (the history starts today).
      const v = byVideo.get(o.itemId.toString()) ?? { fen: 0, plays: 0 };
      v.fen += m.stat_cost;
      v.plays += m.total_play;
      byVideo.set(o.itemId.toString(), v);
    }
    expect(rows).toEqual(
      [...byVideo.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([item_id, v]) => ({ item_id, cost: fenToYuan(v.fen), plays: String(v.plays) })),
    );
    // Mirrored to Bitable as the DOU+ ranking.
    expect(douplus.mirror?.[0]).toMatchObject({ source: 'douplus_video_daily', key: ['stat_date', 'account_id', 'item_id'] });
  });

  it('the summary section gives the day\'s spend, plays, conversions, the best video and a 7-day trend', async () => {
    const section = await douplus.summary?.(h.db.pool, day);
    const rows = (await h.db.pool.query(`SELECT coalesce(sum(cost), 0)::text AS cost FROM douplus_order_latest`)).rows[0];
    expect(section?.figures.find((f) => f.label === '消耗')?.value).toBe(formatYuan(rows.cost));
    expect(section?.figures.find((f) => f.label === '最佳视频')?.value).toMatch(/播放\/百元/);
    expect(section?.trend?.points).toHaveLength(7);
    expect(section?.trend?.points.at(-1)).toEqual({ day, value: Number(rows.cost) });
  });

  it('declares its daily figures for the overview: spend, conversions and plays per day and 抖音号, equal to video_daily', async () => {
    const account = h.emu.awemeSecUids[0] as string;
    const r = await h.db.pool.query<{ metric: string; value: string; currency: string }>(douplus.dailyMetrics?.sql as string, [[day], account]);
    const daily = (await h.db.pool.query(`SELECT coalesce(sum(cost), 0)::text AS cost, coalesce(sum(plays), 0)::text AS plays FROM douplus_video_daily WHERE stat_date = $1 AND account_id = $2`, [day, account])).rows[0];
    const by = new Map(r.rows.map((x) => [x.metric, x]));
    expect(Number(by.get('ad_spend')?.value)).toBe(Number(daily.cost));
    expect(by.get('ad_spend')?.currency).toBe('CNY');
    expect(Number(by.get('plays')?.value)).toBe(Number(daily.plays));
    expect(by.has('conversions')).toBe(true);
  });
});

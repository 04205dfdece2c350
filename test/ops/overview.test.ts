// The overview across platforms, checked against hand-computed figures: two platforms' own tables
// seeded, their declared daily figures refreshed as the engine does after a run, a third
// platform's figures in USD, with and without an exchange rate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFrom } from '../../src/config.js';
import { douyinLife } from '../../src/connectors/douyin-life/index.js';
import { oceanengineLocal } from '../../src/connectors/oceanengine-local/index.js';
import { refreshDailyMetrics } from '../../src/engine/daily-metrics.js';
import { dayEnd, dayStart } from '../../src/engine/time.js';
import { getOverview, overviewPeriod, setExchangeRate } from '../../src/ops/overview.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const DAY = '2026-11-10';
const BEFORE = '2026-11-09';
const WEEK = '2026-11-03';
const at = (day: string, hh: string) => `${day} ${hh}:00:00+08`;

describe('overview across platforms', () => {
  let db: TestDatabase;
  const config = configFrom({ FX_RATES: '' });
  beforeAll(async () => {
    db = await createTestDatabase();
    // 抖音来客: paid orders (counted on their pay day, Asia/Shanghai), one unpaid (not counted).
    const orders = [
      ['o1', at(DAY, '09'), '100.50', 2],
      ['o2', at(DAY, '23'), '49.50', 1], // 23:00 +08 is still the 10th in Shanghai (15:00 UTC)
      ['o3', at(BEFORE, '12'), '80.00', 1],
      ['o4', at(WEEK, '08'), '60.00', 3],
      ['o5', null, '999.00', 1],
    ] as const;
    for (const [id, paid, amount, count] of orders) {
      await db.pool.query(
        `INSERT INTO douyin_life_orders (order_id, account_id, order_status, pay_amount, count, pay_time, create_time, raw_data)
         VALUES ($1, 'acc1', '1', $2, $3, $4, coalesce($4::timestamptz, now()), '{}')`,
        [id, amount, count, paid],
      );
    }
    // 巨量本地推: ad spend per day and unit.
    const report = [
      [DAY, 'u1', '30.00', 3],
      [DAY, 'u2', '20.25', 1],
      [BEFORE, 'u1', '40.00', 2],
      [WEEK, 'u1', '15.00', 0],
    ] as const;
    for (const [day, unit, spend, conv] of report) {
      await db.pool.query(
        `INSERT INTO oceanengine_local_daily (stat_date, account_id, unit_id, spend, conversions, group_buy_leads, raw_data) VALUES ($1, 'adv1', $2, $3, $4, 0, '{}')`,
        [day, unit, spend, conv],
      );
    }
    const w = { from: dayStart(WEEK), to: dayEnd(DAY) };
    await refreshDailyMetrics({ pool: db.pool, config }, douyinLife, 'acc1', w);
    await refreshDailyMetrics({ pool: db.pool, config }, oceanengineLocal, 'adv1', w);
    // A shop selling in USD (as a Temu connector declares it), and its refunds.
    await db.pool.query(
      `INSERT INTO daily_metrics (day, platform, account, metric, value, currency) VALUES
         ($1, 'shop-usd', 's1', 'revenue', 10.00, 'USD'), ($1, 'shop-usd', 's1', 'refunds', 2.50, 'USD'), ($1, 'shop-usd', 's1', 'orders', 2, '')`,
      [DAY],
    );
  });
  afterAll(async () => {
    await db.drop();
  });

  it("reads each platform's declared figures into daily_metrics for the days a run touched", async () => {
    const r = await db.pool.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, platform, metric, value::text, currency FROM daily_metrics WHERE day = $1 ORDER BY platform, metric`, [DAY]);
    expect(r.rows).toEqual([
      { day: DAY, platform: 'douyin-life', metric: 'orders', value: '2', currency: '' },
      { day: DAY, platform: 'douyin-life', metric: 'revenue', value: '150.00', currency: 'CNY' },
      { day: DAY, platform: 'douyin-life', metric: 'units', value: '3', currency: '' },
      { day: DAY, platform: 'oceanengine-local', metric: 'ad_spend', value: '50.25', currency: 'CNY' },
      { day: DAY, platform: 'oceanengine-local', metric: 'conversions', value: '4', currency: '' },
      { day: DAY, platform: 'shop-usd', metric: 'orders', value: '2', currency: '' },
      { day: DAY, platform: 'shop-usd', metric: 'refunds', value: '2.50', currency: 'USD' },
      { day: DAY, platform: 'shop-usd', metric: 'revenue', value: '10.00', currency: 'USD' },
    ]);
  });

  it('without a USD rate: USD money is left out and named, never guessed', async () => {
    const o = await getOverview({ pool: db.pool, config }, DAY);
    expect(o.totals).toEqual({ revenue: '150.00', refunds: '0.00', adSpend: '50.25', orders: 4, roi: '2.9851', missingRates: ['USD'] });
  });

  it('with a rate: revenue, refunds, spend, ROI, and the day before and a week before, by hand', async () => {
    const withRate = configFrom({ FX_RATES: 'USD=7.1234' });
    const o = await getOverview({ pool: db.pool, config: withRate }, DAY);
    // 150.00 + 10.00 × 7.1234 = 221.234 → 221.23; refunds 2.50 × 7.1234 = 17.8085 → 17.81
    expect(o.totals).toEqual({ revenue: '221.23', refunds: '17.81', adSpend: '50.25', orders: 4, roi: '4.4026', missingRates: [] });
    expect(o.compare.dayBefore).toMatchObject({ day: BEFORE, revenue: '80.00', adSpend: '40.00', orders: 1, roi: '2.0000' });
    expect(o.compare.weekBefore).toMatchObject({ day: WEEK, revenue: '60.00', adSpend: '15.00', orders: 1, roi: '4.0000' });
    expect(o.platforms.find((p) => p.platform === 'shop-usd' && p.metric === 'revenue')?.value).toBe('71.23');
  });

  it('a rate set by a person wins over FX_RATES and rewrites the overview table of the days in that currency', async () => {
    await setExchangeRate({ pool: db.pool, engine: undefined }, 'usd', '7', 'test');
    const o = await getOverview({ pool: db.pool, config: configFrom({ FX_RATES: 'USD=7.1234' }) }, DAY);
    expect(o.totals.revenue).toBe('220.00');
    expect(o.rates.USD).toBe('7');
  });

  it('a 7-day period sums its days', async () => {
    const o = await getOverview({ pool: db.pool, config }, `${WEEK}..${DAY}`);
    expect(o.days).toHaveLength(8);
    expect(o.totals).toMatchObject({ revenue: '360.00', adSpend: '105.25', orders: 6, roi: '3.4204' });
  });

  it('periods people type', () => {
    const now = new Date('2026-11-11T04:00:00Z');
    expect(overviewPeriod(undefined, now)).toEqual({ label: 'yesterday', from: '2026-11-10', to: '2026-11-10' });
    expect(overviewPeriod('7d', now)).toEqual({ label: '7d', from: '2026-11-04', to: '2026-11-10' });
    expect(overviewPeriod('2026-11', now)).toEqual({ label: '2026-11', from: '2026-11-01', to: '2026-11-11' });
    expect(() => overviewPeriod('someday', now)).toThrow(/not a period/);
  });
});

describe('GET /api/overview', () => {
  it('answers the same figures as the operation, and a bad period is a 400 naming it', async () => {
    const { buildApp } = await import('../../src/app.js');
    const { createLogger } = await import('../../src/logger.js');
    const { createMetrics } = await import('../../src/metrics.js');
    const db = await createTestDatabase();
    try {
      await db.pool.query(`INSERT INTO daily_metrics (day, platform, account, metric, value, currency) VALUES ('2026-11-10', 'p', 'a', 'revenue', 12.34, 'CNY'), ('2026-11-10', 'q', 'b', 'ad_spend', 4.00, 'CNY')`);
      const config = configFrom({ ADMIN_TOKEN: 'admin-token-for-overview', DATABASE_URL: db.url });
      const app = await buildApp({ config, log: createLogger('silent', { pretty: false }), pool: db.pool, metrics: createMetrics(), connectors: [] });
      const auth = { authorization: 'Bearer admin-token-for-overview' };
      const ok = await app.inject({ url: '/api/overview?period=2026-11-10', headers: auth });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().totals).toEqual({ revenue: '12.34', refunds: '0.00', adSpend: '4.00', orders: 0, roi: '3.0850', missingRates: [] });
      const bad = await app.inject({ url: '/api/overview?period=someday', headers: auth });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.message).toMatch(/not a period/);
      await app.close();
    } finally {
      await db.drop();
    }
  });
});

describe('the daily summary opens with the overview', () => {
  it('shows revenue, refunds, ad spend and ROI with their changes, and a 30-day chart of revenue vs spend', async () => {
    const { buildDailySummary } = await import('../../src/notify/daily-summary.js');
    const { createLogger } = await import('../../src/logger.js');
    const db = await createTestDatabase();
    try {
      await db.pool.query(
        `INSERT INTO daily_metrics (day, platform, account, metric, value, currency) VALUES
           ('2026-11-10', 'p', 'a', 'revenue', 200.00, 'CNY'), ('2026-11-10', 'q', 'b', 'ad_spend', 50.00, 'CNY'), ('2026-11-10', 'p', 'a', 'refunds', 10.00, 'CNY'),
           ('2026-11-09', 'p', 'a', 'revenue', 160.00, 'CNY'), ('2026-11-09', 'q', 'b', 'ad_spend', 40.00, 'CNY'),
           ('2026-11-03', 'p', 'a', 'revenue', 250.00, 'CNY'), ('2026-11-03', 'q', 'b', 'ad_spend', 100.00, 'CNY')`,
      );
      const card = await buildDailySummary(
        { pool: db.pool, log: createLogger('silent', { pretty: false }), connectors: [douyinLife], config: configFrom({}) },
        '2026-11-10',
      );
      const text = JSON.stringify(card);
      // 200 vs 160 the day before (+25.0%) and 250 a week before (−20.0%); ROI 200/50 = 4.0000 vs 4.0000 and 2.5000 (+60.0%).
      expect(text).toContain('Overview, all platforms');
      expect(text).toContain('¥200.00 (vs day before +25.0%, vs last week −20.0%)');
      expect(text).toContain('¥10.00 (vs day before —, vs last week —)');
      expect(text).toContain('¥50.00 (vs day before +25.0%, vs last week −50.0%)');
      expect(text).toContain('4.0000 (vs day before +0.0%, vs last week +60.0%)');
      const chart = (card.body as { elements: { tag: string; chart_spec?: { data: { values: { series?: string }[] }; seriesField?: string } }[] }).elements.find((e) => e.tag === 'chart');
      expect(chart?.chart_spec?.seriesField).toBe('series');
      expect(chart?.chart_spec?.data.values).toHaveLength(60);
    } finally {
      await db.drop();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temu } from '../../../src/connectors/temu/index.js';
import { importCosts } from '../../../src/connectors/temu/costs.js';
import { formatMoney, marginText } from '../../../src/connectors/temu/figures.js';
import { start } from '../../../src/sandbox/temu/sandbox.js';
import { businessDay } from '../../../src/engine/time.js';
import { createLogger } from '../../../src/logger.js';
import { configFrom } from '../../../src/config.js';
import { temuHarness, at, type TemuHarness } from './harness.js';

const TO = Math.floor(Date.now() / 1000) - 120;
const FROM = TO - 3 * 86_400;

describe('Temu export, summary and sandbox', () => {
  let h: TemuHarness;
  beforeAll(async () => {
    h = await temuHarness({ emulator: { ordersPerShop: 30, productsPerShop: 6, from: FROM, to: TO, ratePerSecond: 1000 }, settings: { TEMU_RATE_PER_SECOND: '800' } });
    for (const shop of ['us-main', 'eu-store']) expect((await h.sync(shop, { from: at(FROM - 60), to: at(TO + 60) }, { streams: ['orders'] })).status).toBe('succeeded');
    const skus = (h.emu.products.get('us-main') ?? []).flatMap((p) => p.skus);
    await importCosts(h.db.pool, skus.map((s) => ({ skuId: String(s.skuId), cost: '2.50' })), { source: 'test', payoutDays: 14 });
  });
  afterAll(async () => {
    await h.close();
  });

  it("the month's export lists every order with cost and profit; orders without a cost are counted, not zero", async () => {
    const month = businessDay(at(TO)).slice(0, 7);
    const first = `${month}-01`;
    const sheet = await temu.exports?.[0]?.month(h.db.pool, { first, last: `${month}-31` });
    const inMonth = (await h.db.pool.query(`SELECT count(*)::int AS n FROM temu_order_finance WHERE to_char(order_day, 'YYYY-MM') = $1`, [month])).rows[0].n;
    expect(sheet?.rows).toHaveLength(inMonth);
    const us = sheet?.rows.find((r) => r.shop === 'us-main' && r.cost !== null);
    expect(us?.cost).toMatch(/^\d+\.\d{2}$/);
    const eu = sheet?.rows.find((r) => r.shop === 'eu-store' && Number(r.status) !== 3);
    expect(eu?.cost).toBeNull();
    expect(String(sheet?.totals?.missing_skus)).toMatch(/^\d+ 单缺成本$/);
  });

  it('the daily summary has a line per shop in its own currency and a 7-day order trend', async () => {
    const day = businessDay(at(TO - 86_400));
    const s = await temu.summary?.(h.db.pool, day);
    expect(s?.title).toBe(`Temu ${day}`);
    expect(s?.figures.some((f) => f.label === 'us-main GMV' && f.value.startsWith('$'))).toBe(true);
    expect(s?.figures.some((f) => f.label === 'eu-store GMV' && f.value.startsWith('€'))).toBe(true);
    expect(s?.trend?.points).toHaveLength(7);
  });

  it('daily figures for the overview: GMV as revenue in the shop currency, orders and units', async () => {
    const day = businessDay(at(TO - 86_400));
    const sql = temu.dailyMetrics?.sql as string;
    const r = await h.db.pool.query<{ metric: string; value: string; currency: string }>(sql, [[day], 'us-main']);
    const d = (await h.db.pool.query(`SELECT gmv::text, orders FROM temu_shop_daily WHERE shop = 'us-main' AND day = $1 AND currency = 'USD'`, [day])).rows[0];
    expect(r.rows.find((x) => x.metric === 'revenue')).toEqual({ day: expect.any(Date), account: 'us-main', metric: 'revenue', value: d.gmv, currency: 'USD' });
    expect(Number(r.rows.find((x) => x.metric === 'orders')?.value)).toBe(d.orders);
  });

  it('money for people: each currency its own way; margin exact', () => {
    expect(formatMoney('1234567.5', 'USD')).toBe('$1,234,567.50');
    expect(formatMoney('-3.456', 'EUR')).toBe('-€3.46');
    expect(formatMoney('1500.000', 'JPY')).toBe('¥1,500');
    expect(formatMoney('12.00', 'MXN')).toBe('12.00 MXN');
    expect(marginText('25.00', '100.00')).toBe('25.0%');
    expect(marginText('-1.00', '3.00')).toBe('-33.3%');
    expect(marginText('1.00', '0')).toBe('—');
  });

  it('sandbox: the emulator factory hands the connector an app, three shops and a host per region', async () => {
    const emu = await start(configFrom({ SANDBOX: 'on' }), { port: 0, log: createLogger('silent', { pretty: false }) });
    try {
      expect(emu.env.TEMU_BASE_URL).toBe(`${emu.baseUrl}/{region}`);
      expect(JSON.parse(emu.env.TEMU_SHOPS as string).map((s: { region: string }) => s.region)).toEqual(['us', 'eu', 'global']);
    } finally {
      await emu.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costInputsFromSheet, importCosts, validateCosts } from '../../../src/connectors/temu/costs.js';
import { refreshFinance } from '../../../src/connectors/temu/profit.js';
import { shopReport } from '../../../src/connectors/temu/report.js';
import { businessDay } from '../../../src/engine/time.js';
import { decimalToCents } from '../../../src/money.js';
import { orderTotals } from '../../../src/sandbox/temu/data.js';
import { TongbuError } from '../../../src/errors.js';
import { temuHarness, at, type TemuHarness } from './harness.js';

const TO = Math.floor(Date.now() / 1000) - 120;
const FROM = TO - 6 * 86_400;
const WINDOW = { from: at(FROM - 60), to: at(TO + 60) };
const opts = { source: 'test', payoutDays: 14 };

/** 4-dp cost strings to 1/10000 units, exact. */
const units4 = (v: string) => {
  const [w = '0', f = ''] = v.split('.');
  return BigInt(w) * 10000n + BigInt((f + '0000').slice(0, 4)) * (v.startsWith('-') ? -1n : 1n);
};

describe('Temu cost, profit, GMV and payouts', () => {
  let h: TemuHarness;
  beforeAll(async () => {
    h = await temuHarness({ emulator: { ordersPerShop: 80, productsPerShop: 12, from: FROM, to: TO, ratePerSecond: 1000 }, settings: { TEMU_RATE_PER_SECOND: '800' } });
    for (const shop of ['us-main', 'jp-store']) {
      expect((await h.sync(shop, WINDOW, { streams: ['orders'] })).status).toBe('succeeded');
      expect((await h.sync(shop, { from: new Date(Date.now() - 3_600_000), to: new Date() }, { streams: ['products'] })).status).toBe('succeeded');
    }
  });
  afterAll(async () => {
    await h.close();
  });

  const skusOf = (shop: string) => (h.emu.products.get(shop) ?? []).flatMap((p) => p.skus);

  it('with no costs, every order is listed as missing a cost and none is counted as zero', async () => {
    const r = await h.db.pool.query(`SELECT count(*)::int AS n, count(cost)::int AS with_cost FROM temu_order_finance WHERE shop = 'us-main'`);
    expect(r.rows[0].n).toBe(80);
    const withLines = await h.db.pool.query(`SELECT count(*)::int AS n FROM temu_order_finance WHERE shop = 'us-main' AND units > 0 AND cost IS NOT NULL`);
    expect(withLines.rows[0].n).toBe(0);
    const daily = await h.db.pool.query(`SELECT sum(missing_cost)::int AS m, count(cost)::int AS c FROM temu_shop_daily WHERE shop = 'us-main'`);
    expect(daily.rows[0].m).toBeGreaterThan(0);
  });

  it('a cost sheet with an unknown SKU, a negative and a non-numeric cost is refused as a whole, naming each row; nothing is written', async () => {
    const sku = skusOf('us-main')[0];
    const inputs = costInputsFromSheet(
      ['SKU id', '成本价', '生效日期', '币种'],
      [
        [String(sku?.skuId), '3.50', '', 'USD'],
        ['99999999999', '2.00', '', ''],
        [String(skusOf('us-main')[1]?.skuId), '-1.20', '', ''],
        [String(skusOf('us-main')[2]?.skuId), 'abc', '', ''],
      ],
    );
    const e = (await importCosts(h.db.pool, inputs, opts).catch((x: unknown) => x)) as TongbuError;
    expect(e).toBeInstanceOf(TongbuError);
    expect(e.message).toMatch(/nothing was imported, 3 cost entries are wrong/);
    expect(e.message).toMatch(/row 3: SKU id 99999999999 is not a SKU of any Temu shop/);
    expect(e.message).toMatch(/row 4 \(\d+\): 成本价 -1\.20 is negative/);
    expect(e.message).toMatch(/row 5 \(\d+\): 成本价 "abc" is not a number/);
    expect((await h.db.pool.query(`SELECT count(*)::int AS n FROM temu_sku_costs`)).rows[0].n).toBe(0);
  });

  it('sheet cells: a date cell, ¥ and thousands separators are read; more than 4 decimals or a bad 币种 is refused', async () => {
    const [a, b, c] = skusOf('us-main');
    const inputs = costInputsFromSheet(
      ['货号', '成本价', '生效日期', '币种'],
      [
        [a?.skuSn, '¥1,234.5', new Date(Date.UTC(2026, 1, 3)), 'rmb'],
        [b?.skuSn, 2.12345, '2026/2/4', ''],
        [c?.skuSn, 3, '', 'DOGE'],
      ],
    );
    const { rows, problems } = await validateCosts(h.db.pool, inputs);
    expect(rows[0]).toEqual({ ref_kind: 'sku_sn', sku_ref: a?.skuSn, effective_from: '2026-02-03', unit_cost: '1234.5', currency: 'CNY' });
    expect(problems).toEqual([`row 3 (${b?.skuSn}): 成本价 2.12345 has more than 4 decimals`, `row 4 (${c?.skuSn}): 币种 "DOGE" is not a currency code (CNY, USD, EUR, …)`]);
  });

  it('a sheet without a 成本价 column names what is missing', () => {
    expect(() => costInputsFromSheet(['SKU id', 'price'], [['1', '2']])).toThrow(/成本价 \(cost sheet\)/);
  });

  it('cost = Σ quantity × unit cost at order time; a later cost leaves older orders alone; profit = estimatedRevenue − cost, exact', async () => {
    const shop = h.emu.shop('us-main');
    const skus = skusOf('us-main');
    // Every SKU costs 1.2345 + k cents (4 dp); from the middle of the window, the first SKU (by 货号) costs 9.99.
    const cost = (k: number) => `${1 + Math.floor(k / 100)}.${String(2345 + (k % 100)).padStart(4, '0')}`;
    const middle = businessDay(at(FROM + 3 * 86_400));
    const sheet = skus.map((s, k) => ({ skuId: String(s.skuId), cost: cost(k) }));
    const first = skus[0];
    if (!first) throw new Error('no sku');
    sheet.push({ skuSn: first.skuSn, cost: '9.99', effectiveFrom: middle } as never);
    const res = await importCosts(h.db.pool, sheet, opts);
    expect(res.written).toBe(skus.length + 1);
    expect(res.ordersRecomputed).toBeGreaterThan(0);
    const costOf = (skuId: number, day: string) => {
      const k = skus.findIndex((s) => s.skuId === skuId);
      // The SKU-id cost wins over a 货号 cost of the same SKU.
      return units4(cost(k)) + (day >= middle ? 0n : 0n);
    };
    const rows = await h.db.pool.query<{ parent_order_sn: string; order_day: string; cost: string | null; profit: string | null; revenue: string }>(
      `SELECT parent_order_sn, to_char(order_day, 'YYYY-MM-DD') AS order_day, cost::text, profit::text, revenue::text FROM temu_order_finance WHERE shop = 'us-main'`,
    );
    const byId = new Map(rows.rows.map((r) => [r.parent_order_sn, r]));
    for (const o of h.emu.orders.get('us-main') ?? []) {
      const row = byId.get(o.parentOrderSn);
      if (!row) throw new Error(`no finance row for ${o.parentOrderSn}`);
      const expected = o.lines.reduce((sum, l) => sum + BigInt(l.quantity - l.canceled) * costOf(l.sku.skuId, row.order_day), 0n);
      expect(units4(row.cost as string)).toBe(expected);
      const revenueCents = BigInt(orderTotals(o).estimatedRevenue as number);
      expect(decimalToCents(row.revenue)).toBe(revenueCents);
      expect(units4(row.profit as string)).toBe(revenueCents * 100n - expected);
    }
    expect(shop.currency).toBe('USD');
  });

  it('a cost by 货号 with an effective date: orders before it keep the cost they had', async () => {
    // jp-store SKUs are costed by 货号 only: 100 yen before the middle day, 150 from it.
    const skus = skusOf('jp-store');
    const middle = businessDay(at(FROM + 3 * 86_400));
    await importCosts(
      h.db.pool,
      skus.flatMap((s) => [
        { skuSn: s.skuSn, cost: '100', currency: 'JPY' },
        { skuSn: s.skuSn, cost: '150', currency: 'JPY', effectiveFrom: middle },
      ]),
      opts,
    );
    const rows = await h.db.pool.query<{ parent_order_sn: string; order_day: string; cost: string; units: number; status: number }>(
      `SELECT parent_order_sn, to_char(order_day, 'YYYY-MM-DD') AS order_day, cost::text, units, status FROM temu_order_finance WHERE shop = 'jp-store'`,
    );
    expect(rows.rows.length).toBe(80);
    for (const r of rows.rows) expect(Number(r.cost)).toBe(r.units * (r.order_day >= middle ? 150 : 100));
  });

  it('GMV per shop and day is what customers paid on orders not cancelled, before refunds; payouts fall TEMU_PAYOUT_DAYS after delivery', async () => {
    const orders = h.emu.orders.get('us-main') ?? [];
    const day = businessDay(at(orders[0]?.orderTime ?? 0));
    const ofDay = orders.filter((o) => businessDay(at(o.orderTime)) === day);
    const gmvCents = ofDay.filter((o) => o.status !== 3).reduce((s, o) => s + BigInt(orderTotals(o).customerPaid as number), 0n);
    const refundCents = ofDay.reduce((s, o) => s + BigInt(orderTotals(o).refundsTotal as number), 0n);
    const r = await h.db.pool.query<{ gmv: string; refunds: string; orders: number }>(`SELECT gmv::text, refunds::text, orders FROM temu_shop_daily WHERE shop = 'us-main' AND day = $1 AND currency = 'USD'`, [day]);
    expect(decimalToCents(r.rows[0]?.gmv as string)).toBe(gmvCents);
    expect(decimalToCents(r.rows[0]?.refunds as string)).toBe(refundCents);
    expect(r.rows[0]?.orders).toBe(ofDay.filter((o) => o.status !== 3).length);
    const delivered = orders.find((o) => o.status === 5);
    if (!delivered) throw new Error('no delivered order');
    const f = await h.db.pool.query(`SELECT to_char(payout_due, 'YYYY-MM-DD') AS due, payout_estimated FROM temu_order_finance WHERE parent_order_sn = $1`, [delivered.parentOrderSn]);
    const deliveredDay = businessDay(at(delivered.updateTime));
    const dueDay = new Date(Date.parse(`${deliveredDay}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);
    expect(f.rows[0]).toEqual({ due: dueDay, payout_estimated: false });
    const cancelled = orders.find((o) => o.status === 3);
    if (cancelled) expect((await h.db.pool.query(`SELECT payout_due FROM temu_order_finance WHERE parent_order_sn = $1`, [cancelled.parentOrderSn])).rows[0].payout_due).toBeNull();
  });

  it('an amount in an unknown currency is kept as sent, listed with its reason, and counted in neither GMV nor profit', async () => {
    const o = (h.emu.orders.get('us-main') ?? []).find((x) => x.status === 5);
    if (!o) throw new Error('no order');
    h.emu.updateOrder('us-main', o.parentOrderSn, { currency: 'XYZ' });
    const out = await h.sync('us-main', { from: WINDOW.from, to: new Date(Date.now() + 60_000) }, { streams: ['orders'] });
    expect(out.status).toBe('succeeded');
    const a = await h.db.pool.query(`SELECT currency, customer_paid, problem, raw_data->'parentOrderMap'->'customerPaid'->>'currency' AS raw FROM temu_order_amounts WHERE parent_order_sn = $1`, [o.parentOrderSn]);
    expect(a.rows[0]).toEqual({ currency: 'XYZ', customer_paid: null, problem: 'unknown currency: "XYZ"', raw: 'XYZ' });
    const report = await shopReport(h.db.pool, ['us-main', '30d']);
    expect(report.lines.join('\n')).toContain(`Amount not readable for ${o.parentOrderSn} (us-main): unknown currency: "XYZ". Kept as sent; not counted in GMV or profit.`);
    expect(report.ok).toBe(false);
  });

  it('/temu report: GMV, orders, profit and margin, top SKUs, payouts due, in the shop currency', async () => {
    const r = await shopReport(h.db.pool, ['jp-store', '30d']);
    expect(r.title).toMatch(/^Temu jp-store \d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/);
    expect(r.lines[0]).toMatch(/^\*\*jp-store\*\* \(JPY\): GMV ¥[\d,]+ · \d+ orders · \d+ units · refunds ¥[\d,]+ · profit -?¥[\d,]+, margin -?\d+\.\d%$/);
    expect(r.lines.some((l) => l.startsWith('Top SKUs: '))).toBe(true);
    expect(r.lines.some((l) => l.startsWith('Payouts due in the next 7 days'))).toBe(true);
    await expect(shopReport(h.db.pool, ['nowhere'])).rejects.toThrow(/neither a shop/);
  });

  it('a recomputation with nothing changed writes nothing', async () => {
    const r = await refreshFinance(h.db.pool, { payoutDays: 14 });
    expect(r.orders).toBe(0);
    expect(r.days).toBe(0);
    // Nothing for the mirror either.
    expect(r.changed).toEqual([
      { table: 'temu_order_finance', keys: [] },
      { table: 'temu_shop_daily', keys: [] },
    ]);
  });
});

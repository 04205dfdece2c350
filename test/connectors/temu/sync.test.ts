import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addShop } from '../../../src/connectors/temu/shops.js';
import { minorToMajorIn } from '../../../src/money.js';
import { orderTotals } from '../../../src/sandbox/temu/data.js';
import { temuHarness, at, type TemuHarness } from './harness.js';

const TO = Math.floor(Date.now() / 1000) - 120;
const FROM = TO - 5 * 86_400;
const WINDOW = { from: at(FROM - 60), to: at(TO + 60) };

/** numeric(16,3) as PostgreSQL prints it, from the emulator's minor units. */
const major = (minor: number, currency: string) => {
  const v = minorToMajorIn(minor, currency);
  const [w, f = ''] = v.split('.');
  return `${w}.${(f + '000').slice(0, 3)}`;
};

describe('Temu orders through the engine (emulator → PostgreSQL)', () => {
  let h: TemuHarness;
  beforeAll(async () => {
    // The 20-per-second limit is the benchmark's subject; here it is raised so the suite stays quick.
    h = await temuHarness({ emulator: { ordersPerShop: 150, from: FROM, to: TO, ratePerSecond: 1000 }, settings: { TEMU_PAGE_SIZE: '20', TEMU_RATE_PER_SECOND: '800' } });
  });
  afterAll(async () => {
    await h.close();
  });

  const amountCalls = () => h.emu.counts['bg.order.amount.query'] ?? 0;

  it('writes every parent order, child order and amount of every shop, money exact in each currency', async () => {
    for (const shop of h.emu.shops) {
      const out = await h.sync(shop.name, WINDOW, { streams: ['orders'] });
      expect(out.status, JSON.stringify(out.status === 'failed' ? out.error?.message : '')).toBe('succeeded');
      const expected = h.emu.orders.get(shop.name) ?? [];
      const n = await h.db.pool.query(`SELECT count(*)::int AS n FROM temu_orders WHERE shop = $1`, [shop.name]);
      expect(n.rows[0].n).toBe(expected.length);
      const items = await h.db.pool.query(`SELECT count(*)::int AS n, sum(quantity)::int AS q FROM temu_order_items WHERE shop = $1`, [shop.name]);
      expect(items.rows[0].n).toBe(expected.reduce((s, o) => s + o.lines.length, 0));
      expect(items.rows[0].q).toBe(expected.reduce((s, o) => s + o.lines.reduce((q, l) => q + l.quantity - l.canceled, 0), 0));
      const amounts = await h.db.pool.query<{ parent_order_sn: string; currency: string; customer_paid: string; estimated_revenue: string; refunds_total: string }>(
        `SELECT parent_order_sn, currency, customer_paid::text, estimated_revenue::text, refunds_total::text FROM temu_order_amounts WHERE shop = $1`,
        [shop.name],
      );
      expect(amounts.rows).toHaveLength(expected.length);
      const bySn = new Map(amounts.rows.map((r) => [r.parent_order_sn, r]));
      for (const o of expected) {
        const t = orderTotals(o);
        const row = bySn.get(o.parentOrderSn);
        expect(row).toEqual({
          parent_order_sn: o.parentOrderSn,
          currency: shop.currency,
          customer_paid: major(t.customerPaid as number, shop.currency),
          estimated_revenue: major(t.estimatedRevenue as number, shop.currency),
          refunds_total: major(t.refundsTotal as number, shop.currency),
        });
      }
    }
    // JPY has no minor unit: 1234 yen is 1234, not 12.34.
    const jp = await h.db.pool.query(`SELECT customer_paid::text FROM temu_order_amounts WHERE shop = 'jp-store' LIMIT 1`);
    expect(jp.rows[0].customer_paid).toMatch(/^\d+\.000$/);
    expect(amountCalls()).toBe(450);
    const times = await h.db.pool.query(`SELECT parent_order_time FROM temu_orders WHERE parent_order_sn = $1`, [h.emu.orders.get('us-main')?.[0]?.parentOrderSn]);
    expect((times.rows[0].parent_order_time as Date).getTime()).toBe((h.emu.orders.get('us-main')?.[0]?.orderTime ?? 0) * 1000);
  });

  it('a second run of the same window inserts and updates nothing and asks for no amount', async () => {
    const before = amountCalls();
    const out = await h.sync('us-main', WINDOW, { streams: ['orders'] });
    expect(out.status).toBe('succeeded');
    if (out.status !== 'skipped') expect([out.counts.inserted, out.counts.updated]).toEqual([0, 0]);
    expect(amountCalls()).toBe(before);
  });

  it('an order that changed is updated and only its amounts are asked for again', async () => {
    const o = h.emu.orders.get('us-main')?.find((x) => x.status === 2);
    if (!o) throw new Error('no pending order in the data');
    h.emu.updateOrder('us-main', o.parentOrderSn, { status: 4 });
    const before = amountCalls();
    const out = await h.sync('us-main', { from: WINDOW.from, to: new Date(Date.now() + 60_000) }, { streams: ['orders'] });
    expect(out.status).toBe('succeeded');
    if (out.status !== 'skipped') expect(out.counts.updated).toBe(1);
    expect(amountCalls() - before).toBe(1);
    const r = await h.db.pool.query(`SELECT parent_order_status FROM temu_orders WHERE parent_order_sn = $1`, [o.parentOrderSn]);
    expect(r.rows[0].parent_order_status).toBe(4);
  });

  it('429-like 4000004 and 5xx answers back off and finish with exact rows', async () => {
    await h.db.pool.query(`DELETE FROM temu_orders WHERE shop = 'eu-store'; DELETE FROM temu_order_amounts WHERE shop = 'eu-store'`);
    h.emu.faults.push({ match: /bg\.order\.list/, times: 2, kind: 'rateLimit', shop: 'eu-store' }, { match: /bg\.order\.amount/, times: 2, kind: 'serverError' }, { match: /bg\.order\.amount/, times: 1, kind: 'systemError' });
    const out = await h.sync('eu-store', WINDOW, { streams: ['orders'] });
    expect(out.status).toBe('succeeded');
    const n = await h.db.pool.query(`SELECT (SELECT count(*) FROM temu_orders WHERE shop = 'eu-store')::int AS o, (SELECT count(*) FROM temu_order_amounts WHERE shop = 'eu-store')::int AS a`);
    expect(n.rows[0]).toEqual({ o: 150, a: 150 });
    expect(h.emu.faults.every((f) => f.times === 0)).toBe(true);
  });

  it('a malformed page fails the run with a clear error and keeps the pages before it', async () => {
    await h.db.pool.query(`DELETE FROM temu_orders WHERE shop = 'jp-store'`);
    // The third list call of the run answers without totalItemNum and with items lacking parentOrderMap.
    let calls = 0;
    h.emu.faults.push({ match: /bg\.order\.list/, times: 1, kind: 'malformedPage', shop: 'jp-store' });
    const fault = h.emu.faults.at(-1) as { times: number };
    fault.times = 0;
    const out = await h.sync('jp-store', WINDOW, {
      streams: ['orders'],
      afterPage: () => {
        if (++calls === 2) fault.times = 1;
        return false;
      },
    });
    expect(out.status).toBe('failed');
    if (out.status === 'failed') {
      expect(out.error?.code).toBe('SYNC_BAD_RESPONSE');
      expect(out.error?.message).toMatch(/Temu bg\.order\.list\.v2\.get \(shop jp-store\): page \d+: totalItemNum is missing/);
      expect(out.error?.action).toMatch(/stopped at the last good page/);
    }
    // The pages written before it are kept, with their checkpoints.
    const cp = await h.db.pool.query(`SELECT count(*)::int AS n FROM sync_checkpoints WHERE run_id = $1`, [out.run.id]);
    expect(cp.rows[0].n).toBeGreaterThanOrEqual(2);
    const kept = await h.db.pool.query(`SELECT count(*)::int AS n FROM temu_orders WHERE shop = 'jp-store'`);
    expect(kept.rows[0].n).toBeGreaterThan(0);
  });

  it('a run killed between pages resumes at the next page with no row lost or fetched twice', async () => {
    await h.db.pool.query(`DELETE FROM temu_orders WHERE shop = 'jp-store'; DELETE FROM temu_order_amounts WHERE shop = 'jp-store'; DELETE FROM temu_order_items WHERE shop = 'jp-store'`);
    const first = await h.sync('jp-store', WINDOW, { streams: ['orders'], afterPage: (pages) => pages >= 2, resumeKey: 'kill' });
    expect(first.status).toBe('aborted');
    const partial = (await h.db.pool.query(`SELECT count(*)::int AS n FROM temu_orders WHERE shop = 'jp-store'`)).rows[0].n as number;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(150);
    const before = amountCalls();
    const second = await h.sync('jp-store', WINDOW, { streams: ['orders'], resumeKey: 'kill' });
    expect(second.status).toBe('succeeded');
    expect((await h.db.pool.query(`SELECT count(*)::int AS n FROM temu_order_amounts WHERE shop = 'jp-store'`)).rows[0].n).toBe(150);
    // Only the parents not written before the kill were asked for.
    expect(amountCalls() - before).toBe(150 - partial);
  });

  it('one shop with an expired token fails with "ask the seller for a new token"; the other shops keep syncing', async () => {
    const eu = h.emu.shop('eu-store');
    const saved = eu.expiresAt;
    eu.expiresAt = h.emu.clock.seconds() - 1;
    try {
      const bad = await h.sync('eu-store', WINDOW, { streams: ['orders'] });
      expect(bad.status).toBe('failed');
      if (bad.status === 'failed') {
        expect(bad.error?.code).toBe('SYNC_TOKEN_EXPIRED');
        expect(bad.error?.message).toMatch(/Temu shop eu-store: the access token expired or was replaced \(3000034\)\. Ask the seller for a new token/);
      }
      expect(h.notifier.alerts.at(-1)?.title).toMatch(/eu-store/);
      const good = await h.sync('us-main', WINDOW, { streams: ['orders'] });
      expect(good.status).toBe('succeeded');
    } finally {
      eu.expiresAt = saved;
    }
  });

  it('a shop whose IP is not whitelisted (5000003) fails with what to do; the others are untouched', async () => {
    const us = h.emu.shop('us-main');
    us.ipBlocked = true;
    try {
      const bad = await h.sync('us-main', WINDOW, { streams: ['orders'] });
      expect(bad.status).toBe('failed');
      if (bad.status === 'failed') expect(bad.error?.message).toMatch(/IP address is not on the app's whitelist/);
      expect((await h.sync('jp-store', WINDOW, { streams: ['orders'] })).status).toBe('succeeded');
    } finally {
      us.ipBlocked = false;
    }
  });

  it('3000034 once, with a new token stored by `shop add`: the run picks the new token up and finishes', async () => {
    const token = h.emu.rotateToken('eu-store');
    await addShop(h.ctx, { name: 'eu-store', region: 'eu', token });
    const out = await h.sync('eu-store', WINDOW, { streams: ['orders'] });
    expect(out.status).toBe('succeeded');
  });
});

describe('Temu products (full refresh per shop)', () => {
  let h: TemuHarness;
  beforeAll(async () => {
    h = await temuHarness({ emulator: { ordersPerShop: 5, productsPerShop: 45 }, settings: { TEMU_PAGE_SIZE: '20' } });
  });
  afterAll(async () => {
    await h.close();
  });
  const now = () => ({ from: new Date(Date.now() - 3_600_000), to: new Date() });

  it('writes every product and SKU; a product gone from the list is marked removed, not deleted; a re-run changes nothing', async () => {
    const out = await h.sync('us-main', now(), { streams: ['products'] });
    expect(out.status).toBe('succeeded');
    const products = h.emu.products.get('us-main') ?? [];
    expect((await h.db.pool.query(`SELECT count(*)::int AS n FROM temu_products WHERE shop = 'us-main'`)).rows[0].n).toBe(45);
    expect((await h.db.pool.query(`SELECT count(*)::int AS n FROM temu_skus WHERE shop = 'us-main'`)).rows[0].n).toBe(products.reduce((s, p) => s + p.skus.length, 0));
    const gone = products[3];
    if (!gone) throw new Error('no product');
    h.emu.removeProduct('us-main', gone.goodsId);
    const second = await h.sync('us-main', now(), { streams: ['products'] });
    expect(second.status).toBe('succeeded');
    const r = await h.db.pool.query(`SELECT goods_id, removed_at FROM temu_products WHERE shop = 'us-main' AND removed_at IS NOT NULL`);
    expect(r.rows.map((x) => x.goods_id)).toEqual([String(gone.goodsId)]);
    const skus = await h.db.pool.query(`SELECT count(*)::int AS n FROM temu_skus WHERE shop = 'us-main' AND removed_at IS NOT NULL`);
    expect(skus.rows[0].n).toBe(gone.skus.length);
    expect((await h.db.pool.query(`SELECT count(*)::int AS n FROM temu_products WHERE shop = 'us-main'`)).rows[0].n).toBe(45);
    const third = await h.sync('us-main', now(), { streams: ['products'] });
    if (third.status !== 'skipped') expect([third.counts.inserted, third.counts.updated]).toEqual([0, 0]);
  });
});

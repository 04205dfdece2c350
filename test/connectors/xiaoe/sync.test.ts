// 小鹅通 orders end to end: the declared stream against the emulator over HTTP, rows checked in
// PostgreSQL; the rescan finds refunds, writes nothing when nothing changed, and records each
// state change once.
import { afterEach, describe, expect, it } from 'vitest';
import { DAY, FEB1, at, xiaoeHarness, type XiaoeHarness } from './harness.js';

let h: XiaoeHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const history = { from: at(FEB1), to: at(FEB1 + 21 * DAY - 1) };

async function dbOrders(hh: XiaoeHarness) {
  const r = await hh.db.pool.query<{ order_id: string; price: string; order_state: number; refund_money: string | null }>(
    `SELECT order_id, price::text, order_state, refund_money::text FROM xiaoe_orders ORDER BY order_id`,
  );
  return new Map(r.rows.map((x) => [x.order_id, x]));
}

describe('xiaoe sync', () => {
  it('writes exactly the orders the list shows, money exact; a second run writes nothing', async () => {
    h = await xiaoeHarness();
    const first = await h.sync(history);
    const listed = h.emu.listed(FEB1, FEB1 + 21 * DAY);
    expect(listed.length).toBe(600);
    expect(first.counts).toMatchObject({ inserted: 600, updated: 0 });
    const rows = await dbOrders(h);
    expect(rows.size).toBe(600);
    for (const rec of listed) {
      const row = rows.get(rec.order_id as string);
      // price is 元 on the wire (a JSON number), refund_money 分 in a string.
      expect(row?.price).toBe((Math.round(Number(rec.price) * 100) / 100).toFixed(2));
      expect(row?.order_state).toBe(rec.order_state);
      expect(row?.refund_money).toBe(rec.refund_money === '' ? null : (Number(rec.refund_money) / 100).toFixed(2));
    }
    // 21 days in 7-day slices: 3 slices; 600 orders at 200 a page.
    expect(first.pages).toBeGreaterThanOrEqual(3);
    expect(h.emu.requests.filter((r) => r.path === '/xe.order.list.get/1.0.1').length).toBe(first.pages);

    const again = await h.sync(history);
    expect(again.counts).toMatchObject({ inserted: 0, updated: 0, unchanged: 600 });
    const changes = await h.db.pool.query(`SELECT count(*)::int AS n FROM xiaoe_order_state_changes`);
    expect(changes.rows[0].n).toBe(0);
  });

  it('sends the contract body: access_token in the JSON body, page_index from 1, page_size 200, unix seconds, ≤ 7 days', async () => {
    h = await xiaoeHarness();
    await h.sync(history);
    const calls = h.emu.requests.filter((r) => r.path === '/xe.order.list.get/1.0.1');
    for (const c of calls) {
      const b = c.body as Record<string, unknown>;
      expect(typeof b.access_token).toBe('string');
      expect(b.access_token).toMatch(/^xe_/);
      expect(c.headers['content-type']).toMatch(/application\/json/);
      expect(b.page_size).toBe(200);
      expect(b.page_index).toBeGreaterThanOrEqual(1);
      expect(String(b.begin_time)).toMatch(/^\d{10}$/);
      expect(Number(b.end_time) - Number(b.begin_time)).toBeLessThanOrEqual(7 * DAY);
    }
    expect(calls[0]?.body).toMatchObject({ page_index: 1, begin_time: String(FEB1), order_by: 'created_at:asc' });
    // One token for the whole run.
    expect(h.emu.counts.token).toBe(1);
  });

  it('a rescan finds a refund made days later, records the change once, and rescans after it write nothing', async () => {
    h = await xiaoeHarness();
    await h.sync(history);
    // Four days later: orders whose refunds were asked and settled since then have moved.
    h.emu.clock.advance(4 * DAY * 1000);
    const before = new Map(h.emu.listed(FEB1, FEB1 + 21 * DAY).map((r) => [r.order_id as string, r]));
    expect(before.size).toBe(600);
    const window = { from: at(FEB1 + 6 * DAY), to: h.now() };
    const rescan = await h.sync(window);
    const moved = [...before.values()].filter((r) => String(r.created_time) >= '2026-02-07');
    const rows = await dbOrders(h);
    for (const rec of moved) expect(rows.get(rec.order_id as string)?.order_state).toBe(rec.order_state);
    expect(rescan.counts.updated).toBeGreaterThan(0);
    expect(rescan.counts.inserted).toBe(0);
    const changes = await h.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM xiaoe_order_state_changes`);
    expect(changes.rows[0]?.n).toBe(rescan.counts.updated);

    const third = await h.sync(window);
    expect(third.counts).toMatchObject({ inserted: 0, updated: 0 });
    const after = await h.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM xiaoe_order_state_changes`);
    expect(after.rows[0]?.n).toBe(rescan.counts.updated);
  });
});

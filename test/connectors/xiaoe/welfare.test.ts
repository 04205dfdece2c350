// Welfare (福利) decisions over a month of one shop: orders paid on 2026-02-02 (decision day
// 2026-02-16), refunded in full, in part, after the grant, or with a refund in progress on the
// decision day; each transition made once, whatever the rescans and replicas.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inTransaction } from '../../../src/db/pool.js';
import { refreshWelfare, welfareDay } from '../../../src/connectors/xiaoe/welfare.js';
import { xiaoeHarness, type XiaoeHarness } from './harness.js';

let h: XiaoeHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Set the emulator's clock to a Shanghai time. */
const setClock = (hh: XiaoeHarness, shanghai: string) => {
  hh.emu.clock.offsetMs = Date.parse(`${shanghai.replace(' ', 'T')}+08:00`) - Date.now();
};

function paid(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    order_id: id,
    user_id: `u_${id}`,
    resource_type: 25,
    resource_id: 'p_camp',
    title: '21天写作训练营',
    count: 1,
    price: 199,
    coupon_price: 0,
    order_state: 1,
    ship_state: 0,
    sales_state: -1,
    created_time: '2026-02-02 10:00:00',
    pay_time: '2026-02-02 10:00:30',
    refund_time: '0000-00-00 00:00:00',
    settle_time: '0000-00-00 00:00:00',
    refund_money: '',
    ...over,
  };
}

const refunded = (refundTime: string, fen: number, partial = false) => ({
  order_state: partial ? 11 : 10,
  sales_state: partial ? 1 : 2,
  refund_time: refundTime,
  refund_money: String(fen),
});

/**
 * Sync February so far (the rescan), then refresh the welfare table at the emulator's now. Each
 * test runs twice: the refresh doing everything after the sync, and the way the engine works,
 * each slice's entering and late-refund check right after the slice (afterSlice), then a refresh
 * that leaves those out. The decisions and what is reported must be the same.
 */
let perSlice = false;
async function day(hh: XiaoeHarness) {
  const from = new Date('2026-01-31T16:00:00Z');
  return hh.sync({ from, to: hh.now() }, { perSlice });
}

async function statuses(hh: XiaoeHarness) {
  const r = await hh.db.pool.query<{ order_id: string; status: string; late_refund: boolean }>(`SELECT order_id, status, late_refund FROM xiaoe_welfare ORDER BY order_id`);
  return Object.fromEntries(r.rows.map((x) => [x.order_id, x.late_refund ? `${x.status}+late` : x.status]));
}

describe.each([
  { mode: 'refreshed after the sync', early: false },
  { mode: 'entered per slice, as the engine does', early: true },
])('xiaoe welfare decisions, $mode', ({ early }) => {
  beforeEach(() => {
    perSlice = early;
  });
  it('pending → revoked by a refund before the decision day, granted on it, late refunds flagged; each once', async () => {
    h = await xiaoeHarness({ emulator: { orders: 0 } });
    setClock(h, '2026-02-03 09:00:00');
    for (const id of ['o_a', 'o_b', 'o_c', 'o_d', 'o_e']) h.emu.put(paid(id));
    const first = await day(h);
    expect(first.welfare).toMatchObject({ entered: 5, revoked: 0, granted: 0 });
    const w = await h.db.pool.query(`SELECT to_char(decision_day, 'YYYY-MM-DD') AS d, historical FROM xiaoe_welfare WHERE order_id = 'o_a'`);
    expect(w.rows[0]).toEqual({ d: '2026-02-16', historical: false });

    // Day 8: A refunded in full on day 7, C in part on day 3, E asks for a refund.
    setClock(h, '2026-02-10 08:00:00');
    h.emu.put(paid('o_a', refunded('2026-02-09 15:00:00', 19900)));
    h.emu.put(paid('o_c', refunded('2026-02-05 11:00:00', 9900, true)));
    h.emu.put(paid('o_e', { order_state: 8 }));
    const d10 = await day(h);
    expect(d10.welfare).toMatchObject({ entered: 0, revoked: 2, granted: 0 });
    // The rows changed, for the mirror: each once.
    expect(d10.welfare.changed.sort()).toEqual(['o_a', 'o_c']);
    expect(await statuses(h)).toEqual({ o_a: 'revoked', o_b: 'pending', o_c: 'revoked', o_d: 'pending', o_e: 'pending' });
    // Rescans of the same day change nothing.
    expect((await day(h)).welfare).toEqual({ entered: 0, revoked: 0, granted: 0, lateRefunds: 0, changed: [] });

    // The decision day: B and D are still paid; E's refund is in progress, so it waits.
    setClock(h, '2026-02-16 00:30:00');
    const d16 = await day(h);
    expect(d16.welfare).toMatchObject({ granted: 2, revoked: 0 });
    expect(await statuses(h)).toMatchObject({ o_b: 'granted', o_d: 'granted', o_e: 'pending' });

    // Day 18: D refunds after its grant (flagged, not changed); E's refund is refused (granted).
    setClock(h, '2026-02-20 10:00:00');
    h.emu.put(paid('o_d', refunded('2026-02-20 09:00:00', 19900)));
    h.emu.put(paid('o_e', { order_state: 9 }));
    const d20 = await day(h);
    expect(d20.welfare).toMatchObject({ granted: 1, lateRefunds: 1 });
    expect(d20.welfare.changed.sort()).toEqual(['o_d', 'o_e']);
    expect(await statuses(h)).toEqual({ o_a: 'revoked', o_b: 'granted', o_c: 'revoked', o_d: 'granted+late', o_e: 'granted' });
    expect((await day(h)).welfare).toEqual({ entered: 0, revoked: 0, granted: 0, lateRefunds: 0, changed: [] });

    // What the morning card of each next day lists.
    const feb10 = await welfareDay(h.db.pool, '2026-02-10');
    expect(feb10.revoked.map((o) => [o.order_id, o.refund_money, o.refund_kind])).toEqual([
      ['o_a', '199.00', 'full'],
      ['o_c', '99.00', 'partial'],
    ]);
    expect((await welfareDay(h.db.pool, '2026-02-16')).granted.map((o) => o.order_id)).toEqual(['o_b', 'o_d']);
    const feb20 = await welfareDay(h.db.pool, '2026-02-20');
    expect(feb20.granted.map((o) => o.order_id)).toEqual(['o_e']);
    expect(feb20.lateRefunds.map((o) => [o.order_id, o.refund_money])).toEqual([['o_d', '199.00']]);
    expect(feb20.pending).toBe(0);
  });

  it('XIAOE_WELFARE_PARTIAL_REFUND=keep: a partial refund keeps the welfare', async () => {
    h = await xiaoeHarness({ emulator: { orders: 0 }, settings: { XIAOE_WELFARE_PARTIAL_REFUND: 'keep' } });
    setClock(h, '2026-02-10 08:00:00');
    h.emu.put(paid('o_c', refunded('2026-02-05 11:00:00', 9900, true)));
    await day(h);
    expect(await statuses(h)).toEqual({ o_c: 'pending' });
    setClock(h, '2026-02-16 08:00:00');
    await day(h);
    expect(await statuses(h)).toEqual({ o_c: 'granted' });
  });

  it('XIAOE_WELFARE_DAYS moves the decision day', async () => {
    h = await xiaoeHarness({ emulator: { orders: 0 }, settings: { XIAOE_WELFARE_DAYS: 7 } });
    setClock(h, '2026-02-03 08:00:00');
    h.emu.put(paid('o_b'));
    await day(h);
    const w = await h.db.pool.query(`SELECT to_char(decision_day, 'YYYY-MM-DD') AS d FROM xiaoe_welfare`);
    expect(w.rows[0]?.d).toBe('2026-02-09');
  });

  it('orders first read after their decision day (the history) are decided at once and kept off the morning card', async () => {
    h = await xiaoeHarness({ emulator: { orders: 0 } });
    setClock(h, '2026-02-20 08:00:00');
    h.emu.put(paid('o_old_kept'));
    h.emu.put(paid('o_old_refunded', refunded('2026-02-04 10:00:00', 19900)));
    h.emu.put(paid('o_old_late', refunded('2026-02-18 10:00:00', 19900)));
    await day(h);
    expect(await statuses(h)).toEqual({ o_old_kept: 'granted', o_old_late: 'granted+late', o_old_refunded: 'revoked' });
    const card = await welfareDay(h.db.pool, '2026-02-20');
    expect([card.granted.length, card.revoked.length, card.lateRefunds.length]).toEqual([0, 0, 0]);
  });

  it('two replicas refreshing at once make each transition once', async () => {
    h = await xiaoeHarness({ emulator: { orders: 0 } });
    setClock(h, '2026-02-03 09:00:00');
    for (let i = 0; i < 40; i++) h.emu.put(paid(`o_${String(i).padStart(2, '0')}`));
    await day(h);
    setClock(h, '2026-02-16 09:00:00');
    const rule = { days: 14, partialRevokes: true };
    const [a, b] = await Promise.all([
      inTransaction(h.db.pool, (tx) => refreshWelfare(tx, rule, h!.now())),
      inTransaction(h.db.pool, (tx) => refreshWelfare(tx, rule, h!.now())),
    ]);
    expect((a?.granted ?? 0) + (b?.granted ?? 0)).toBe(40);
    const g = await h.db.pool.query(`SELECT count(*)::int AS n FROM xiaoe_welfare WHERE status = 'granted' AND granted_on = '2026-02-16'`);
    expect(g.rows[0]?.n).toBe(40);
  });
});

// Bad input, each with the message a person sees and the rows left as they were: a span over
// 7 days, a page size over 200, an unknown state code, an empty refund_money, a zero date, a
// token that expires mid-run (renewed; or refused), a page that is not JSON.
import { afterEach, describe, expect, it } from 'vitest';
import { configFrom } from '../../../src/config.js';
import { xiaoe } from '../../../src/connectors/xiaoe/index.js';
import { settingsOf } from '../../../src/engine/connector.js';
import { TongbuError } from '../../../src/errors.js';
import { DAY, FEB1, at, xiaoeHarness, type XiaoeHarness } from './harness.js';

let h: XiaoeHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const week1 = { from: at(FEB1), to: at(FEB1 + 7 * DAY - 1) };

/** Every row as text, to compare before and after a failed run. */
async function snapshot(hh: XiaoeHarness): Promise<string> {
  const r = await hh.db.pool.query(`SELECT order_id, order_state, refund_money::text, pay_time, synced_at, state_changed_at FROM xiaoe_orders ORDER BY order_id`);
  return JSON.stringify(r.rows);
}

async function failure(p: Promise<unknown>): Promise<TongbuError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Error) return e as TongbuError;
    throw e;
  }
  throw new Error('expected a failure');
}

async function rawList(hh: XiaoeHarness, body: Record<string, unknown>) {
  const token = await hh.client.accessToken();
  const res = await fetch(`${hh.emu.baseUrl}/xe.order.list.get/1.0.1`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ access_token: token, ...body }),
  });
  return (await res.json()) as { code: number; msg: string };
}

function order(id: string, over: Record<string, unknown>): Record<string, unknown> {
  return {
    order_id: id,
    user_id: 'u_test',
    resource_type: 6,
    resource_id: 'p_test',
    title: '测试专栏',
    count: 1,
    price: 99.9,
    coupon_price: 0,
    order_state: 1,
    ship_state: 0,
    sales_state: -1,
    created_time: '2026-02-02 10:00:00',
    pay_time: '2026-02-02 10:00:05',
    refund_time: '0000-00-00 00:00:00',
    settle_time: '0000-00-00 00:00:00',
    refund_money: '',
    ...over,
  };
}

describe('xiaoe bad input', () => {
  it('a span over 7 days: refused before it is sent, and by the platform with its message; rows unchanged', async () => {
    h = await xiaoeHarness();
    await h.sync(week1);
    const before = await snapshot(h);
    const e = await failure(h.client.listOrders({ page: 1, pageSize: 200, begin: FEB1, end: FEB1 + 8 * DAY }));
    expect(e).not.toBeInstanceOf(TongbuError);
    expect(e.message).toBe('小鹅通 /xe.order.list.get/1.0.1: a query spans at most 7 days (asked 8.00 days)');
    const answer = await rawList(h, { page_index: 1, page_size: 200, begin_time: String(FEB1), end_time: String(FEB1 + 8 * DAY) });
    expect(answer).toMatchObject({ code: 2002, msg: '参数错误: begin_time 与 end_time 的跨度不能超过7天' });
    expect(await snapshot(h)).toBe(before);
  });

  it('a page size over 200: the setting is refused at start with its name, and the platform refuses it too', async () => {
    const config = configFrom({ XIAOE_PAGE_SIZE: 300 });
    expect(() => settingsOf(xiaoe, config)).toThrow('XIAOE_PAGE_SIZE="300": must be at most 200');
    h = await xiaoeHarness();
    await h.sync(week1);
    const before = await snapshot(h);
    expect(await rawList(h, { page_index: 1, page_size: 300 })).toMatchObject({ code: 2002, msg: '参数错误: page_size 最大为 200' });
    const e = await failure(h.client.listOrders({ page: 1, pageSize: 300, begin: FEB1, end: FEB1 + DAY }));
    expect(e.message).toBe('小鹅通 /xe.order.list.get/1.0.1: page_size must be 1..200 (asked 300)');
    expect(await snapshot(h)).toBe(before);
  });

  it('an unknown state code is stored with 未知(<code>) and does not stop the run', async () => {
    h = await xiaoeHarness();
    h.emu.put(order('o_unknown_state', { order_state: 42, sales_state: 7 }));
    await h.sync(week1);
    const r = await h.db.pool.query(`SELECT order_state, order_state_text, sales_state_text FROM xiaoe_orders WHERE order_id = 'o_unknown_state'`);
    expect(r.rows[0]).toEqual({ order_state: 42, order_state_text: '未知(42)', sales_state_text: '未知(7)' });
    expect((await h.db.pool.query(`SELECT count(*)::int AS n FROM xiaoe_orders`)).rows[0].n).toBe(h.emu.listed(FEB1, FEB1 + 7 * DAY).length);
  });

  it('an empty refund_money is NULL and a zero date is NULL; an unpaid order gets no welfare', async () => {
    h = await xiaoeHarness();
    h.emu.put(order('o_zero', { order_state: 0, pay_time: '0000-00-00 00:00:00', refund_money: '' }));
    await h.sync(week1);
    const r = await h.db.pool.query(`SELECT refund_money, pay_time, refund_time FROM xiaoe_orders WHERE order_id = 'o_zero'`);
    expect(r.rows[0]).toEqual({ refund_money: null, pay_time: null, refund_time: null });
    expect((await h.db.pool.query(`SELECT count(*)::int AS n FROM xiaoe_welfare WHERE order_id = 'o_zero'`)).rows[0].n).toBe(0);
  });

  it('a token that expires mid-run is fetched again once and the run finishes with exact rows', async () => {
    h = await xiaoeHarness();
    h.emu.faults.push({ match: /^POST \/xe\.order\.list/, times: 1, after: 1, kind: 'tokenExpired' });
    const res = await h.sync({ from: at(FEB1), to: at(FEB1 + 21 * DAY - 1) });
    expect(res.counts.inserted).toBe(600);
    expect(h.emu.counts.token).toBe(2);
    expect(h.emu.requests.filter((r) => r.code === 40002)).toHaveLength(1);
  });

  it('a token that expires mid-run when the secret was changed: the run stops with what to check; rows unchanged', async () => {
    h = await xiaoeHarness();
    await h.sync(week1);
    const before = await snapshot(h);
    h.emu.secretKey = 'rotated-in-the-console';
    h.emu.expireTokens();
    const e = await failure(h.sync(week1));
    expect(e.code).toBe('SYNC_AUTH_FAILED');
    expect(e.message).toBe(
      'The platform refused our credentials: 小鹅通 /token: code 2001: invalid secret_key (check XIAOE_APP_ID, XIAOE_CLIENT_ID and XIAOE_SECRET_KEY)',
    );
    expect(await snapshot(h)).toBe(before);
  });

  it('a page that is not JSON stops the run with a message naming the page; rows before it kept, the rest unchanged', async () => {
    h = await xiaoeHarness({ settings: { XIAOE_PAGE_SIZE: 20 } });
    await h.sync(week1);
    const before = await snapshot(h);
    h.emu.faults.push({ match: /^POST \/xe\.order\.list/, times: 1, after: 1, kind: 'malformedPage' });
    const e = await failure(h.sync(week1));
    expect(e.code).toBe('SYNC_BAD_RESPONSE');
    expect(e.message).toBe('The platform sent a response we cannot read: 小鹅通 /xe.order.list.get/1.0.1 (page 2): HTTP 200: the answer is not a JSON object (HTTP 200)');
    expect(await snapshot(h)).toBe(before);
  });
});

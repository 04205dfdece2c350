// The official example answer (test/fixtures/xiaoe, copied from the contract's fixtures) mapped
// to rows, and the unit and time rules of the mapping.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { XiaoeMappingError, parseXiaoeTime, toXiaoeOrderRow } from '../../../src/connectors/xiaoe/mapping.js';

const example = JSON.parse(readFileSync(new URL('../../fixtures/xiaoe/xe.order.list.get.1.0.1.response.doc-example.json', import.meta.url), 'utf8')) as {
  data: { list: Record<string, unknown>[] };
};

describe('xiaoe mapping', () => {
  it('maps the official example: 元 price, 分 coupon, "" refund_money and zero refund time as NULL, codes beside their text', () => {
    const row = toXiaoeOrderRow(example.data.list[0] as Record<string, unknown>, 'app1');
    expect(row).toMatchObject({
      order_id: 'o_xxxx',
      app_id: 'app1',
      user_id: 'u_xxx',
      resource_type: 6,
      resource_type_text: '专栏',
      price: '0.00',
      coupon_price: '0.02',
      discount_price_raw: '10',
      order_state: 1,
      order_state_text: '支付成功',
      ship_state: 0,
      ship_state_text: '禁止发货',
      sales_state: -1,
      sales_state_text: '默认(无售后)',
      pay_way: 0,
      collection_way: -1,
      client_type: 1,
      after_sales_state: 0,
      team_buy_state: 1,
      created_time: '2021-01-12T11:08:54.000Z',
      pay_time: '2021-01-12T11:08:55.000Z',
      refund_time: null,
      // The example's "settle_time": "o_xxxx" is no time: NULL, the raw value kept.
      settle_time: null,
      refund_money: null,
      order_type: [6, 8],
    });
    expect(row.raw_data.settle_time).toBe('o_xxxx');
    expect(row.raw_data.discount_data).toHaveLength(2);
  });

  it('money is exact: price 元 (number or string), coupon_price and refund_money 分', () => {
    const base = { order_id: 'o_1', created_time: '2026-02-11 09:30:00' };
    expect(toXiaoeOrderRow({ ...base, price: 199.9, coupon_price: 1000, refund_money: '19990' }, 'a')).toMatchObject({
      price: '199.90',
      coupon_price: '10.00',
      refund_money: '199.90',
    });
    expect(toXiaoeOrderRow({ ...base, price: '0.1', coupon_price: '7', refund_money: '1' }, 'a')).toMatchObject({ price: '0.10', coupon_price: '0.07', refund_money: '0.01' });
    // 0.1 + 0.2 style floats never leak: 1.15 元 stays 1.15.
    expect(toXiaoeOrderRow({ ...base, price: 1.15 }, 'a').price).toBe('1.15');
  });

  it('an unknown state code is kept and shown as 未知(<code>)', () => {
    const row = toXiaoeOrderRow({ order_id: 'o_2', created_time: '2026-02-11 09:30:00', order_state: 99, resource_type: 77, ship_state: 9, sales_state: 5 }, 'a');
    expect(row).toMatchObject({
      order_state: 99,
      order_state_text: '未知(99)',
      resource_type_text: '未知(77)',
      ship_state_text: '未知(9)',
      sales_state_text: '未知(5)',
    });
  });

  it('times are Asia/Shanghai; the zero date and "" are NULL; an impossible date is refused where it is required', () => {
    expect(parseXiaoeTime('2026-02-11 00:00:00', 'pay_time', 'o')).toBe('2026-02-10T16:00:00.000Z');
    expect(parseXiaoeTime('0000-00-00 00:00:00', 'pay_time', 'o')).toBeNull();
    expect(parseXiaoeTime('', 'pay_time', 'o')).toBeNull();
    expect(parseXiaoeTime('2026-02-30 10:00:00', 'pay_time', 'o')).toBeNull();
    expect(() => parseXiaoeTime('0000-00-00 00:00:00', 'created_time', 'o_9', true)).toThrow('order o_9: created_time is empty');
    expect(() => parseXiaoeTime('2026-02-30 10:00:00', 'created_time', 'o_9', true)).toThrow(/created_time "2026-02-30 10:00:00" is not a time/);
  });

  it('an amount that is not a number names the order and the field', () => {
    expect(() => toXiaoeOrderRow({ order_id: 'o_3', created_time: '2026-02-11 09:30:00', refund_money: '12.5' }, 'a')).toThrow(
      new XiaoeMappingError('order o_3: refund_money "12.5" is not an amount in 分'),
    );
    expect(() => toXiaoeOrderRow({ order_id: 'o_3', created_time: '2026-02-11 09:30:00', price: 'abc' }, 'a')).toThrow(/price "abc" is not an amount in 元/);
  });
});

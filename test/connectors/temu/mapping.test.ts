import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classify, type TemuOrderItem } from '../../../src/connectors/temu/client.js';
import { toAmountRow, toItemRows, toOrderRows } from '../../../src/connectors/temu/mapping.js';
import { parseJsonLossless } from '../../../src/engine/lossless-json.js';
import { PlatformError } from '../../../src/engine/types.js';

const real = parseJsonLossless(readFileSync(new URL('../../fixtures/temu/bg.order.list.v2.get.response.real.json', import.meta.url), 'utf8')) as {
  result: { totalItemNum: number; pageItems: TemuOrderItem[] };
};

describe('Temu mapping of the captured real order list', () => {
  it('the real envelope is ok', () => {
    expect(classify(200, real).kind).toBe('ok');
  });

  it('parent orders: status, times in seconds as instants, raw kept', () => {
    const rows = toOrderRows(real.result.pageItems, 'us-main');
    expect(rows).toHaveLength(real.result.pageItems.length);
    const first = rows[0] as Record<string, unknown>;
    expect(first).toMatchObject({
      shop: 'us-main',
      parent_order_sn: 'PO-211-00822146499192890',
      parent_order_status: 4,
      region_id: 211,
      site_id: 100,
      order_payment_type: 'PPD',
      parent_order_time: new Date(1751857815 * 1000),
      update_time: new Date(1751868884 * 1000),
      parent_shipping_time: new Date(1751868883 * 1000),
      item_count: 2,
    });
    // A parent not yet shipped has no shipping time.
    expect((rows[1] as Record<string, unknown>).parent_shipping_time).toBeNull();
  });

  it('child orders: SKU and 货号 as text, quantity after cancellations', () => {
    const items = toItemRows(real.result.pageItems, 'us-main');
    const cancelled = items.find((i) => i.order_sn === '211-19985522343032364');
    expect(cancelled).toMatchObject({ parent_order_sn: 'PO-211-19985356536952364', sku_id: '37788196026224', ext_code: 'CJBQ104231702BY', quantity: 0, original_order_quantity: 1, canceled_quantity: 1 });
    const two = items.find((i) => i.order_sn === '211-20063674639992890');
    expect(two).toMatchObject({ quantity: 2, goods_id: '602979566500147', ext_code: 'skuis0000-1' });
    expect(items.find((i) => i.order_sn === '211-00822209413752890')?.ext_code).toBeNull();
  });

  it('amounts: minor units to major per currency, exact; an unknown currency is kept with its reason', () => {
    const row = toAmountRow('s', 'PO-1', { parentOrderMap: { customerPaid: { currency: 'USD', amount: 1999 }, estimatedRevenue: { currency: 'USD', amount: '1005' }, refundsTotal: { currency: 'USD', amount: 0 } } });
    expect(row).toMatchObject({ currency: 'USD', customer_paid: '19.99', estimated_revenue: '10.05', refunds_total: '0.00', problem: null });
    expect(toAmountRow('s', 'PO-2', { parentOrderMap: { customerPaid: { currency: 'JPY', amount: 1500 } } })).toMatchObject({ currency: 'JPY', customer_paid: '1500' });
    expect(toAmountRow('s', 'PO-3', { parentOrderMap: { customerPaid: { currency: 'KWD', amount: 12345 } } })).toMatchObject({ customer_paid: '12.345' });
    const bad = toAmountRow('s', 'PO-4', { parentOrderMap: { customerPaid: { currency: 'XYZ', amount: 100 } } });
    expect(bad).toMatchObject({ currency: 'XYZ', customer_paid: null, problem: 'unknown currency: "XYZ"' });
    const mixed = toAmountRow('s', 'PO-5', { parentOrderMap: { customerPaid: { currency: 'USD', amount: 100 }, estimatedRevenue: { currency: 'EUR', amount: 90 } } });
    expect(mixed.problem).toBe('two currencies in one order: USD, EUR');
    expect(mixed.customer_paid).toBeNull();
  });

  it('a time that is not unix seconds is a malformed answer', () => {
    const broken = structuredClone(real.result.pageItems.slice(0, 1));
    (broken[0] as TemuOrderItem).parentOrderMap.updateTime = '2025-07-07 10:00:00';
    expect(() => toOrderRows(broken, 's')).toThrow(PlatformError);
  });
});

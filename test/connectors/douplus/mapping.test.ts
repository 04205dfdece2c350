import { describe, expect, it } from 'vitest';
import { parseShanghaiTime, toAdRows, toOrderRow, toStatsRows } from '../../../src/connectors/douplus/mapping.js';

const T = new Date('2026-01-26T08:05:00Z');

describe('DOU+ mapping', () => {
  it('an order: 64-bit ids exact, budget 分 → 元, create time read in Asia/Shanghai, video from item_info_list', () => {
    const row = toOrderRow(
      {
        order: { order_id: '1851843077988506', task_id: '1851843077988000', order_create_time: '2026-01-26 12:00:00', task_status: 'DELIVERING', budget: 9_997 },
        item_info_list: [{ aweme_item_id: '7578051213799787817', aweme_item_title: '视频' }],
      },
      'acct',
    );
    expect(row).toMatchObject({ order_id: '1851843077988506', item_id: '7578051213799787817', budget: '99.97', status_text: '投放中', create_time: '2026-01-26T04:00:00.000Z' });
  });

  it('a bad create time or a missing id is a malformed response naming the order', () => {
    expect(() => parseShanghaiTime('2026-02-30 12:00:00', 'order 1')).toThrow(/order 1: no such time/);
    expect(() => toOrderRow({ order: { order_id: '1', task_status: 'DELIVERING', order_create_time: '2026/01/26' } }, 'a')).toThrow(/order 1: order_create_time/);
    expect(() => toOrderRow({ order: { task_status: 'DELIVERING' } }, 'a')).toThrow(/no order.order_id/);
  });

  it('cpa_bid follows DOUPLUS_CPA_BID_UNIT', () => {
    const item = { order: { order_id: '1' }, ad_list: [{ ad_id: '9', cpa_bid: 150, budget: 10_000, delivery_time: 6 }] };
    expect(toAdRows(item, 'a', 'fen')[0]).toMatchObject({ cpa_bid: '1.50', budget: '100.00', delivery_hours: '6.00' });
    expect(toAdRows(item, 'a', 'yuan')[0]).toMatchObject({ cpa_bid: '150.00' });
  });

  it('an order with two ads: one snapshot summing them; cost per conversion = cost ÷ conversions; 5 s rate weighted by plays', () => {
    const rows = toStatsRows(
      [
        { dimension_data: { order_id: '5', ad_id: '1', item_id: '77' }, metrics_data: { stat_cost: 1001, total_play: 300, custom_like: 3, dp_target_convert_cnt: 1, custom_convert_cost: 1001, play_duration_5s_rank: 0.5 } },
        { dimension_data: { order_id: '5', ad_id: '2', item_id: '77' }, metrics_data: { stat_cost: 2000, total_play: 100, custom_like: 1, dp_target_convert_cnt: 2, custom_convert_cost: 1000, play_duration_5s_rank: 0.1 } },
        { dimension_data: { order_id: '6', ad_id: '3', item_id: '77' }, metrics_data: { stat_cost: 999, total_play: 10, dp_target_convert_cnt: 0, custom_convert_cost: 0 } },
      ],
      'acct',
      T,
      'fen',
    );
    expect(rows).toEqual([
      expect.objectContaining({ order_id: '5', stat_time: T.toISOString(), cost: '30.01', plays: 400, likes: 4, conversions: 3, cost_per_conversion: '10.00', play_5s_rate: '0.4' }),
      expect.objectContaining({ order_id: '6', cost: '9.99', plays: 10, conversions: 0, cost_per_conversion: null, play_5s_rate: null }),
    ]);
  });

  it('a metric that is not a count, or cost not in whole 分, names the order and the field', () => {
    expect(() => toStatsRows([{ dimension_data: { order_id: '5' }, metrics_data: { total_play: -1 } }], 'a', T, 'fen')).toThrow(/order 5: total_play is not a count/);
    expect(() => toStatsRows([{ dimension_data: { order_id: '5' }, metrics_data: { stat_cost: 12.5 } }], 'a', T, 'fen')).toThrow(/order 5: stat_cost/);
    // With DOUPLUS_COST_UNIT=yuan the same 12.5 is ¥12.50.
    expect(toStatsRows([{ dimension_data: { order_id: '5' }, metrics_data: { stat_cost: 12.5 } }], 'a', T, 'yuan')[0]?.cost).toBe('12.50');
  });
});

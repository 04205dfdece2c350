// What of 抖音来客 is mirrored into Bitable (docs/bitable-mirror.md): the orders, opted into with
// BITABLE_MIRROR_ORDERS (`optIn: 'orders'`), because a busy shop passes the ~20,000-row table
// limit within months; then new orders are parked with one alert. The phone column is never
// mirrored. Plain data; src/mirror/ validates it.
import type { MirrorMappingInput } from '../../engine/types.js';

export const DOUYIN_LIFE_ORDERS_MIRROR: MirrorMappingInput = {
  name: 'douyin_life_orders',
  source: 'douyin_life_orders',
  table: '抖音来客订单',
  key: ['order_id'],
  keyField: '记录键',
  dateColumn: 'create_time',
  dateField: '下单时间',
  aliases: ['douyin-life', 'douyin', '抖音来客'],
  optIn: 'orders',
  fields: [
    { column: 'order_id', field: '订单号', type: 'text' },
    { column: 'account_id', field: '账户ID', type: 'text' },
    { column: 'order_status', field: '订单状态', type: 'singleSelect' },
    { column: 'sku_name', field: '商品名称', type: 'text' },
    { column: 'pay_amount', field: '实付金额(元)', type: 'number' },
    { column: 'original_amount', field: '原价(元)', type: 'number' },
    { column: 'count', field: '数量', type: 'number' },
    { column: 'create_time', field: '下单时间', type: 'date' },
    { column: 'pay_time', field: '支付时间', type: 'date' },
  ],
};

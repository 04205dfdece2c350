// 小鹅通 in Bitable: the welfare decisions (always; a few rows a day, what the team acts on) and
// the orders (off unless BITABLE_MIRROR_ORDERS=true: a busy shop passes the ~20,000-row table
// limit). The receiver's name, address and phone are never mirrored.
import type { MirrorMappingInput } from '../../engine/types.js';

export const XIAOE_WELFARE_MIRROR: MirrorMappingInput = {
  name: 'xiaoe_welfare',
  source: 'xiaoe_welfare',
  table: '小鹅通福利',
  key: ['order_id'],
  keyField: '记录键',
  dateColumn: 'decision_day',
  dateField: '判定日',
  aliases: ['xiaoe', '小鹅通', 'welfare', '福利'],
  fields: [
    { column: 'order_id', field: '订单号', type: 'text' },
    { column: 'user_id', field: '买家ID', type: 'text' },
    { column: 'title', field: '商品', type: 'text' },
    { column: 'price', field: '实付金额(元)', type: 'number' },
    { column: 'pay_time', field: '支付时间', type: 'date' },
    { column: 'decision_day', field: '判定日', type: 'date' },
    { column: 'status', field: '福利状态', type: 'singleSelect' },
    { column: 'granted_on', field: '发放日', type: 'date' },
    { column: 'revoked_on', field: '取消日', type: 'date' },
    { column: 'refund_money', field: '退款金额(元)', type: 'number' },
    { column: 'refund_time', field: '退款时间', type: 'date' },
    { column: 'late_refund_seen_on', field: '逾期退款发现日', type: 'date' },
  ],
};

export const XIAOE_ORDERS_MIRROR: MirrorMappingInput = {
  name: 'xiaoe_orders',
  source: 'xiaoe_orders',
  table: '小鹅通订单',
  key: ['order_id'],
  keyField: '记录键',
  dateColumn: 'created_time',
  dateField: '下单时间',
  aliases: ['xiaoe-orders', '小鹅通订单'],
  optIn: 'orders',
  fields: [
    { column: 'order_id', field: '订单号', type: 'text' },
    { column: 'user_id', field: '买家ID', type: 'text' },
    { column: 'title', field: '商品名称', type: 'text' },
    { column: 'resource_type_text', field: '商品类型', type: 'singleSelect' },
    { column: 'price', field: '实付金额(元)', type: 'number' },
    { column: 'coupon_price', field: '优惠券抵扣(元)', type: 'number' },
    { column: 'refund_money', field: '退款金额(元)', type: 'number' },
    { column: 'order_state_text', field: '订单状态', type: 'singleSelect' },
    { column: 'sales_state_text', field: '售后状态', type: 'singleSelect' },
    { column: 'created_time', field: '下单时间', type: 'date' },
    { column: 'pay_time', field: '支付时间', type: 'date' },
    { column: 'refund_time', field: '退款时间', type: 'date' },
  ],
};

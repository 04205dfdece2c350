// Temu in Bitable: orders with their cost and profit (opt-in, like every order table: it is big),
// and the daily figures per shop.
import type { MirrorMappingInput } from '../../engine/types.js';

export const TEMU_ORDERS_MIRROR: MirrorMappingInput = {
  name: 'temu_order_finance',
  source: 'temu_order_finance',
  table: 'Temu订单',
  key: ['shop', 'parent_order_sn'],
  keyField: '记录键',
  dateColumn: 'order_day',
  dateField: '下单日期',
  optIn: 'orders',
  aliases: ['temu', 'temu-orders', 'Temu订单'],
  fields: [
    { column: 'shop', field: '店铺', type: 'text' },
    { column: 'parent_order_sn', field: '父订单号', type: 'text' },
    { column: 'order_day', field: '下单日期', type: 'date' },
    { column: 'currency', field: '币种', type: 'text' },
    { column: 'units', field: '件数', type: 'number' },
    { column: 'customer_paid', field: '顾客实付', type: 'number' },
    { column: 'revenue', field: '预计收入', type: 'number' },
    { column: 'cost', field: '成本', type: 'number' },
    { column: 'profit', field: '利润', type: 'number' },
    { column: 'payout_due', field: '预计回款日', type: 'date' },
  ],
};

export const TEMU_DAILY_MIRROR: MirrorMappingInput = {
  name: 'temu_shop_daily',
  source: 'temu_shop_daily',
  table: 'Temu店铺日报',
  key: ['shop', 'day', 'currency'],
  keyField: '记录键',
  dateColumn: 'day',
  dateField: '日期',
  aliases: ['temu-daily', 'Temu店铺日报'],
  fields: [
    { column: 'day', field: '日期', type: 'date' },
    { column: 'shop', field: '店铺', type: 'text' },
    { column: 'currency', field: '币种', type: 'text' },
    { column: 'orders', field: '订单数', type: 'number' },
    { column: 'units', field: '件数', type: 'number' },
    { column: 'gmv', field: 'GMV', type: 'number' },
    { column: 'refunds', field: '退款', type: 'number' },
    { column: 'cost', field: '成本', type: 'number' },
    { column: 'profit', field: '利润', type: 'number' },
    { column: 'missing_cost', field: '缺成本订单', type: 'number' },
    { column: 'payouts_due', field: '当日应回款', type: 'number' },
  ],
};

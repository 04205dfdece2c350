// Monthly exports (`/export xiaoe 2026-02`): the month's orders (by creation day) and the welfare
// decisions made in the month. Money as decimal strings (the export writes 2-dp numbers), totals
// summed in SQL numeric, so they are exact to the fen.
import type { ExportDeclaration } from '../../engine/types.js';

const RANGE = `created_time >= ($1::date)::timestamp AT TIME ZONE 'Asia/Shanghai' AND created_time < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`;

export const ordersExport: ExportDeclaration = {
  name: 'orders',
  title: '小鹅通订单',
  async month(pool, { first, last }) {
    const { rows } = await pool.query(
      `SELECT order_id, user_id, title, resource_type_text, price::text AS price, coupon_price::text AS coupon_price,
              refund_money::text AS refund_money, order_state_text, sales_state_text,
              to_char(created_time AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS created_time,
              to_char(pay_time AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS pay_time,
              to_char(refund_time AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS refund_time
         FROM xiaoe_orders WHERE ${RANGE} ORDER BY created_time, order_id`,
      [first, last],
    );
    const t = (
      await pool.query<{ price: string | null; coupon: string | null; refund: string | null }>(
        `SELECT sum(price)::text AS price, sum(coupon_price)::text AS coupon, sum(refund_money)::text AS refund FROM xiaoe_orders WHERE ${RANGE}`,
        [first, last],
      )
    ).rows[0];
    return {
      columns: [
        { header: '订单号', key: 'order_id', width: 28 },
        { header: '买家ID', key: 'user_id', width: 22 },
        { header: '商品', key: 'title', width: 28 },
        { header: '商品类型', key: 'resource_type_text', width: 10 },
        { header: '实付金额(元)', key: 'price', width: 14, money: true },
        { header: '优惠券抵扣(元)', key: 'coupon_price', width: 14, money: true },
        { header: '退款金额(元)', key: 'refund_money', width: 14, money: true },
        { header: '订单状态', key: 'order_state_text', width: 14 },
        { header: '售后状态', key: 'sales_state_text', width: 12 },
        { header: '下单时间', key: 'created_time', width: 20 },
        { header: '支付时间', key: 'pay_time', width: 20 },
        { header: '退款时间', key: 'refund_time', width: 20 },
      ],
      rows,
      totals: { order_id: '合计', title: `${rows.length} 笔`, price: t?.price ?? '0.00', coupon_price: t?.coupon ?? '0.00', refund_money: t?.refund ?? '0.00' },
    };
  },
};

export const welfareExport: ExportDeclaration = {
  name: 'welfare',
  title: '小鹅通福利',
  async month(pool, { first, last }) {
    const { rows } = await pool.query(
      `SELECT order_id, user_id, title, price::text AS price, refund_money::text AS refund_money, status,
              to_char(pay_time AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS pay_time,
              to_char(decision_day, 'YYYY-MM-DD') AS decision_day, to_char(granted_on, 'YYYY-MM-DD') AS granted_on,
              to_char(revoked_on, 'YYYY-MM-DD') AS revoked_on, CASE WHEN late_refund THEN '是' ELSE '' END AS late_refund
         FROM xiaoe_welfare
        WHERE NOT historical AND (granted_on BETWEEN $1 AND $2 OR revoked_on BETWEEN $1 AND $2 OR late_refund_seen_on BETWEEN $1 AND $2)
        ORDER BY coalesce(granted_on, revoked_on), order_id`,
      [first, last],
    );
    return { columns: WELFARE_COLUMNS, rows };
  },
};

export const WELFARE_COLUMNS = [
  { header: '订单号', key: 'order_id', width: 28 },
  { header: '买家ID', key: 'user_id', width: 22 },
  { header: '商品', key: 'title', width: 28 },
  { header: '实付金额(元)', key: 'price', width: 14, money: true },
  { header: '退款金额(元)', key: 'refund_money', width: 14, money: true },
  { header: '福利状态', key: 'status', width: 10 },
  { header: '支付时间', key: 'pay_time', width: 20 },
  { header: '判定日', key: 'decision_day', width: 12 },
  { header: '发放日', key: 'granted_on', width: 12 },
  { header: '取消日', key: 'revoked_on', width: 12 },
  { header: '逾期退款', key: 'late_refund', width: 10 },
];

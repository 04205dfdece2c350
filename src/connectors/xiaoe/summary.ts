// 小鹅通's section of the daily summary: orders created, paid orders and amount, refunds (count
// and amount, by refund time), welfare granted / revoked that day and pending now, and the paid
// amount over the 7 days ending that day. Sums are taken in SQL numeric.
import type { Pool } from '../../db/pool.js';
import type { SummarySection } from '../../engine/types.js';
import { formatYuan } from '../../money.js';
import { welfareDay } from './welfare.js';

const DAY_RANGE = (col: string) =>
  `${col} >= ($1::date)::timestamp AT TIME ZONE 'Asia/Shanghai' AND ${col} < ($1::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`;

export async function xiaoeSummary(pool: Pool, day: string): Promise<SummarySection> {
  const t = (
    await pool.query<{ orders: number; paid: number; amount: string; refunds: number; refunded: string }>(
      `SELECT (SELECT count(*) FROM xiaoe_orders WHERE ${DAY_RANGE('created_time')})::int AS orders,
              (SELECT count(*) FROM xiaoe_orders WHERE ${DAY_RANGE('pay_time')})::int AS paid,
              (SELECT coalesce(sum(price), 0) FROM xiaoe_orders WHERE ${DAY_RANGE('pay_time')})::numeric(14,2)::text AS amount,
              (SELECT count(*) FROM xiaoe_orders WHERE ${DAY_RANGE('refund_time')})::int AS refunds,
              (SELECT coalesce(sum(refund_money), 0) FROM xiaoe_orders WHERE ${DAY_RANGE('refund_time')})::numeric(14,2)::text AS refunded`,
      [day],
    )
  ).rows[0] ?? { orders: 0, paid: 0, amount: '0.00', refunds: 0, refunded: '0.00' };
  const w = await welfareDay(pool, day);
  const trend = await pool.query<{ day: string; amount: string }>(
    `SELECT to_char(d, 'YYYY-MM-DD') AS day, coalesce(sum(o.price), 0)::text AS amount
       FROM generate_series($1::date - 6, $1::date, interval '1 day') AS d
       LEFT JOIN xiaoe_orders o ON o.pay_time >= d::timestamp AT TIME ZONE 'Asia/Shanghai' AND o.pay_time < (d + interval '1 day')::timestamp AT TIME ZONE 'Asia/Shanghai'
      GROUP BY d ORDER BY d`,
    [day],
  );
  return {
    title: `小鹅通 ${day}`,
    figures: [
      { label: '新订单', value: t.orders.toLocaleString('en-US') },
      { label: '支付订单', value: t.paid.toLocaleString('en-US') },
      { label: '实付金额', value: formatYuan(t.amount) },
      { label: '退款', value: `${t.refunds.toLocaleString('en-US')} 笔 / ${formatYuan(t.refunded)}` },
      { label: '福利发放 / 取消', value: `${w.granted.length} / ${w.revoked.length}` },
      { label: '福利待定', value: `${w.pending.toLocaleString('en-US')}（3天内到期 ${w.dueSoon}）` },
      ...(w.lateRefunds.length ? [{ label: '逾期退款(需人工判断)', value: String(w.lateRefunds.length) }] : []),
    ],
    // Chart points only: the exact figures are above.
    trend: { label: '实付金额(元)', points: trend.rows.map((r) => ({ day: r.day, value: Number(r.amount) })) },
  };
}

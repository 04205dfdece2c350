// `tongbu export temu YYYY-MM`: a month's parent orders (by order day, Asia/Shanghai) with what the
// customer paid, what the shop receives, cost, profit and the expected payout. Money as decimal
// strings; orders without a cost show it empty and are counted in the totals row, never as zero.
import type { ExportDeclaration } from '../../engine/types.js';

export const temuOrdersExport: ExportDeclaration = {
  name: 'orders',
  title: 'Temu',
  async month(pool, { first, last }) {
    const { rows } = await pool.query(
      `SELECT f.shop, f.parent_order_sn, to_char(f.order_day, 'YYYY-MM-DD') AS order_day, f.status, f.currency, f.units,
              f.customer_paid::text, f.refunds::text, f.revenue::text, round(f.cost, 2)::text AS cost, round(f.profit, 2)::text AS profit,
              array_to_string(f.missing_skus, ',') AS missing_skus, to_char(f.payout_due, 'YYYY-MM-DD') AS payout_due
       FROM temu_order_finance f WHERE f.order_day BETWEEN $1 AND $2 ORDER BY f.order_day, f.shop, f.parent_order_sn`,
      [first, last],
    );
    const t = (
      await pool.query<{ orders: number; missing: number }>(
        `SELECT count(*)::int AS orders, count(*) FILTER (WHERE cost IS NULL AND status <> 3)::int AS missing FROM temu_order_finance WHERE order_day BETWEEN $1 AND $2`,
        [first, last],
      )
    ).rows[0];
    return {
      columns: [
        { header: '店铺', key: 'shop', width: 14 },
        { header: '父订单号', key: 'parent_order_sn', width: 28 },
        { header: '下单日期', key: 'order_day', width: 12 },
        { header: '状态', key: 'status', width: 8 },
        { header: '币种', key: 'currency', width: 8 },
        { header: '件数', key: 'units', width: 8 },
        { header: '顾客实付', key: 'customer_paid', width: 12, money: true },
        { header: '退款', key: 'refunds', width: 12, money: true },
        { header: '预计收入', key: 'revenue', width: 12, money: true },
        { header: '成本', key: 'cost', width: 12, money: true },
        { header: '利润', key: 'profit', width: 12, money: true },
        { header: '缺成本SKU', key: 'missing_skus', width: 24 },
        { header: '预计回款日', key: 'payout_due', width: 12 },
      ],
      rows,
      totals: { shop: '合计', parent_order_sn: `${t?.orders ?? 0} 单`, missing_skus: `${t?.missing ?? 0} 单缺成本` },
    };
  },
};

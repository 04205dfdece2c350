// The monthly export of the daily report (`/export oceanengine 2026-02`): the Chinese field names
// the Bitable mirror uses, money as decimal strings (the export writes 2-dp numbers), unit ids as
// text (19 digits), and a totals row summed in SQL numeric, so it is exact to the fen.
import type { ExportDeclaration } from '../../engine/types.js';
import { divideToDecimal } from '../../money.js';
import { DAILY_TABLE } from './daily-report.js';

export const dailyReportExport: ExportDeclaration = {
  name: 'daily_report',
  title: '巨量本地推',
  async month(pool, { first, last }) {
    const { rows } = await pool.query(
      `SELECT to_char(stat_date, 'YYYY-MM-DD') AS stat_date, account_id, unit_id, unit_name, spend::text, conversions,
              cost_per_conversion::text, group_buy_leads
       FROM ${DAILY_TABLE} WHERE stat_date BETWEEN $1 AND $2 ORDER BY stat_date, account_id, unit_id`,
      [first, last],
    );
    const t = (
      await pool.query<{ spend: string | null; conversions: number | null; leads: number | null }>(
        `SELECT sum(spend)::text AS spend, sum(conversions)::int AS conversions, sum(group_buy_leads)::int AS leads
         FROM ${DAILY_TABLE} WHERE stat_date BETWEEN $1 AND $2`,
        [first, last],
      )
    ).rows[0];
    const spend = t?.spend ?? '0.00';
    const conversions = t?.conversions ?? 0;
    return {
      columns: [
        { header: '时间', key: 'stat_date', width: 12 },
        { header: '账户ID', key: 'account_id', width: 20 },
        { header: '单元ID', key: 'unit_id', width: 22 },
        { header: '单元名称', key: 'unit_name', width: 28 },
        { header: '消耗(元)', key: 'spend', width: 14, money: true },
        { header: '转化数', key: 'conversions', width: 10 },
        { header: '转化成本(元)', key: 'cost_per_conversion', width: 14, money: true },
        { header: '团购线索数', key: 'group_buy_leads', width: 12 },
      ],
      rows,
      totals: {
        stat_date: '合计',
        unit_name: `${rows.length} 条`,
        spend,
        conversions,
        cost_per_conversion: divideToDecimal(spend, conversions),
        group_buy_leads: t?.leads ?? 0,
      },
    };
  },
};

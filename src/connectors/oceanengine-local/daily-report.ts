// Stream `daily_report`: one row per (day, local-push account, unit) in oceanengine_local_daily.
// One slice = one Asia/Shanghai day, asked for as start_date = end_date = that day. The platform
// revises recent days, so a day is replaced as a whole (mode 'replace'): units that vanished
// from a re-pull are deleted. Money: `stat_cost` float 元 → exact 2-dp decimal string.
import type { ColumnSpec, StreamDeclaration } from '../../engine/types.js';
import { PlatformError } from '../../engine/types.js';
import type { OceanengineLocalClient, PromotionReportRecord } from './client.js';
import { divideToDecimal, yuanToDecimal } from '../../money.js';

export const DAILY_TABLE = 'oceanengine_local_daily';

export const DAILY_COLUMNS: ColumnSpec[] = [
  { name: 'stat_date', type: 'date' },
  { name: 'account_id', type: 'text' },
  { name: 'unit_id', type: 'text' },
  { name: 'unit_name', type: 'text' },
  { name: 'project_id', type: 'text' },
  { name: 'project_name', type: 'text' },
  { name: 'spend', type: 'numeric' },
  { name: 'conversions', type: 'integer' },
  { name: 'cost_per_conversion', type: 'numeric' },
  { name: 'group_buy_leads', type: 'integer' },
  { name: 'show_cnt', type: 'bigint' },
  { name: 'click_cnt', type: 'bigint' },
  { name: 'raw_data', type: 'jsonb' },
];

export interface DailyRow {
  stat_date: string;
  account_id: string;
  unit_id: string;
  unit_name: string | null;
  project_id: string | null;
  project_name: string | null;
  spend: string;
  conversions: number;
  cost_per_conversion: string | null;
  group_buy_leads: number;
  show_cnt: number | null;
  click_cnt: number | null;
  raw_data: PromotionReportRecord;
}

function count(r: PromotionReportRecord, field: keyof PromotionReportRecord, required: boolean): number | null {
  const v = r[field];
  if (v === undefined || v === null) {
    if (required) return 0; // a metric the platform leaves out of a row is 0 for that row
    return null;
  }
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new PlatformError('malformed', `promotion ${String(r.promotion_id)}: ${field} is not a count (${JSON.stringify(v)})`);
  return n;
}

export function toDailyRows(records: PromotionReportRecord[], account: string): DailyRow[] {
  return records.map((r) => {
    if (r.promotion_id === undefined || r.promotion_id === null || !/^\d{4}-\d{2}-\d{2}$/.test(String(r.stat_time_day))) {
      throw new PlatformError('malformed', `a promotion_list item lacks promotion_id or stat_time_day: ${JSON.stringify(r).slice(0, 200)}`);
    }
    let spend: string;
    try {
      spend = yuanToDecimal(r.stat_cost ?? 0);
    } catch (e) {
      throw new PlatformError('malformed', `promotion ${String(r.promotion_id)}: stat_cost ${(e as Error).message}`);
    }
    const conversions = count(r, 'convert_cnt', true) as number;
    return {
      stat_date: r.stat_time_day,
      account_id: account,
      unit_id: String(r.promotion_id),
      unit_name: r.promotion_name ?? null,
      project_id: r.project_id === undefined || r.project_id === null ? null : String(r.project_id),
      project_name: r.project_name ?? null,
      spend,
      conversions,
      cost_per_conversion: divideToDecimal(spend, conversions),
      group_buy_leads: count(r, 'clue_pay_order_cnt', true) as number,
      show_cnt: count(r, 'show_cnt', false),
      click_cnt: count(r, 'click_cnt', false),
      raw_data: r,
    };
  });
}

export const dailyReportStream: StreamDeclaration<OceanengineLocalClient, PromotionReportRecord> = {
  name: 'daily_report',
  table: DAILY_TABLE,
  primaryKey: ['stat_date', 'account_id', 'unit_id'],
  columns: DAILY_COLUMNS,
  mode: 'replace',
  replaceBy: { account: 'account_id', day: 'stat_date' },
  volatileColumns: ['synced_at'],
  async fetchPage(client, req, signal) {
    const page = await client.reportPage(req.slice.day, req.page, signal);
    // A day asked for alone can only hold that day's rows; anything else is not what we asked.
    const stray = page.records.find((r) => r.stat_time_day !== req.slice.day);
    if (stray) throw new PlatformError('malformed', `asked for ${req.slice.day}, got a row for ${String(stray.stat_time_day)}`);
    return { records: page.records, hasMore: page.page < page.totalPage };
  },
  toRows(records, ctx) {
    return toDailyRows(records, ctx.account) as unknown as Record<string, unknown>[];
  },
};

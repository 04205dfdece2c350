// Monthly export of a report table to xlsx: `/export oceanengine 2026-02` (chat: uploaded and sent
// to the chat), `tongbu export oceanengine 2026-02` (written to disk). Headers are the Chinese
// field names the Bitable mirror uses; money cells are numbers with a 2-dp format (sums taken in
// SQL numeric, so the totals row is exact to the fen); unit ids stay text (19 digits).
import ExcelJS from 'exceljs';
import { oceanengineLocal } from '../connectors/oceanengine-local/index.js';
import { DAILY_TABLE } from '../connectors/oceanengine-local/daily-report.js';
import { divideToDecimal } from '../connectors/oceanengine-local/decimal.js';
import { addDays, parseDay } from '../engine/time.js';
import type { ConnectorDeclaration } from '../engine/types.js';
import { TongbuError } from '../errors.js';
import type { Services } from '../services.js';

export interface MonthExport {
  fileName: string;
  buffer: Buffer;
  /** Data rows (the totals row not counted). */
  rows: number;
  totals: { spend: string; conversions: number; costPerConversion: string | null; groupBuyLeads: number };
}

interface ExportRow {
  stat_date: string;
  account_id: string;
  unit_id: string;
  unit_name: string | null;
  spend: string;
  conversions: number;
  cost_per_conversion: string | null;
  group_buy_leads: number;
}

const HEADERS: { header: string; key: keyof ExportRow; width: number; money?: boolean }[] = [
  { header: '时间', key: 'stat_date', width: 12 },
  { header: '账户ID', key: 'account_id', width: 20 },
  { header: '单元ID', key: 'unit_id', width: 22 },
  { header: '单元名称', key: 'unit_name', width: 28 },
  { header: '消耗(元)', key: 'spend', width: 14, money: true },
  { header: '转化数', key: 'conversions', width: 10 },
  { header: '转化成本(元)', key: 'cost_per_conversion', width: 14, money: true },
  { header: '团购线索数', key: 'group_buy_leads', width: 12 },
];

function connectorFor(connector: string | ConnectorDeclaration): ConnectorDeclaration {
  const name = typeof connector === 'string' ? connector.trim().toLowerCase() : connector.name;
  if (name === oceanengineLocal.name || oceanengineLocal.aliases?.includes(name)) return oceanengineLocal;
  throw new TongbuError('EXPORT_NOT_SUPPORTED', typeof connector === 'string' ? connector : connector.name);
}

/** "2026-02" → first and last day. */
export function monthRange(month: string): { first: string; last: string } {
  const m = /^(\d{4})-(\d{2})$/.exec(month.trim());
  const first = m ? parseDay(`${m[1]}-${m[2]}-01`) : undefined;
  if (!first) throw new TongbuError('EXPORT_MONTH_INVALID', month);
  const [y, mo] = [Number(m![1]), Number(m![2])];
  const next = mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
  return { first, last: addDays(next, -1) };
}

export async function exportMonth(services: Services, connector: string | ConnectorDeclaration, month: string): Promise<MonthExport> {
  const c = connectorFor(connector);
  const { first, last } = monthRange(month);
  const { rows } = await services.pool.query<ExportRow>(
    `SELECT to_char(stat_date, 'YYYY-MM-DD') AS stat_date, account_id, unit_id, unit_name, spend::text, conversions,
            cost_per_conversion::text, group_buy_leads
     FROM ${DAILY_TABLE} WHERE stat_date BETWEEN $1 AND $2 ORDER BY stat_date, account_id, unit_id`,
    [first, last],
  );
  if (!rows.length) throw new TongbuError('EXPORT_EMPTY', `${c.title} ${month.trim()}`);
  const t = (
    await services.pool.query<{ spend: string; conversions: number; leads: number }>(
      `SELECT sum(spend)::text AS spend, sum(conversions)::int AS conversions, sum(group_buy_leads)::int AS leads
       FROM ${DAILY_TABLE} WHERE stat_date BETWEEN $1 AND $2`,
      [first, last],
    )
  ).rows[0] as { spend: string; conversions: number; leads: number };
  const totals = { spend: t.spend, conversions: t.conversions, costPerConversion: divideToDecimal(t.spend, t.conversions), groupBuyLeads: t.leads };

  const book = new ExcelJS.Workbook();
  book.creator = 'Tongbu';
  const sheet = book.addWorksheet(`${c.title} ${month.trim()}`, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = HEADERS.map((h) => ({ header: h.header, key: h.key, width: h.width, style: h.money ? { numFmt: '#,##0.00' } : {} }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) {
    sheet.addRow({
      ...r,
      spend: Number(r.spend),
      cost_per_conversion: r.cost_per_conversion === null ? null : Number(r.cost_per_conversion),
    });
  }
  const total = sheet.addRow({
    stat_date: '合计',
    unit_name: `${rows.length} 条`,
    spend: Number(totals.spend),
    conversions: totals.conversions,
    cost_per_conversion: totals.costPerConversion === null ? null : Number(totals.costPerConversion),
    group_buy_leads: totals.groupBuyLeads,
  });
  total.font = { bold: true };
  const buffer = Buffer.from(await book.xlsx.writeBuffer());
  return { fileName: `${c.title}_${month.trim()}.xlsx`, buffer, rows: rows.length, totals };
}

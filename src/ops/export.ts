// Monthly export to xlsx: `/export <connector> 2026-02` (chat: uploaded and sent to the chat),
// `tongbu export <connector> 2026-02` (written to disk). What a month holds (columns, rows, totals)
// is each connector's export declaration; src/excel/sheet-workbook.ts builds the workbook: money
// cells are numbers with a 2-dp format (the declaration's sums are taken in SQL numeric, so totals
// are exact to the fen), ids stay text.
import { findConnector } from '../engine/connector.js';
import { addDays, parseDay } from '../engine/time.js';
import type { ConnectorDeclaration, ExportDeclaration, Row } from '../engine/types.js';
import { sheetWorkbook } from '../excel/sheet-workbook.js';
import { TongbuError } from '../errors.js';
import type { Services } from '../services.js';

export interface MonthExport {
  fileName: string;
  buffer: Buffer;
  /** Data rows (the totals row not counted). */
  rows: number;
  /** The totals row as declared (money as decimal strings), if the export has one. */
  totals?: Row;
}

function exportFor(services: Services, connector: string | ConnectorDeclaration): { c: ConnectorDeclaration; x: ExportDeclaration } {
  const c = typeof connector === 'string' ? findConnector(connector, services.connectors ?? []) : connector;
  const x = c?.exports?.[0];
  if (!c || !x) {
    const supported = (services.connectors ?? []).filter((d) => d.exports?.length).map((d) => `${d.name} (${d.title})`);
    throw new TongbuError('EXPORT_NOT_SUPPORTED', `${typeof connector === 'string' ? connector : connector.name}; monthly exports exist for ${supported.join(', ') || 'no connector'}`);
  }
  return { c, x };
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
  const { c, x } = exportFor(services, connector);
  const sheetData = await x.month(services.pool, monthRange(month));
  if (!sheetData.rows.length) throw new TongbuError('EXPORT_EMPTY', `${x.title} ${month.trim()}`);
  const buffer = await sheetWorkbook(`${x.title} ${month.trim()}`, sheetData);
  return { fileName: `${c.title}_${month.trim()}.xlsx`, buffer, rows: sheetData.rows.length, totals: sheetData.totals };
}

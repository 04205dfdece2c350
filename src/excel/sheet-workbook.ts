// One sheet as an .xlsx workbook: a monthly export, or a connector report's attachment (sent in
// chat by the command door and by the daily summary, written to disk by the CLI). Here, below
// ops/ and notify/, so every door and the notifications build the same file.
import type { ExportSheet, Row } from '../engine/types.js';

/**
 * Money cells are numbers with a 2-dp format, everything else as given, a bold totals row when
 * there is one.
 */
export async function sheetWorkbook(title: string, sheetData: ExportSheet): Promise<Buffer> {
  const money = new Set(sheetData.columns.filter((col) => col.money).map((col) => col.key));
  const asCells = (r: Row): Row => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, money.has(k) && v !== null && v !== undefined ? Number(v) : v]));
  // Loaded when a workbook is written, so importing the export path costs nothing until then.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'Tongbu';
  // Sheet names are at most 31 characters and may not hold []:*?/\.
  const sheet = book.addWorksheet(title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = sheetData.columns.map((h) => ({ header: h.header, key: h.key, width: h.width, style: h.money ? { numFmt: '#,##0.00' } : {} }));
  sheet.getRow(1).font = { bold: true };
  for (const r of sheetData.rows) sheet.addRow(asCells(r));
  if (sheetData.totals) sheet.addRow(asCells(sheetData.totals)).font = { bold: true };
  return Buffer.from(await book.xlsx.writeBuffer());
}

// Spreadsheets a connector imports itself (its declaration's `sheets`, e.g. a cost sheet), told
// apart from the built-in reports (售卖明细, 旅行社预约明细) by file name or by the header row.
// Only .xlsx/.xlsm workbooks are looked at; CSV stays with the built-in reports. The header is
// read with the import's own reader (the zip checks included); a declared sheet itself is read
// with exceljs, loaded only then: it costs a process about 17 MB of RSS, and a built-in report's
// import (售卖明细, CSV) never needs it.
import type ExcelJS from 'exceljs';
import type { ConnectorDeclaration, SheetDeclaration } from '../engine/types.js';
import { plainValue } from './cell-values.js';
import { bufferSource, checkImportFile, fileSource, type ByteSource, type CheckLimits } from './file-check.js';
import { readWorkbookModel } from './sheet-names.js';
import { xlsxSheets } from './xlsx-sheets.js';

export interface DeclaredSheet {
  connector: ConnectorDeclaration;
  sheet: SheetDeclaration;
}

export interface SheetRows {
  header: unknown[];
  rows: unknown[][];
  /** Sheet row number of rows[0] (the header is row firstRow - 1). */
  firstRow: number;
}

const WORKBOOK = /\.(xlsx|xlsm)$/i;

/** A cell as its plain value: formulas give their result, rich text its text. */
function plain(v: unknown): unknown {
  if (v && typeof v === 'object') {
    if ('result' in v) return (v as { result: unknown }).result;
    if ('richText' in v) return (v as { richText: { text: string }[] }).richText.map((r) => r.text).join('');
    if ('text' in v) return (v as { text: unknown }).text;
  }
  return v;
}

function rowValues(row: ExcelJS.Row): unknown[] {
  // ExcelJS rows are 1-based: values[0] is always empty.
  return (Array.isArray(row.values) ? row.values.slice(1) : []).map(plain);
}

function headerHas(sheet: SheetDeclaration, header: unknown[]): boolean {
  const names = new Set(header.map((h) => String(h ?? '').trim()).filter(Boolean));
  return sheet.requiredHeaders.length > 0 && sheet.requiredHeaders.every((group) => group.some((n) => names.has(n)));
}

type FileRef = { buffer?: Buffer; path?: string };

/**
 * The first row with a value of the first worksheet (in tab order), read as the import reads a
 * workbook: through the zip's central directory, the shared strings first, then the sheet until
 * that row (a 100 MB report is not read whole to look at its header). Anything unreadable gives
 * no row: the built-in import then names the problem.
 */
async function firstRow(fileName: string, file: FileRef, limits: CheckLimits): Promise<unknown[]> {
  let src: ByteSource | undefined;
  try {
    src = file.buffer ? bufferSource(file.buffer) : await fileSource(file.path as string);
    const format = await checkImportFile(src, limits, fileName);
    if (format.kind !== 'xlsx') return [];
    const [sheet] = await xlsxSheets(src, await readWorkbookModel(src, format.entries));
    if (!sheet) return [];
    for await (const batch of sheet.rows()) {
      for (const row of batch) {
        const values = row.values.slice(1).map(plainValue);
        if (values.some((v) => v !== null && String(v).trim() !== '')) return values;
      }
    }
    return [];
  } catch {
    return [];
  } finally {
    await src?.close().catch(() => undefined);
  }
}

/** The declared sheet this file is, by its name first, else by its header row; undefined for a built-in report. */
export async function findDeclaredSheet(
  connectors: readonly ConnectorDeclaration[],
  fileName: string,
  file: FileRef,
  opts: { readHeader?: boolean; limits: CheckLimits },
): Promise<DeclaredSheet | undefined> {
  if (!WORKBOOK.test(fileName)) return undefined;
  const all = connectors.flatMap((connector) => (connector.sheets ?? []).map((sheet) => ({ connector, sheet })));
  if (!all.length) return undefined;
  const byName = all.find(({ sheet }) => sheet.fileNamePattern?.test(fileName));
  if (byName) return byName;
  // A file already named as a built-in report (售卖明细_….xlsx) is not opened twice.
  if (opts.readHeader === false) return undefined;
  const header = await firstRow(fileName, file, opts.limits);
  return all.find(({ sheet }) => headerHas(sheet, header));
}

/** The rows of the first worksheet: the first non-empty row is the header. Declared sheets are small (one row per SKU). */
export async function readSheetRows(file: FileRef): Promise<SheetRows> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  if (file.buffer) await book.xlsx.load(file.buffer as unknown as ArrayBuffer);
  else await book.xlsx.readFile(file.path as string);
  const ws = book.worksheets[0];
  const rows: { n: number; values: unknown[] }[] = [];
  ws?.eachRow({ includeEmpty: false }, (row, n) => rows.push({ n, values: rowValues(row) }));
  const [head, ...body] = rows;
  if (!head) return { header: [], rows: [], firstRow: 2 };
  // Keep empty rows in place so row numbers in messages match the sheet.
  const out: unknown[][] = [];
  for (const r of body) {
    while (head.n + 1 + out.length < r.n) out.push([]);
    out.push(r.values);
  }
  return { header: head.values, rows: out, firstRow: head.n + 1 };
}

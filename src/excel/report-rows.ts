// Streams an export's rows from its sheets (worksheets of an .xlsx read straight from the zip,
// or the one "sheet" of a CSV): finds each sheet's header row, tells the report type when the
// file name did not, and turns each row into table values.
// Only a batch of rows is held at a time (plus the shared-strings table), so memory does not
// grow with the file. Problems that make the file wrong (missing columns, text in a money
// cell) throw; problems of one row (an id that lost precision, no key) reject that row.
import { TongbuError } from '../errors.js';
import { parseDate, parseId, parseMoney, parseShanghaiTime, parseText, plainValue, rawJsonText, rawValue } from './cell-values.js';
import {
  BOOKING_STATE_RANK,
  BOOKINGS,
  REPORTS,
  bookingStateOfSheet,
  isInstructionSheet,
  normalizeHeader,
  type ColumnSpec,
  type ReportSpec,
} from './report-types.js';
import type { SheetRow } from './sheet-xml.js';

export interface MergedRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** One sheet of rows, whatever the file format: `rows()` reads it (again) from its start. */
export interface SheetSource {
  name: string;
  rows(): AsyncIterable<SheetRow[]>;
  /** The sheet's merged ranges, read only when a header seems split over merged rows. */
  mergedRanges?(): Promise<MergedRange[]>;
  /** Every cell is text, numbers too (CSV): an id may have been rounded before it was written. */
  textCells?: boolean;
}

/** The header must be within the first rows of a sheet (titles and notes may sit above it). */
const HEADER_SCAN_ROWS = 30;

export interface ReportRow {
  sheet: string;
  rowNumber: number;
  /**
   * Values as text for COPY (null = NULL), in the order of tableColumns(spec): an array, not an
   * object keyed by column, so the loader reads them by position (a keyed read per cell was a
   * tenth of the loader's own time).
   */
  values: (string | null)[];
  /** The row's key (子订单ID, 订单编号). */
  key: string;
  /** raw_excel: every column of the row keyed by header, as JSON text (built without an object per row). */
  rawJson: string;
  /** Booking state rank (0 for sales): the later state wins within a file. */
  rank: number;
}

export interface RowProblem {
  sheet: string;
  row: number;
  column?: string;
  message: string;
}

export interface SheetNote {
  name: string;
  rows: number;
  /** Why the sheet was not imported, when it was not. */
  skipped?: string;
  state?: string;
}

export type ReportEvent = { kind: 'spec'; spec: ReportSpec } | { kind: 'row'; row: ReportRow } | { kind: 'rejected'; problem: RowProblem };

interface BoundColumn {
  index: number;
  header: string;
  /** `"header":` ready for the row's JSON. */
  jsonKey: string;
  spec?: ColumnSpec;
  /** Position of the spec's column in tableColumns(spec); -1 when the column is not stored on its own. */
  slot: number;
}

/**
 * The table columns a report row fills, in ReportRow.values order: the spec's columns that have
 * one, then booking_status for bookings (from the sheet's name).
 */
export function tableColumns(spec: ReportSpec): string[] {
  const cols = spec.columns.filter((c) => c.column !== '').map((c) => c.column);
  if (spec.type === 'bookings') cols.push('booking_status');
  return cols;
}

export function columnLetter(index: number): string {
  let s = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function matchHeader(cells: (string | null)[], spec: ReportSpec): { bound: BoundColumn[]; missing: string[] } {
  const byName = new Map<string, number>();
  cells.forEach((c, i) => {
    if (c !== null && !byName.has(normalizeHeader(c))) byName.set(normalizeHeader(c), i);
  });
  const bound: BoundColumn[] = [];
  const used = new Map<number, ColumnSpec>();
  const missing: string[] = [];
  for (const col of spec.columns) {
    const idx = [col.header, ...(col.aliases ?? [])].map((h) => byName.get(normalizeHeader(h))).find((i) => i !== undefined);
    if (idx === undefined) {
      if (col.required) missing.push(col.header);
    } else used.set(idx, col);
  }
  const seen = new Map<string, number>();
  const slots = tableColumns(spec);
  cells.forEach((c, i) => {
    if (c === null) return;
    let header = c.trim();
    // Two columns with one header must not overwrite each other in raw_excel.
    const n = (seen.get(header) ?? 0) + 1;
    seen.set(header, n);
    if (n > 1) header = `${header}_${n}`;
    const col = used.get(i);
    bound.push({ index: i, header, jsonKey: `${JSON.stringify(header)}:`, spec: col, slot: col && col.column !== '' ? slots.indexOf(col.column) : -1 });
  });
  return { bound, missing };
}

function headerCells(values: unknown[]): (string | null)[] {
  const out: (string | null)[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = plainValue(values[i]);
    out[i] = v === null || String(v).trim() === '' ? null : String(v);
  }
  return out;
}

export interface ReadReportOptions {
  /** From the file name; when absent the headers decide. */
  spec?: ReportSpec;
  sheets: SheetNote[];
  /** Called with each empty row skipped. */
  onEmptyRow?: () => void;
}

/** Header cells of a row, with cells under a vertical merge taking the merge's top-left text. */
function filledHeaderCells(row: SheetRow, above: SheetRow[], merges: MergedRange[]): (string | null)[] {
  const cells = headerCells(row.values);
  for (const m of merges) {
    if (m.top >= row.number || m.bottom < row.number || cells[m.left] != null) continue;
    const top = above.find((r) => r.number === m.top);
    const v = top ? headerCells(top.values)[m.left] : null;
    if (v != null) cells[m.left] = v;
  }
  return cells;
}

/**
 * Yields the report's type once known, then its rows. Throws EXCEL_MISSING_COLUMNS,
 * EXCEL_NO_SHEET, EXCEL_UNKNOWN_TYPE, EXCEL_BAD_MONEY or EXCEL_BAD_TIME.
 */
export async function* readReport(sources: Iterable<SheetSource> | AsyncIterable<SheetSource>, opts: ReadReportOptions): AsyncGenerator<ReportEvent> {
  let spec = opts.spec;
  if (spec) yield { kind: 'spec', spec };
  // Best partial header seen, to name the missing columns when no sheet matches.
  let best: { sheet: string; missing: string[]; found: number; spec: ReportSpec } | undefined;
  let imported = 0;
  let stateSheets = 0;
  for await (const source of sources) {
    const name = source.name;
    const note: SheetNote = { name, rows: 0 };
    opts.sheets.push(note);
    const state = bookingStateOfSheet(name);
    let skipReason: string | undefined;
    if (isInstructionSheet(name)) skipReason = 'instructions sheet';
    else if (spec?.type === 'bookings' && !state) skipReason = 'not a booking-state sheet';
    if (state && (!spec || spec.type === 'bookings')) stateSheets++;
    let bound: BoundColumn[] | undefined;
    let sheetSpec: ReportSpec | undefined;
    let scanned = 0;
    let firstRow: string | undefined;
    let partial = false;
    // Rows above the header, kept to read a header whose cells are merged across rows.
    const headRows: SheetRow[] = [];
    const tryHeader = (cells: (string | null)[]): boolean => {
      const candidates = spec ? [spec] : state ? [BOOKINGS] : REPORTS;
      for (const s of candidates) {
        const m = matchHeader(cells, s);
        const found = s.columns.filter((c) => c.required).length - m.missing.length;
        if (m.missing.length === 0) {
          bound = m.bound;
          sheetSpec = s;
          return true;
        }
        if (found > 0) partial = true;
        if (found > 0 && (!best || found > best.found)) best = { sheet: name, missing: m.missing, found, spec: s };
      }
      return false;
    };
    // Each sheet is read on its own: one we skip is not read any further.
    let headerRow = 0;
    let pass: 'plain' | 'merged' | 'done' = skipReason ? 'done' : 'plain';
    while (pass !== 'done') {
      const merges = pass === 'merged' ? await (source.mergedRanges as () => Promise<MergedRange[]>)() : [];
      pass = 'done';
      let stop = false;
      for await (const batch of source.rows()) {
        for (const row of batch) {
          if (!bound) {
            if (merges.length) {
              // Second pass: the header rows again, now with merged cells filled in.
              if (row.number > headRows[headRows.length - 1]!.number) {
                stop = true;
                break;
              }
              if (tryHeader(filledHeaderCells(row, headRows, merges))) headerRow = row.number;
              if (sheetSpec && !spec) {
                spec = sheetSpec;
                yield { kind: 'spec', spec };
              }
              continue;
            }
            if (++scanned > HEADER_SCAN_ROWS) {
              stop = true;
              break;
            }
            const cells = headerCells(row.values);
            if (!cells.some((c) => c !== null)) continue;
            firstRow ??= cells.filter((c) => c !== null).slice(0, 6).join(', ');
            headRows.push(row);
            if (tryHeader(cells)) headerRow = row.number;
            if (sheetSpec && !spec) {
              spec = sheetSpec;
              yield { kind: 'spec', spec };
            }
            continue;
          }
          if (row.number <= headerRow) continue;
          const r = readRow(row.values, bound, name, row.number, sheetSpec as ReportSpec, state, source.textCells === true);
          if (r === 'empty') {
            opts.onEmptyRow?.();
            continue;
          }
          note.rows++;
          yield r;
        }
        if (stop) break;
      }
      // No header in the first rows, but part of one: perhaps its cells are merged across two
      // rows. The merges sit at the end of the sheet's XML, so they are read only now.
      if (!bound && partial && merges.length === 0 && headRows.length > 1 && source.mergedRanges) {
        const found = await source.mergedRanges();
        if (found.some((m) => m.top < m.bottom && m.top <= headRows[headRows.length - 1]!.number)) pass = 'merged';
      }
    }
    if (skipReason) note.skipped = skipReason;
    else if (!bound) note.skipped = scanned === 0 ? 'empty sheet' : `no ${spec?.label ?? 'report'} header row`;
    else imported++;
    if (state) note.state = state;
    if (spec?.type === 'bookings' && state && !bound && scanned > 0) {
      const m = best?.sheet === name ? best.missing : BOOKINGS.columns.filter((c) => c.required).map((c) => c.header);
      throw new TongbuError('EXCEL_MISSING_COLUMNS', `sheet "${name}" lacks ${m.join(', ')} (its first row reads: ${firstRow ?? 'nothing'})`);
    }
  }
  if (!spec) {
    if (best) throw new TongbuError('EXCEL_MISSING_COLUMNS', `sheet "${best.sheet}" looks like ${best.spec.label} but lacks ${best.missing.join(', ')}`);
    throw new TongbuError('EXCEL_UNKNOWN_TYPE', 'the file name says neither 售卖明细 nor 旅行社预约明细, and no sheet has either header row');
  }
  if (imported === 0) {
    if (spec.type === 'bookings' && stateSheets === 0) {
      throw new TongbuError('EXCEL_NO_SHEET', `no sheet is named for a booking state (${Object.keys(BOOKING_STATE_RANK).join(', ')})`);
    }
    if (best && best.spec === spec) throw new TongbuError('EXCEL_MISSING_COLUMNS', `sheet "${best.sheet}" lacks ${best.missing.join(', ')}`);
    if (spec.type === 'sales') throw new TongbuError('EXCEL_NO_SHEET', `no sheet has the ${spec.label} header row (${spec.columns.filter((c) => c.required).map((c) => c.header).slice(0, 4).join(', ')}, …)`);
  }
}

/** `sheet "售卖明细", cell G7 (售卖金额): "四百元"` for error messages. */
function describeCell(sheet: string, b: BoundColumn, rowNumber: number, v: unknown): string {
  return `sheet "${sheet}", cell ${columnLetter(b.index)}${rowNumber} (${b.header}): ${JSON.stringify(typeof v === 'string' ? v : String(v))}`;
}

// Per spec, computed once: how many values a row has, and where its key is.
const layouts = new WeakMap<ReportSpec, { count: number; key: number }>();
function layoutOf(spec: ReportSpec): { count: number; key: number } {
  let l = layouts.get(spec);
  if (!l) {
    const cols = tableColumns(spec);
    l = { count: cols.length, key: cols.indexOf(spec.key) };
    layouts.set(spec, l);
  }
  return l;
}

function readRow(values: unknown[], bound: BoundColumn[], sheet: string, rowNumber: number, spec: ReportSpec, state: string | undefined, textCells: boolean): ReportEvent | 'empty' {
  let rawJson = '{';
  const layout = layoutOf(spec);
  const out: (string | null)[] = new Array<string | null>(layout.count).fill(null);
  let any = false;
  let problem: RowProblem | undefined;
  for (const b of bound) {
    const v = plainValue(values[b.index]);
    if (v !== null && !(typeof v === 'string' && v.trim() === '')) any = true;
    rawJson += (rawJson.length > 1 ? ',' : '') + b.jsonKey + rawJsonText(rawValue(v));
    const col = b.spec;
    if (!col || b.slot < 0) continue;
    switch (col.kind) {
      case 'id': {
        const r = parseId(v, textCells);
        if (!r.ok) problem ??= { sheet, row: rowNumber, column: b.header, message: `${b.header}: ${r.reason}` };
        else out[b.slot] = r.id;
        break;
      }
      case 'money': {
        const m = parseMoney(v);
        if (m === undefined) throw new TongbuError('EXCEL_BAD_MONEY', describeCell(sheet, b, rowNumber, v));
        out[b.slot] = m;
        break;
      }
      case 'time': {
        const t = parseShanghaiTime(v);
        if (t === undefined) throw new TongbuError('EXCEL_BAD_TIME', describeCell(sheet, b, rowNumber, v));
        out[b.slot] = t;
        break;
      }
      case 'date':
        out[b.slot] = parseDate(v);
        break;
      case 'text':
        out[b.slot] = parseText(v);
        break;
    }
  }
  if (!any) return 'empty';
  if (problem) return { kind: 'rejected', problem };
  const key = out[layout.key];
  if (!key) {
    const keyCol = spec.columns.find((c) => c.column === spec.key) as ColumnSpec;
    return { kind: 'rejected', problem: { sheet, row: rowNumber, column: keyCol.header, message: `no ${keyCol.header}` } };
  }
  if (spec.type === 'bookings') out[out.length - 1] = state ?? null;
  return { kind: 'row', row: { sheet, rowNumber, values: out, key, rawJson: rawJson + '}', rank: state ? (BOOKING_STATE_RANK[state] ?? 0) : 0 } };
}

// The lean worksheet reader: a sheet's XML, inflated piece by piece from the zip, goes through
// saxen (a small, fast SAX parser) and comes out as rows of plain cell values, in batches (one
// per piece of XML, so the consumer awaits once per 64 KB rather than once per row).
//
// Cells as SpreadsheetML writes them (ECMA-376 part 1, 18.3.1.4 c, 18.18.11 ST_CellType):
//   t="s"          index into the shared-strings table (xl/sharedStrings.xml)
//   t="inlineStr"  text in <is><t>…</t></is> (or rich runs <is><r><t>…</t></r>…</is>)
//   t="str"        a formula's cached text result in <v>
//   t="b"          boolean, <v>1</v> or <v>0</v>
//   t="e"          error (#N/A, #DIV/0!), kept as its text
//   t="d"          ISO 8601 date (SheetJS with cellDates)
//   t="n" / none   a number in <v>; a date when the cell's style (s) has a date format
// A formula's cell keeps its cached result in <v>; the formula itself (<f>) is ignored.
// Elements may carry a namespace prefix (<x:c>, written by some .NET libraries).
// Numbers are parsed with Number(), as exceljs did, so a 19-digit id stored as a number shows
// its lost precision to parseId (cell-values.ts), which refuses the row.
import { Parser } from 'saxen';
import { TongbuError } from '../errors.js';

export type CellValue = string | number | boolean | Date | null;

export interface SheetRow {
  /** 1-based row number as in the sheet. */
  number: number;
  /** values[column] with column 1 = A (index 0 unused, as exceljs's row.values). */
  values: CellValue[];
}

/**
 * The shared-strings table, kept as UTF-8 bytes with an end offset per string, not as an array
 * of JavaScript strings: 300k rows of unique ids are 600k strings, 40 MB of heap as strings
 * (more while each was a view of its piece of XML), 15 MB as bytes. A string is decoded when a
 * cell asks for it; a small direct-mapped cache keeps the often repeated ones (states,
 * channels, names) decoded.
 */
export class SharedStrings {
  private readonly data: Buffer;
  private ends = new Uint32Array(1024);
  private pos = 0;
  length = 0;
  private readonly cacheKeys = new Int32Array(4096).fill(-1);
  private readonly cacheValues: string[] = new Array<string>(4096);

  /** `maxBytes`: the part's XML size, which its text cannot exceed (pages never written take no memory). */
  constructor(maxBytes: number) {
    this.data = Buffer.allocUnsafeSlow(Math.max(64, maxBytes + 16));
  }

  push(s: string): void {
    if (this.length === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    if (this.pos + s.length * 3 > this.data.length && this.pos + Buffer.byteLength(s) > this.data.length) {
      throw new TongbuError('EXCEL_CORRUPT', 'the shared-strings table holds more text than its part');
    }
    this.pos += this.data.write(s, this.pos);
    this.ends[this.length++] = this.pos;
  }

  get(i: number): string | undefined {
    if (!(i >= 0 && i < this.length)) return undefined;
    const slot = i & 4095;
    if (this.cacheKeys[slot] === i) return this.cacheValues[slot];
    const s = this.data.toString('utf8', i === 0 ? 0 : this.ends[i - 1], this.ends[i]);
    this.cacheKeys[slot] = i;
    this.cacheValues[slot] = s;
    return s;
  }
}

export interface CellContext {
  /** The shared-strings table; undefined when the workbook has none. */
  sharedStrings?: SharedStrings;
  /** Style index (c/@s) → the style's number format is a date or time. */
  dateStyles: boolean[];
  /** workbookPr/@date1904: serials count from 1904-01-01. */
  date1904: boolean;
}

// Unix epoch as an Excel serial (1900 system, Lotus leap-year bug included); 1904 system is 1462 days later.
const UNIX_EPOCH_SERIAL = 25569;
const DAY_MS = 86_400_000;

/** An Excel serial as a Date whose UTC fields are the sheet's wall clock (as exceljs built them). */
export function serialToDate(serial: number, date1904 = false): Date {
  return new Date(Math.round((serial + (date1904 ? 1462 : 0) - UNIX_EPOCH_SERIAL) * DAY_MS));
}

const localName = (name: string) => {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
};

/** Column number of a cell reference ("B7" → 2, "AA1" → 27); 0 when it has none. */
function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
  }
  return n;
}

function corrupt(part: string, e: unknown): TongbuError {
  return e instanceof TongbuError ? e : new TongbuError('EXCEL_CORRUPT', `${part} is not readable XML (${(e as Error)?.message ?? String(e)})`, { cause: e });
}

/** ISO 8601 text of a t="d" cell → a Date whose UTC fields are the written wall clock. */
function isoCellDate(s: string): Date | string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?/.exec(s);
  if (!m) return s;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map((x) => Number(x ?? 0)) as number[];
  return new Date(Date.UTC(y as number, (mo as number) - 1, d, h, mi, sec));
}

/**
 * Rows of one worksheet. `xml` yields the part's text in pieces that never cut a character;
 * each batch holds the rows completed by one piece. Stopping early (break) stops the inflation.
 */
export async function* readSheetRows(xml: AsyncIterable<string>, ctx: CellContext, part: string): AsyncGenerator<SheetRow[]> {
  const { sharedStrings, dateStyles, date1904 } = ctx;
  let batch: SheetRow[] = [];
  let inSheetData = false;
  let row: SheetRow | undefined;
  let rowNumber = 0;
  let col = 0;
  let type = '';
  let style = 0;
  let value = '';
  let hasValue = false;
  // Which text is being collected: 0 none, 1 <v>, 2 <t> of an inline string (not phonetic <rPh>).
  let capture = 0;
  let inInline = false;
  let inPhonetic = false;

  const finishCell = () => {
    if (!row || col === 0) return;
    let v: CellValue = null;
    switch (type) {
      case 's': {
        if (!hasValue) break;
        if (!sharedStrings) throw new TongbuError('EXCEL_CORRUPT', `${part} refers to a shared string the workbook does not hold`);
        const s = sharedStrings.get(Number(value));
        if (s === undefined) throw new TongbuError('EXCEL_CORRUPT', `${part} refers to shared string ${value}, beyond the table's ${sharedStrings.length}`);
        v = s;
        break;
      }
      case 'inlineStr':
      case 'str':
        v = hasValue ? value : null;
        break;
      case 'b':
        v = hasValue ? value.trim() === '1' || value.trim() === 'true' : null;
        break;
      case 'e':
        v = hasValue ? value : null;
        break;
      case 'd':
        v = hasValue ? isoCellDate(value.trim()) : null;
        break;
      default: {
        if (!hasValue) break;
        const t = value.trim();
        if (t === '') break;
        const n = Number(t);
        if (Number.isNaN(n)) v = t; // not a number after all: keep the text rather than lose it
        else v = dateStyles[style] ? serialToDate(n, date1904) : n;
      }
    }
    if (v !== null) row.values[col] = v;
  };

  const parser = new Parser();
  parser.on('error', (e) => {
    throw corrupt(part, e);
  });
  parser.on('openTag', (rawName, attrs, _decode, selfClosing) => {
    const name = rawName.includes(':') ? localName(rawName) : rawName;
    if (!inSheetData) {
      if (name === 'sheetData') inSheetData = !selfClosing;
      return;
    }
    switch (name) {
      case 'row': {
        const r = attrs().r;
        rowNumber = r ? Number(r) : rowNumber + 1;
        row = { number: rowNumber, values: [] };
        col = 0;
        if (selfClosing) {
          batch.push(row);
          row = undefined;
        }
        return;
      }
      case 'c': {
        const a = attrs();
        col = a.r ? columnOf(a.r) || col + 1 : col + 1;
        type = a.t ?? '';
        style = a.s ? Number(a.s) : 0;
        value = '';
        hasValue = false;
        inInline = false;
        return;
      }
      case 'v':
        if (!selfClosing && !inInline) {
          capture = 1;
          hasValue = true;
        }
        return;
      case 'is':
        inInline = true;
        hasValue = true;
        return;
      case 'rPh':
        inPhonetic = true;
        return;
      case 't':
        if (inInline && !inPhonetic && !selfClosing) capture = 2;
        return;
    }
  });
  parser.on('closeTag', (rawName) => {
    const name = rawName.includes(':') ? localName(rawName) : rawName;
    if (!inSheetData) return;
    switch (name) {
      case 'v':
      case 't':
        capture = 0;
        return;
      case 'rPh':
        inPhonetic = false;
        return;
      case 'is':
        inInline = false;
        return;
      case 'c':
        finishCell();
        type = '';
        return;
      case 'row':
        if (row) batch.push(row);
        row = undefined;
        return;
      case 'sheetData':
        inSheetData = false;
        return;
    }
  });
  parser.on('text', (text, decode) => {
    if (capture) value += text.includes('&') ? decode(text) : text;
  });
  parser.on('cdata', (text) => {
    if (capture) value += text;
  });

  try {
    for await (const piece of xml) {
      parser.write(piece);
      if (batch.length) {
        const out = batch;
        batch = [];
        yield out;
      }
    }
    parser.end();
  } catch (e) {
    throw corrupt(part, e);
  }
  if (row) batch.push(row);
  if (batch.length) yield batch;
}

/** The shared-strings table: each <si>'s text (rich runs joined, phonetic guides left out). */
export async function readSharedStrings(xml: AsyncIterable<string>, xmlBytes: number, part = 'xl/sharedStrings.xml'): Promise<SharedStrings> {
  const out = new SharedStrings(xmlBytes);
  let current = '';
  let inItem = false;
  let capture = false;
  let inPhonetic = false;
  const parser = new Parser();
  parser.on('error', (e) => {
    throw corrupt(part, e);
  });
  parser.on('openTag', (rawName, _attrs, _decode, selfClosing) => {
    const name = rawName.includes(':') ? localName(rawName) : rawName;
    if (name === 'si') {
      current = '';
      inItem = !selfClosing;
      if (selfClosing) out.push('');
    } else if (name === 't') capture = inItem && !inPhonetic && !selfClosing;
    else if (name === 'rPh') inPhonetic = true;
  });
  parser.on('closeTag', (rawName) => {
    const name = rawName.includes(':') ? localName(rawName) : rawName;
    if (name === 't') capture = false;
    else if (name === 'rPh') inPhonetic = false;
    else if (name === 'si' && inItem) {
      // PostgreSQL text and jsonb cannot hold NUL characters; a _x0000_ escape would be one.
      out.push(current.includes('_x') ? unescapeOoxml(current) : current);
      inItem = false;
    }
  });
  parser.on('text', (text, decode) => {
    if (capture) current += text.includes('&') ? decode(text) : text;
  });
  parser.on('cdata', (text) => {
    if (capture) current += text;
  });
  try {
    for await (const piece of xml) parser.write(piece);
    parser.end();
  } catch (e) {
    throw corrupt(part, e);
  }
  return out;
}

/** `_x000D_` escapes (ST_Xstring) that Excel writes for control characters in strings. */
export function unescapeOoxml(s: string): string {
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

// Built-in number formats that show dates or times (ECMA-376 18.8.30, plus the East Asian
// ids 27-36 and 50-58 that Excel uses for 年月日 formats in Chinese locales).
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A custom format code shows a date or time when, outside quotes, escapes and [colours], it has y, m, d, h or s. */
export function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/_./g, '')
    .replace(/\*./g, '')
    .replace(/\[(?!h\]|hh\]|m\]|mm\]|s\]|ss\])[^\]]*\]/gi, '');
  if (/^general$/i.test(bare.trim())) return false;
  // Only the first section decides (positive numbers); "@" is text.
  const first = bare.split(';')[0] ?? '';
  return /[ymdhs]/i.test(first) && !/^[#0.,%\s]*$/.test(first);
}

/** xl/styles.xml → for each cell style (cellXfs/xf, by index), whether it formats a date. */
export function readDateStyles(xml: string, part = 'xl/styles.xml'): boolean[] {
  const custom = new Map<number, string>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  const parser = new Parser();
  parser.on('error', (e) => {
    throw corrupt(part, e);
  });
  parser.on('openTag', (rawName, attrs, _decode, selfClosing) => {
    const name = rawName.includes(':') ? localName(rawName) : rawName;
    if (name === 'numFmt') {
      const a = attrs();
      if (a.numFmtId !== undefined && a.formatCode !== undefined) custom.set(Number(a.numFmtId), a.formatCode);
    } else if (name === 'cellXfs') inCellXfs = !selfClosing;
    else if (name === 'xf' && inCellXfs) {
      const id = Number(attrs().numFmtId ?? 0);
      const code = custom.get(id);
      styles.push(code !== undefined ? isDateFormatCode(code) : BUILTIN_DATE_FORMATS.has(id));
    }
  });
  parser.on('closeTag', (rawName) => {
    if ((rawName.includes(':') ? localName(rawName) : rawName) === 'cellXfs') inCellXfs = false;
  });
  try {
    parser.parse(xml);
  } catch (e) {
    throw corrupt(part, e);
  }
  return styles;
}

/** The merged ranges of a worksheet (<mergeCell ref="A1:C1"/>, after sheetData). */
export async function readMergedRanges(xml: AsyncIterable<string>, part: string): Promise<{ top: number; left: number; bottom: number; right: number }[]> {
  const out: { top: number; left: number; bottom: number; right: number }[] = [];
  // Only the tail matters, and a regex over the text is far cheaper than parsing every cell again.
  const re = /<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]+)(\d+)(?::([A-Za-z]+)(\d+))?"/g;
  let carry = '';
  try {
    for await (const piece of xml) {
      const text = carry + piece;
      let last = 0;
      for (const m of text.matchAll(re)) {
        const [, c1 = '', r1 = '0', c2, r2] = m;
        out.push({ top: Number(r1), left: columnOf(c1), bottom: Number(r2 ?? r1), right: columnOf(c2 ?? c1) });
        last = (m.index ?? 0) + m[0].length;
      }
      const tail = text.slice(Math.max(last, text.length - 200));
      carry = tail;
    }
  } catch (e) {
    throw corrupt(part, e);
  }
  return out;
}

// The lean worksheet reader: a sheet's XML, inflated piece by piece from the zip, goes through
// a tokenizer made for SpreadsheetML (xml-tokens.ts; about 4 times as fast here as saxen, the
// SAX parser it replaced, which built an attribute object per cell) and comes out as rows of
// plain cell values, in batches (one per piece of XML, so the consumer awaits once per 64 KB
// rather than once per row). styles.xml is small and still read with saxen.
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
import { CLOSE, NEED_MORE, OPEN, TEXT, XmlTokens } from './xml-tokens.js';

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
 * channels, names) decoded. A string is cached when it is asked for a second time in a row of
 * its slot: most strings of an export are ids asked for once, and caching each of them kept it
 * alive across collections of the young generation, which then moved it to the old one (16 of
 * the 26 MB a 300k-row import promoted, and with them the late full collections behind its
 * highest RSS).
 */
export class SharedStrings {
  private readonly data: Buffer;
  private ends = new Uint32Array(1024);
  private pos = 0;
  length = 0;
  private readonly cacheKeys = new Int32Array(4096).fill(-1);
  private readonly cacheValues: string[] = new Array<string>(4096);
  /** The last index asked for in each slot, not cached (yet). */
  private readonly askedKeys = new Int32Array(4096).fill(-1);

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
    if (this.askedKeys[slot] === i) {
      this.cacheKeys[slot] = i;
      this.cacheValues[slot] = s;
    } else this.askedKeys[slot] = i;
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

// Element names the readers act on, told apart by length and first letters (local names).
const C = 1;
const V = 2;
const T = 3;
const IS = 4;
const RPH = 5;
const ROW = 6;
const SHEET_DATA = 7;
const SI = 8;

function elementOf(tokens: XmlTokens): number {
  const { buf, nameStart } = tokens;
  const c0 = buf.charCodeAt(nameStart);
  switch (tokens.nameEnd - nameStart) {
    case 1:
      return c0 === 99 ? C : c0 === 118 ? V : c0 === 116 ? T : 0;
    case 2:
      return c0 === 105 && buf.charCodeAt(nameStart + 1) === 115 ? IS : c0 === 115 && buf.charCodeAt(nameStart + 1) === 105 ? SI : 0;
    case 3:
      return c0 === 114 ? (tokens.nameIs('row') ? ROW : tokens.nameIs('rPh') ? RPH : 0) : 0;
    case 9:
      return tokens.nameIs('sheetData') ? SHEET_DATA : 0;
  }
  return 0;
}

/** An unsigned decimal integer written from `start` to `end` in `s` (attribute values r and s); NaN when it is not one. */
function integerAt(s: string, start: number, end: number): number {
  if (end <= start || end - start > 9) return end > start ? Number(s.slice(start, end)) : NaN;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number(s.slice(start, end));
    n = n * 10 + d;
  }
  return n;
}

// Cell types (t=…) as small numbers.
const TYPE_NUMBER = 0;
const TYPE_SHARED = 1;
const TYPE_INLINE = 2;
const TYPE_STR = 3;
const TYPE_BOOL = 4;
const TYPE_ERROR = 5;
const TYPE_DATE = 6;

function cellTypeAt(s: string, start: number, end: number): number {
  const c0 = s.charCodeAt(start);
  if (end - start === 1) return c0 === 115 ? TYPE_SHARED : c0 === 98 ? TYPE_BOOL : c0 === 101 ? TYPE_ERROR : c0 === 100 ? TYPE_DATE : TYPE_NUMBER;
  if (end - start === 3 && s.startsWith('str', start)) return TYPE_STR;
  if (end - start === 9 && s.startsWith('inlineStr', start)) return TYPE_INLINE;
  return TYPE_NUMBER;
}

/** Column number of the cell reference at s[start, end) ("B7" → 2); 0 when it has none. */
function columnAt(s: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
  }
  return n;
}

/** The worksheet's rows as its pieces of XML are scanned; `batch` holds the rows completed so far. */
class SheetScan {
  batch: SheetRow[] = [];
  private readonly tokens: XmlTokens;
  private inSheetData = false;
  private row: SheetRow | undefined;
  private rowNumber = 0;
  private col = 0;
  private type = TYPE_NUMBER;
  private style = 0;
  private value = '';
  private hasValue = false;
  // Which text is being collected: 0 none, 1 <v>, 2 <t> of an inline string (not phonetic <rPh>).
  private capture = 0;
  private inInline = false;
  private inPhonetic = false;

  constructor(
    private readonly ctx: CellContext,
    private readonly part: string,
  ) {
    this.tokens = new XmlTokens(part);
  }

  write(piece: string): void {
    const tokens = this.tokens;
    tokens.push(piece);
    for (;;) {
      const token = tokens.next();
      if (token === TEXT) {
        if (this.capture) this.value += tokens.text();
      } else if (token === OPEN) {
        const el = elementOf(tokens);
        if (!this.inSheetData) {
          if (el === SHEET_DATA) this.inSheetData = !tokens.selfClosing;
        } else {
          this.open(el, tokens);
          if (tokens.selfClosing) this.close(el);
        }
      } else if (token === CLOSE) {
        if (this.inSheetData) this.close(elementOf(tokens));
      } else return;
    }
  }

  private open(el: number, tokens: XmlTokens): void {
    switch (el) {
      case C: {
        const { buf, attrs } = tokens;
        let col = 0;
        let type = TYPE_NUMBER;
        let style = 0;
        for (let k = 0; k < tokens.attrCount * 4; k += 4) {
          const an = attrs[k] as number;
          if ((attrs[k + 1] as number) - an !== 1) continue;
          const c = buf.charCodeAt(an);
          if (c === 114) col = columnAt(buf, attrs[k + 2] as number, attrs[k + 3] as number);
          else if (c === 116) type = cellTypeAt(buf, attrs[k + 2] as number, attrs[k + 3] as number);
          else if (c === 115) style = integerAt(buf, attrs[k + 2] as number, attrs[k + 3] as number);
        }
        this.col = col || this.col + 1;
        this.type = type;
        this.style = style;
        this.value = '';
        this.hasValue = false;
        this.inInline = false;
        return;
      }
      case V:
        if (!tokens.selfClosing && !this.inInline) {
          this.capture = 1;
          this.hasValue = true;
        }
        return;
      case ROW: {
        const i = tokens.attrIndex('r');
        this.rowNumber = i >= 0 ? integerAt(tokens.buf, tokens.attrs[i + 2] as number, tokens.attrs[i + 3] as number) || this.rowNumber + 1 : this.rowNumber + 1;
        this.row = { number: this.rowNumber, values: [] };
        this.col = 0;
        return;
      }
      case IS:
        this.inInline = true;
        this.hasValue = true;
        return;
      case RPH:
        this.inPhonetic = true;
        return;
      case T:
        if (this.inInline && !this.inPhonetic && !tokens.selfClosing) this.capture = 2;
        return;
    }
  }

  private close(el: number): void {
    switch (el) {
      case V:
      case T:
        this.capture = 0;
        return;
      case C:
        this.finishCell();
        this.type = TYPE_NUMBER;
        return;
      case ROW:
        if (this.row) this.batch.push(this.row);
        this.row = undefined;
        return;
      case RPH:
        this.inPhonetic = false;
        return;
      case IS:
        this.inInline = false;
        return;
      case SHEET_DATA:
        this.inSheetData = false;
        return;
    }
  }

  private finishCell(): void {
    const { row, col, value } = this;
    if (!row || col === 0 || !this.hasValue) return;
    let v: CellValue = null;
    switch (this.type) {
      case TYPE_SHARED: {
        const strings = this.ctx.sharedStrings;
        if (!strings) throw new TongbuError('EXCEL_CORRUPT', `${this.part} refers to a shared string the workbook does not hold`);
        const s = strings.get(integerAt(value, 0, value.length));
        if (s === undefined) throw new TongbuError('EXCEL_CORRUPT', `${this.part} refers to shared string ${value}, beyond the table's ${strings.length}`);
        v = s;
        break;
      }
      case TYPE_INLINE:
      case TYPE_STR:
      case TYPE_ERROR:
        v = value;
        break;
      case TYPE_BOOL:
        v = value.trim() === '1' || value.trim() === 'true';
        break;
      case TYPE_DATE:
        v = isoCellDate(value.trim());
        break;
      default: {
        const t = value.trim();
        if (t === '') break;
        const n = Number(t);
        if (Number.isNaN(n)) v = t; // not a number after all: keep the text rather than lose it
        else v = this.ctx.dateStyles[this.style] ? serialToDate(n, this.ctx.date1904) : n;
      }
    }
    if (v !== null) row.values[col] = v;
  }

  end(): void {
    this.tokens.finish();
    if (this.row) this.batch.push(this.row);
    this.row = undefined;
  }
}

/**
 * Rows of one worksheet. `xml` yields the part's text in pieces that never cut a character;
 * each batch holds the rows completed by one piece. Stopping early (break) stops the inflation.
 */
export async function* readSheetRows(xml: AsyncIterable<string>, ctx: CellContext, part: string): AsyncGenerator<SheetRow[]> {
  const scan = new SheetScan(ctx, part);
  try {
    for await (const piece of xml) {
      scan.write(piece);
      if (scan.batch.length) {
        const out = scan.batch;
        scan.batch = [];
        yield out;
      }
    }
    scan.end();
  } catch (e) {
    throw corrupt(part, e);
  }
  if (scan.batch.length) yield scan.batch;
}

/** The shared-strings table: each <si>'s text (rich runs joined, phonetic guides left out). */
export async function readSharedStrings(xml: AsyncIterable<string>, xmlBytes: number, part = 'xl/sharedStrings.xml'): Promise<SharedStrings> {
  const out = new SharedStrings(xmlBytes);
  const tokens = new XmlTokens(part);
  let current = '';
  let inItem = false;
  let capture = false;
  let inPhonetic = false;
  try {
    for await (const piece of xml) {
      tokens.push(piece);
      for (let token = tokens.next(); token !== NEED_MORE; token = tokens.next()) {
        if (token === TEXT) {
          if (capture) current += tokens.text();
          continue;
        }
        const el = elementOf(tokens);
        const closing = token === CLOSE || tokens.selfClosing;
        if (token === OPEN) {
          if (el === SI) {
            current = '';
            inItem = true;
          } else if (el === T) capture = inItem && !inPhonetic && !tokens.selfClosing;
          else if (el === RPH) inPhonetic = true;
        }
        if (closing) {
          if (el === T) capture = false;
          else if (el === RPH) inPhonetic = false;
          else if (el === SI && inItem) {
            // PostgreSQL text and jsonb cannot hold NUL characters; a _x0000_ escape would be one.
            out.push(current.includes('_x') ? unescapeOoxml(current) : current);
            current = '';
            inItem = false;
          }
        }
      }
    }
    tokens.finish();
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

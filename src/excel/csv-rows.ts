// A CSV export as one sheet of rows for report-rows.ts: the same header detection, report
// types, validation and loading as an .xlsx.
//
// Encoding: a byte-order mark says it (UTF-8, UTF-16LE/BE: Excel's "Unicode text"); else the
// file is UTF-8 when all of it decodes as UTF-8; else GB18030, which Excel on Chinese Windows
// writes for "CSV (逗号分隔)" (GBK is its subset). Decoded with Node's TextDecoder (full ICU).
// Fields follow RFC 4180: separated by commas (or tabs or semicolons, as the first line shows),
// quoted with "…" when they hold separators, quotes ("") or line breaks; lines end in CRLF, LF
// or CR. Every cell is text: a number Excel wrote as 1.07794E+18 or rounded to 15 digits stays
// text here, and parseId (cell-values.ts) refuses it as an id.
import { TongbuError } from '../errors.js';
import type { ByteSource } from './file-check.js';
import type { SheetSource } from './report-rows.js';
import type { CellValue, SheetRow } from './sheet-xml.js';

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

// 32 KB: a piece decodes to at most 64 KB of string, which V8 keeps in the young generation;
// 256 KB pieces became large objects, freed only by full collections (+40 MB peak RSS at 100k rows).
const PIECE_BYTES = 32 * 1024;

/** The file in pieces; a file on disk is read into one reused buffer (the decoder copies out of it). */
async function* pieces(src: ByteSource): AsyncGenerator<Buffer> {
  const into = src.readInto ? Buffer.allocUnsafeSlow(PIECE_BYTES) : undefined;
  for (let pos = 0; pos < src.size; pos += PIECE_BYTES) {
    const piece = into && src.readInto ? into.subarray(0, await src.readInto(into, pos)) : await src.read(pos, PIECE_BYTES);
    if (!piece.length) return;
    yield piece;
  }
}

/** The file's text encoding: BOM, else UTF-8 when every byte sequence is valid UTF-8, else GB18030. */
export async function detectCsvEncoding(src: ByteSource): Promise<CsvEncoding> {
  const head = await src.read(0, 4);
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const piece of pieces(src)) utf8.decode(piece, { stream: true });
    utf8.decode();
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** The separator the first line uses most: comma, tab or semicolon (outside quotes). */
function separatorOf(firstText: string): number {
  const counts = new Map<number, number>([[44, 0], [9, 0], [59, 0]]);
  let quoted = false;
  for (let i = 0; i < firstText.length; i++) {
    const c = firstText.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (!quoted && (c === 10 || c === 13)) break;
    else if (!quoted && counts.has(c)) counts.set(c, (counts.get(c) as number) + 1);
  }
  let best = 44;
  for (const [c, n] of counts) if (n > (counts.get(best) as number)) best = c;
  return best;
}

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote seen inside a quoted field: "" is a quote, anything else ends the quotes. */
  QuoteInQuoted,
}

/** An incremental RFC 4180 parser: text in (any cut), whole records out. */
export class CsvParser {
  private state = State.FieldStart;
  private field = '';
  private values: CellValue[] = [];
  private col = 1;
  private rowNumber = 0;
  private skipLf = false;
  private touched = false;

  constructor(private readonly sep: number) {}

  private endField(text: string): void {
    // NUL cannot go into PostgreSQL text; an empty field is an empty cell.
    if (text !== '') this.values[this.col] = text.includes('\u0000') ? text.split('\u0000').join('') : text;
    this.col++;
    this.field = '';
  }

  private endRow(out: SheetRow[]): void {
    out.push({ number: ++this.rowNumber, values: this.values });
    this.values = [];
    this.col = 1;
    this.touched = false;
  }

  push(s: string, out: SheetRow[]): void {
    const sep = this.sep;
    const n = s.length;
    let start = 0;
    let i = 0;
    if (this.skipLf && n > 0) {
      this.skipLf = false;
      if (s.charCodeAt(0) === 10) i = start = 1;
    }
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      switch (this.state) {
        case State.FieldStart:
          this.touched = true;
          if (c === 34) {
            this.state = State.Quoted;
            start = i + 1;
            break;
          }
          // The first character of an unquoted field: read again as such.
          this.state = State.Unquoted;
          start = i--;
          break;
        case State.Unquoted:
          if (c === sep) {
            this.endField(this.field + s.slice(start, i));
            this.state = State.FieldStart;
          } else if (c === 10 || c === 13) {
            this.endField(this.field + s.slice(start, i));
            this.endRow(out);
            this.state = State.FieldStart;
            if (c === 13) {
              if (i + 1 < n) {
                if (s.charCodeAt(i + 1) === 10) i++;
              } else this.skipLf = true;
            }
          }
          break;
        case State.Quoted:
          if (c === 34) {
            this.field += s.slice(start, i);
            this.state = State.QuoteInQuoted;
          }
          break;
        case State.QuoteInQuoted:
          if (c === 34) {
            this.field += '"';
            start = i + 1;
            this.state = State.Quoted;
          } else if (c === sep) {
            this.endField(this.field);
            this.state = State.FieldStart;
          } else if (c === 10 || c === 13) {
            this.endField(this.field);
            this.endRow(out);
            this.state = State.FieldStart;
            if (c === 13) {
              if (i + 1 < n) {
                if (s.charCodeAt(i + 1) === 10) i++;
              } else this.skipLf = true;
            }
          } else {
            // Text after the closing quote ("a"b): kept, as Excel does.
            this.state = State.Unquoted;
            start = i;
          }
          break;
      }
    }
    if (this.state === State.Unquoted || this.state === State.Quoted) this.field += s.slice(start, n);
  }

  end(out: SheetRow[]): void {
    if (this.state === State.Quoted) throw new TongbuError('EXCEL_CORRUPT', `a quoted field opened in record ${this.rowNumber + 1} is never closed (the file is cut short)`);
    if (this.state !== State.FieldStart || this.touched || this.col > 1) {
      this.endField(this.field);
      this.endRow(out);
    }
  }
}

/** The CSV file as one sheet named `name`, decoded as `encoding`, read in 32 KB pieces. */
export function csvSheet(src: ByteSource, name: string, encoding: CsvEncoding): SheetSource {
  return {
    name,
    textCells: true,
    async *rows() {
      const decoder = new TextDecoder(encoding);
      let parser: CsvParser | undefined;
      let pending = '';
      let read = 0;
      for await (const piece of pieces(src)) {
        read += piece.length;
        const text = decoder.decode(piece, { stream: true });
        const out: SheetRow[] = [];
        if (!parser) {
          // The separator is read off the first line, which may span pieces.
          pending += text;
          if (!/[\r\n]/.test(pending) && read < src.size) continue;
          parser = new CsvParser(separatorOf(pending));
          parser.push(pending, out);
          pending = '';
        } else parser.push(text, out);
        if (out.length) yield out;
      }
      parser ??= new CsvParser(separatorOf(pending));
      const out: SheetRow[] = [];
      if (pending) parser.push(pending, out);
      parser.push(decoder.decode(), out);
      parser.end(out);
      if (out.length) yield out;
    },
  };
}

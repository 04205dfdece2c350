// A pull tokenizer for the XML of SpreadsheetML parts (worksheets, the shared-strings table),
// written for speed rather than generality: it walks the text with indexOf and charCodeAt and
// hands out positions into it, so a token costs no object, no attribute map and no callback.
// The readers (sheet-xml.ts) ask for the next token in a loop and slice only what they keep.
//
// What it does not do, because SpreadsheetML parts never need it: namespaces are not resolved
// (a prefix is dropped: <x:c> is c), no DTD or custom entities (the five XML entities and
// character references are decoded), element names are not checked against their close tags
// (only the nesting depth is). What it refuses as EXCEL_CORRUPT: a part that ends inside a tag,
// CDATA section or comment, or before its elements are closed (a part cut short); a tag with a
// '<' in it or an attribute without a quoted value (not XML); text outside the root element.
//
// The part arrives in pieces that may cut anything anywhere. A tag cut by a piece's end is kept
// and scanned again with the next piece (tags are short; one longer than MAX_TAG is refused, so
// this never turns quadratic); text is handed out as it arrives, less a cut entity (at most a
// dozen characters kept back), and CDATA and comments likewise, so a huge text never waits for
// its end in memory.
import { TongbuError } from '../errors.js';

/** next(): the piece is used up; push() the next one (or finish()). */
export const NEED_MORE = 0;
/** An element opens (`selfClosing` when it also closes: its CLOSE is not given). */
export const OPEN = 1;
export const CLOSE = 2;
/** Character data (part of one text node when a piece cut it); `text()` decodes it. */
export const TEXT = 3;

const LT = 60; // <
const GT = 62; // >
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const EQ = 61;
const DQUOTE = 34;
const SQUOTE = 39;
const COLON = 58;

const BOM = 0xfeff;
/** token(): something skipped (a comment, a processing instruction); look again. */
const SKIPPED = -1;

const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;

/** Longer than any tag SpreadsheetML writes by orders of magnitude; bounds the rescans of a cut tag. */
const MAX_TAG = 256 * 1024;
/** `&#x10FFFF;` is 10 characters: an '&' further back from the piece's end is not a cut entity. */
const MAX_ENTITY = 12;
/** Attributes remembered per tag; SpreadsheetML's elements carry a handful. */
const MAX_ATTRS = 32;

// Where the scan is between tokens: in ordinary content, or inside a CDATA section or a comment.
const IN_CONTENT = 0;
const IN_CDATA = 1;
const IN_COMMENT = 2;

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The five XML entities and character references decoded; anything else left as written. */
export function decodeXmlEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(?:#(\d{1,7})|#x([0-9A-Fa-f]{1,6})|(amp|lt|gt|quot|apos));/g, (m, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name) return NAMED_ENTITIES[name] as string;
    const cp = dec !== undefined ? Number(dec) : parseInt(hex as string, 16);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

export class XmlTokens {
  /** The text being scanned: what the last piece left unfinished, then the newest piece. */
  buf = '';
  private pos = 0;
  private mode = IN_CONTENT;
  /** Open elements; the root's children are at depth 1. */
  depth = 0;
  private sawRoot = false;

  // The current token, as positions into buf.
  /** The element's local name (after any prefix), for OPEN and CLOSE. */
  nameStart = 0;
  nameEnd = 0;
  selfClosing = false;
  /** For OPEN: attributes as [nameStart, nameEnd, valueStart, valueEnd] × attrCount (local names not split). */
  readonly attrs = new Int32Array(4 * MAX_ATTRS);
  attrCount = 0;
  /** For TEXT. */
  textStart = 0;
  textEnd = 0;
  /** CDATA: taken literally, no entities. */
  private textLiteral = false;

  constructor(private readonly part: string) {}

  private corrupt(what: string): TongbuError {
    return new TongbuError('EXCEL_CORRUPT', `${this.part} is not readable XML (${what})`);
  }

  /** The next piece of the part. */
  push(piece: string): void {
    const rest = this.buf.length - this.pos;
    if (rest > MAX_TAG) throw this.corrupt(`a tag runs on past ${MAX_TAG / 1024} KB`);
    this.buf = rest > 0 ? this.buf.slice(this.pos) + piece : piece;
    this.pos = 0;
  }

  /** The part has ended: throws when it was cut short. */
  finish(): void {
    if (this.mode === IN_CDATA) throw this.corrupt('it ends inside a CDATA section');
    if (this.mode === IN_COMMENT) throw this.corrupt('it ends inside a comment');
    if (this.pos < this.buf.length) {
      const rest = this.buf.slice(this.pos, this.pos + 40);
      if (rest.charCodeAt(0) === LT) throw this.corrupt(`it ends inside a tag: ${JSON.stringify(rest)}`);
      // A text left over is a cut entity (or an '&' that never was one) at the very end.
      if (this.depth === 0) throw this.corrupt(`text after the root element: ${JSON.stringify(rest)}`);
    }
    if (this.depth > 0) throw this.corrupt(`it ends with ${this.depth} element(s) still open: the part is cut short`);
    if (!this.sawRoot) throw this.corrupt('it holds no element');
  }

  /** The current TEXT token, entities decoded. */
  text(): string {
    const s = this.buf.slice(this.textStart, this.textEnd);
    return this.textLiteral ? s : decodeXmlEntities(s);
  }

  /** The current OPEN or CLOSE token's local name is `name`. */
  nameIs(name: string): boolean {
    return this.nameEnd - this.nameStart === name.length && this.buf.startsWith(name, this.nameStart);
  }

  /** The value of the current OPEN token's attribute `name` (exact, prefix included), decoded; undefined when absent. */
  attr(name: string): string | undefined {
    const i = this.attrIndex(name);
    return i < 0 ? undefined : decodeXmlEntities(this.buf.slice(this.attrs[i + 2], this.attrs[i + 3]));
  }

  /** Offset of attribute `name` in attrs, or -1. */
  attrIndex(name: string): number {
    const a = this.attrs;
    for (let i = 0; i < this.attrCount * 4; i += 4) {
      if ((a[i + 1] as number) - (a[i] as number) === name.length && this.buf.startsWith(name, a[i])) return i;
    }
    return -1;
  }

  next(): number {
    // Comments, processing instructions and the doctype are skipped here, not by recursion.
    for (;;) {
      const t = this.token();
      if (t !== SKIPPED) return t;
    }
  }

  private token(): number {
    const buf = this.buf;
    const len = buf.length;
    const pos = this.pos;
    if (this.mode !== IN_CONTENT) return this.inSection(buf, pos);
    if (pos >= len) return NEED_MORE;
    if (buf.charCodeAt(pos) !== LT) {
      const lt = buf.indexOf('<', pos);
      let end = lt < 0 ? len : lt;
      if (lt < 0) {
        // Keep back an entity the piece may have cut ("&am" … "p;").
        const amp = buf.lastIndexOf('&', len - 1);
        if (amp >= pos && len - amp < MAX_ENTITY && buf.indexOf(';', amp) < 0) end = amp;
        if (end === pos) return NEED_MORE;
      }
      if (this.depth === 0) {
        for (let i = pos; i < end; i++) if (!isSpace(buf.charCodeAt(i)) && buf.charCodeAt(i) !== BOM) throw this.corrupt(`text outside the root element: ${JSON.stringify(buf.slice(i, i + 40))}`);
      }
      this.textStart = pos;
      this.textEnd = end;
      this.textLiteral = false;
      this.pos = end;
      return TEXT;
    }
    if (pos + 1 >= len) return NEED_MORE;
    const c1 = buf.charCodeAt(pos + 1);
    if (c1 === SLASH) {
      // </name>, </x:name >
      let i = pos + 2;
      let local = i;
      let c = 0;
      while (i < len && (c = buf.charCodeAt(i)) !== GT && !isSpace(c)) {
        if (c === COLON) local = i + 1;
        else if (c === LT) throw this.corrupt(`an unterminated close tag: ${JSON.stringify(buf.slice(pos, i + 1))}`);
        i++;
      }
      const nameEnd = i;
      while (i < len && isSpace((c = buf.charCodeAt(i)))) i++;
      if (i >= len) return NEED_MORE;
      if (c !== GT || nameEnd === pos + 2) throw this.corrupt(`a malformed close tag: ${JSON.stringify(buf.slice(pos, i + 1))}`);
      if (--this.depth < 0) throw this.corrupt(`a close tag without its open tag: ${JSON.stringify(buf.slice(pos, i + 1))}`);
      this.nameStart = local;
      this.nameEnd = nameEnd;
      this.pos = i + 1;
      return CLOSE;
    }
    if (c1 === BANG || c1 === QUESTION) return this.markup(buf, pos, c1);
    // <name attr="value" …> or …/>
    let i = pos + 1;
    let local = i;
    let c = 0;
    while (i < len && (c = buf.charCodeAt(i)) !== GT && c !== SLASH && !isSpace(c)) {
      if (c === COLON) local = i + 1;
      else if (c === LT || c === EQ || c === DQUOTE || c === SQUOTE) throw this.corrupt(`a malformed tag: ${JSON.stringify(buf.slice(pos, i + 1))}`);
      i++;
    }
    if (i >= len) return NEED_MORE;
    if (i === pos + 1) throw this.corrupt(`a '<' that starts no tag: ${JSON.stringify(buf.slice(pos, pos + 20))}`);
    const nameEnd = i;
    const attrs = this.attrs;
    let n = 0;
    for (;;) {
      while (i < len && isSpace((c = buf.charCodeAt(i)))) i++;
      if (i >= len) return NEED_MORE;
      if (c === GT) {
        this.selfClosing = false;
        i++;
        break;
      }
      if (c === SLASH) {
        if (i + 1 >= len) return NEED_MORE;
        if (buf.charCodeAt(i + 1) !== GT) throw this.corrupt(`a malformed tag: ${JSON.stringify(buf.slice(pos, i + 2))}`);
        this.selfClosing = true;
        i += 2;
        break;
      }
      if (c === LT) throw this.corrupt(`an unterminated tag: ${JSON.stringify(buf.slice(pos, i + 1))}`);
      const an = i;
      while (i < len && (c = buf.charCodeAt(i)) !== EQ && !isSpace(c) && c !== GT && c !== SLASH && c !== LT) i++;
      if (i >= len) return NEED_MORE;
      const ae = i;
      while (i < len && isSpace((c = buf.charCodeAt(i)))) i++;
      if (i >= len) return NEED_MORE;
      if (c !== EQ || ae === an) throw this.corrupt(`an attribute without a value in ${JSON.stringify(buf.slice(pos, i + 1))}`);
      i++;
      while (i < len && isSpace((c = buf.charCodeAt(i)))) i++;
      if (i >= len) return NEED_MORE;
      if (c !== DQUOTE && c !== SQUOTE) throw this.corrupt(`an attribute value without quotes in ${JSON.stringify(buf.slice(pos, i + 1))}`);
      const ve = buf.indexOf(c === DQUOTE ? '"' : "'", i + 1);
      if (ve < 0) return NEED_MORE;
      if (n < MAX_ATTRS) {
        const k = n * 4;
        attrs[k] = an;
        attrs[k + 1] = ae;
        attrs[k + 2] = i + 1;
        attrs[k + 3] = ve;
        n++;
      }
      i = ve + 1;
    }
    // '<' is never allowed inside a tag, quoted or not: a tag that holds one was never closed.
    const lt = buf.indexOf('<', pos + 1);
    if (lt >= 0 && lt < i) throw this.corrupt(`an unterminated tag: ${JSON.stringify(buf.slice(pos, Math.min(lt, pos + 60)))}`);
    if (this.depth === 0 && this.sawRoot) throw this.corrupt('a second root element');
    this.sawRoot = true;
    if (!this.selfClosing) this.depth++;
    this.attrCount = n;
    this.nameStart = local;
    this.nameEnd = nameEnd;
    this.pos = i;
    return OPEN;
  }

  /** <!--, <![CDATA[, <!DOCTYPE …>, <?xml …?> */
  private markup(buf: string, pos: number, c1: number): number {
    if (c1 === QUESTION) {
      const end = buf.indexOf('?>', pos + 2);
      if (end < 0) return NEED_MORE;
      this.pos = end + 2;
      return SKIPPED;
    }
    // Too little to tell <!-- from <![CDATA[ (from a doctype, it suffices that neither begins so).
    const head = buf.slice(pos, pos + 9);
    if (head.length < 9 && !head.startsWith('<!--') && ('<![CDATA['.startsWith(head) || '<!--'.startsWith(head))) return NEED_MORE;
    if (buf.startsWith('<!--', pos)) {
      this.mode = IN_COMMENT;
      this.pos = pos + 4;
      return this.inSection(buf, pos + 4);
    }
    if (buf.startsWith('<![CDATA[', pos)) {
      if (this.depth === 0) throw this.corrupt('CDATA outside the root element');
      this.mode = IN_CDATA;
      this.pos = pos + 9;
      return this.inSection(buf, pos + 9);
    }
    // <!DOCTYPE …>: SpreadsheetML has none; skipped (an internal subset is not supported).
    const end = buf.indexOf('>', pos + 2);
    if (end < 0) return NEED_MORE;
    if (this.depth > 0) throw this.corrupt(`markup inside an element: ${JSON.stringify(buf.slice(pos, Math.min(end + 1, pos + 40)))}`);
    this.pos = end + 1;
    return SKIPPED;
  }

  /** Inside CDATA (its text handed out as it comes) or a comment (skipped), up to its end. */
  private inSection(buf: string, pos: number): number {
    const cdata = this.mode === IN_CDATA;
    const close = buf.indexOf(cdata ? ']]>' : '-->', pos);
    // Without the end in sight, keep back two characters: they may begin it.
    const end = close >= 0 ? close : Math.max(pos, buf.length - 2);
    if (close >= 0) {
      this.mode = IN_CONTENT;
      this.pos = close + 3;
    } else this.pos = end;
    if (cdata && end > pos) {
      this.textStart = pos;
      this.textEnd = end;
      this.textLiteral = true;
      return TEXT;
    }
    return close >= 0 ? SKIPPED : NEED_MORE;
  }
}

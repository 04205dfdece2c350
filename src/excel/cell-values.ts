// Cell values of an export turned into what the tables hold: exact money strings, instants in
// Asia/Shanghai, ids as exact text. The sheet readers hand over numbers (parsed with Number()
// from the sheet's XML text), strings, booleans and dates (sheet-xml.ts); CSV cells are text.

import { TongbuError } from '../errors.js';

/** A cell value as a sheet reader gives it (older callers may pass exceljs's objects). */
export type RawCell = unknown;

/** The cell as plain text or number; rich text joined, formulas reduced to their result. */
export function plainValue(v: RawCell): string | number | boolean | Date | null {
  if (v === null || v === undefined) return null;
  // PostgreSQL text and jsonb cannot hold NUL characters.
  if (typeof v === 'string') return v.includes('\u0000') ? v.split('\u0000').join('') : v;
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as { richText?: { text?: string }[]; result?: unknown; text?: unknown; error?: string; formula?: string };
    // Only when the shared-strings table was not loaded: never guess a cell's text.
    if ('sharedString' in o) throw new TongbuError('EXCEL_CORRUPT', 'a cell refers to a shared string the workbook does not hold');
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text ?? '').join('');
    if ('formula' in o || 'sharedFormula' in o) return plainValue(o.result);
    if (o.text !== undefined) return plainValue(o.text);
    if (o.error !== undefined) return String(o.error);
  }
  return String(v);
}

/** Blank-like placeholders the back office writes in empty money/time cells. */
const EMPTY_MARKS = new Set(['', '-', '--', '—', '/', 'null', 'NULL', '无']);

export function isBlank(v: string | number | boolean | Date | null): boolean {
  return v === null || (typeof v === 'string' && EMPTY_MARKS.has(v.trim()));
}

/**
 * Exact decimal string of a plain number's shortest representation (what the sheet held,
 * since exceljs parsed it with parseFloat), without exponent notation.
 */
function numberToDecimal(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  const [mant = '0', expPart = '0'] = s.toLowerCase().split('e');
  const exp = Number(expPart);
  const neg = mant.startsWith('-');
  const [int = '0', frac = ''] = mant.replace('-', '').split('.');
  const digits = int + frac;
  const point = int.length + exp;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (neg ? '-' : '') + out;
}

/** Round a plain decimal string to 2 places, half away from zero, by digits (never through floats). */
export function roundMoney(decimal: string): string {
  // Fast path (nearly every cell): no sign, at most 2 decimals, nothing to round.
  const dot = decimal.indexOf('.');
  if (dot > 0 && decimal.length - dot <= 3 && decimal[0] !== '-' && decimal[0] !== '+') return decimal + '00'.slice(decimal.length - dot - 1);
  if (dot < 0 && /^\d+$/.test(decimal)) return `${decimal.replace(/^0+(?=\d)/, '')}.00`;
  const neg = decimal.startsWith('-');
  const [int = '0', frac = ''] = decimal.replace(/^[-+]/, '').split('.');
  const cents = BigInt((int || '0') + (frac + '00').slice(0, 2)) + ((frac[2] ?? '0') >= '5' ? 1n : 0n);
  const s = cents.toString().padStart(3, '0');
  const out = `${s.slice(0, -2)}.${s.slice(-2)}`;
  return neg && cents !== 0n ? `-${out}` : out;
}

/** Money in 元 as an exact 2-place string; null when empty; undefined when the cell is not an amount. */
export function parseMoney(v: string | number | boolean | Date | null): string | null | undefined {
  const m = parseAmount(v);
  // The columns are numeric(14,2): 12 digits before the point. Larger is not an amount in 元.
  return typeof m === 'string' && m.replace('-', '').indexOf('.') > 12 ? undefined : m;
}

function parseAmount(v: string | number | boolean | Date | null): string | null | undefined {
  if (isBlank(v)) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? roundMoney(numberToDecimal(v)) : undefined;
  if (typeof v !== 'string') return undefined;
  // Exports sometimes format amounts as "¥1,234.50" or "429.00元".
  const s = v.trim().replace(/^[¥￥]/, '').replace(/元$/, '').replace(/,/g, '').trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(s)) return undefined;
  return roundMoney(s.startsWith('.') || s.startsWith('-.') ? s.replace('.', '0.') : s);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Wall-clock parts → an ISO instant with the business offset (Asia/Shanghai has no DST: +08:00). */
function wallClock(y: number, mo: number, d: number, h: number, mi: number, s: number): string {
  return `${y}-${pad2(mo)}-${pad2(d)} ${pad2(h)}:${pad2(mi)}:${pad2(s)}+08`;
}

// Excel serial day 0 is 1899-12-30 (the 1900 leap-year bug folded in).
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

function fromWallDate(d: Date): string {
  return wallClock(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
}

const TIME_RE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?$/;

/**
 * An instant as `YYYY-MM-DD HH:mm:ss+08` (the sheet shows Asia/Shanghai wall-clock time);
 * null when empty; undefined when the cell is not a time.
 */
export function parseShanghaiTime(v: string | number | boolean | Date | null): string | null | undefined {
  if (isBlank(v)) return null;
  // exceljs builds dates from serials as if they were UTC: the UTC fields are the wall clock.
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : fromWallDate(v);
  if (typeof v === 'number') {
    if (!(v > 0 && v < 2958466)) return undefined; // serials up to 9999-12-31
    return fromWallDate(new Date(EXCEL_EPOCH_MS + Math.round(v * 86_400_000 / 1000) * 1000));
  }
  if (typeof v !== 'string') return undefined;
  const m = TIME_RE.exec(v.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  return wallClock(y, mo, d, h, mi, s);
}

/** A calendar date `YYYY-MM-DD` from the first date in the cell (出行日期 may be a range); null otherwise. */
export function parseDate(v: string | number | boolean | Date | null): string | null {
  if (isBlank(v)) return null;
  const t = typeof v === 'string' ? v.trim().split(/\s*(?:至|~|～|—|到)\s*/)[0] ?? '' : v;
  const instant = parseShanghaiTime(t);
  return instant ? instant.slice(0, 10) : null;
}

export type IdResult = { ok: true; id: string | null } | { ok: false; reason: string };

// Digits a double (and so Excel) keeps: a longer number comes out of Excel rounded to these.
const EXCEL_DIGITS = 15;

/**
 * An id as exact text. 19-digit ids exceed a double's 15-17 significant digits: when a file
 * stored one as a number it has already lost its last digits, so the row is refused rather
 * than imported under a wrong id. The same holds for text that shows a number's loss: an id
 * written in exponent form (`1.07794E+18`, Excel's "General" format in a CSV), and, when every
 * cell of the file is text (`fromText`: CSV), an id longer than 15 digits whose digits past the
 * 15th are all zeros (at least three of them): what Excel writes for a number it rounded. A
 * genuine 18-19 digit id ends so with a chance of 1 in 1,000-10,000; such a row is refused with
 * the reason, never imported wrong.
 */
export function parseId(v: string | number | boolean | Date | null, fromText = false): IdResult {
  if (v === null) return { ok: true, id: null };
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v) && v >= 0) return { ok: true, id: String(v) };
    return { ok: false, reason: `id stored as a number lost precision (${numberToDecimal(v)})` };
  }
  // Exports prefix ids with a tab or an apostrophe to keep Excel from turning them into numbers.
  const s = String(v).replace(/^[\s'\u200b\ufeff]+|[\s\u200b\ufeff]+$/g, '');
  if (/^[-+]?\d+(?:\.\d+)?[eE][-+]?\d+$/.test(s)) return { ok: false, reason: `id written as a rounded number lost its digits (${s})` };
  if (fromText && s.length > EXCEL_DIGITS && /^\d+$/.test(s) && /^0{3,}$/.test(s.slice(EXCEL_DIGITS))) {
    return { ok: false, reason: `id rounded to 15 digits lost precision (${s})` };
  }
  return { ok: true, id: s === '' ? null : s };
}

/** Text for a text column: trimmed, empty → null. */
export function parseText(v: string | number | boolean | Date | null): string | null {
  if (v === null) return null;
  const s = v instanceof Date ? fromWallDate(v).slice(0, 19) : typeof v === 'number' ? numberToDecimal(v) : String(v).trim();
  return s === '' ? null : s;
}

/** A JSON-friendly value for raw_excel (dates as wall-clock text). */
export function rawValue(v: string | number | boolean | Date | null): string | number | boolean | null {
  if (v instanceof Date) return fromWallDate(v).slice(0, 19);
  return v;
}

// A character JSON.stringify would write other than itself: a quote, a backslash, a control
// character, or half of a surrogate pair (JSON.stringify escapes a lone one).
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const JSON_ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * A raw value as JSON, exactly as JSON.stringify writes it (a number that is not finite as
 * null). Most cells are plain text that needs no escaping: quoted without JSON.stringify, which
 * cost about 1 µs a row of a 20-column report.
 */
export function rawJsonText(v: string | number | boolean | null): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON_ESCAPED.test(v) ? JSON.stringify(v) : `"${v}"`;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  return v ? 'true' : 'false';
}

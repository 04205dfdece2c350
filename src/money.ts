// Exact money, shared by every connector: amounts become decimal strings in major units (元,
// dollars) at the connector edge and are stored as numeric. Platforms send 元 as JSON floats
// (`"stat_cost": 1073.98`, whose shortest form is what the platform wrote), 分 as integers, or
// minor units per currency; sums and divisions use integer cents (bigint), never floats.

/** 元 from the API (number or numeric string) → exact "1234.50". Throws on anything else. */
export function yuanToDecimal(value: unknown): string {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite amount: ${value}`);
    // Shortest round-trip form, e.g. 118.36 → "118.36"; exponent forms (1e-7) are expanded.
    text = /e/i.test(String(value)) ? value.toFixed(20) : String(value);
  } else if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) {
    text = value.trim();
  } else {
    throw new Error(`not an amount: ${JSON.stringify(value)}`);
  }
  return centsToDecimal(decimalToCents(text));
}

/** "-12.345" → -1235n (half-up, away from zero). */
export function decimalToCents(text: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!m) throw new Error(`not a decimal: ${text}`);
  const [, sign, whole, frac = ''] = m;
  let cents = BigInt(whole as string) * 100n + BigInt((frac + '00').slice(0, 2));
  if ((frac[2] ?? '0') >= '5') cents += 1n;
  return sign === '-' ? -cents : cents;
}

export function centsToDecimal(cents: bigint): string {
  const neg = cents < 0n;
  const abs = neg ? -cents : cents;
  return `${neg ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** amount / count rounded half-up to 2 dp; null when count is 0 (no conversions, no cost per conversion). */
export function divideToDecimal(amount: string, count: number): string | null {
  if (!count) return null;
  const cents = decimalToCents(amount);
  const n = BigInt(count);
  const neg = cents < 0n !== n < 0n;
  const a = cents < 0n ? -cents : cents;
  const b = n < 0n ? -n : n;
  const q = (a * 2n + b) / (2n * b);
  return centsToDecimal(neg ? -q : q);
}

/** 分 (an integer count, number or digit string; "" and null are none) → "12.34" 元. */
export function fenToYuan(value: unknown): string | null {
  if (value === '' || value === null || value === undefined) return null;
  const text = typeof value === 'number' ? (Number.isSafeInteger(value) ? String(value) : '') : String(value).trim();
  if (!/^-?\d+$/.test(text)) throw new Error(`not a whole number of fen: ${JSON.stringify(value)}`);
  return minorToMajor(text, 2);
}

/**
 * Minor units per ISO 4217 currency (the ones the platforms use; others have 2). JPY and KRW have
 * none, a few Gulf currencies three.
 */
const MINOR_DIGITS: Record<string, number> = { JPY: 0, KRW: 0, VND: 0, CLP: 0, HUF: 2, KWD: 3, BHD: 3, OMR: 3, JOD: 3, TND: 3 };

/** Known currency codes: an amount in a code outside this list is refused, not guessed. */
export const KNOWN_CURRENCIES = new Set(['CNY', 'USD', 'EUR', 'GBP', 'JPY', 'KRW', 'AUD', 'CAD', 'NZD', 'MXN', 'BRL', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'HUF', 'RON', 'BGN', 'SGD', 'MYR', 'THB', 'PHP', 'IDR', 'VND', 'HKD', 'TWD', 'AED', 'SAR', 'QAR', 'KWD', 'BHD', 'OMR', 'JOD', 'ILS', 'TRY', 'ZAR', 'CLP', 'COP', 'PEN', 'TND']);

export function minorDigits(currency: string): number {
  const c = currency.trim().toUpperCase();
  if (!KNOWN_CURRENCIES.has(c)) throw new Error(`unknown currency: ${JSON.stringify(currency)}`);
  return MINOR_DIGITS[c] ?? 2;
}

/** An integer amount in minor units ("1999", 1999) → "19.99" with `digits` decimals, exact. */
export function minorToMajor(value: string | number | bigint, digits: number): string {
  const text = String(value).trim();
  if (!/^-?\d+$/.test(text)) throw new Error(`not a whole number of minor units: ${JSON.stringify(value)}`);
  const neg = text.startsWith('-');
  const abs = (neg ? text.slice(1) : text).replace(/^0+(?=\d)/, '');
  if (digits === 0) return `${neg && abs !== '0' ? '-' : ''}${abs}`;
  const padded = abs.padStart(digits + 1, '0');
  const out = `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
  return neg && /[1-9]/.test(abs) ? `-${out}` : out;
}

/** A minor-unit amount in `currency` → its major-unit decimal string. Throws on an unknown currency. */
export function minorToMajorIn(value: string | number | bigint, currency: string): string {
  return minorToMajor(value, minorDigits(currency));
}

/** "1234567.5" → "¥1,234,567.50" (for people). */
export function formatYuan(amount: string): string {
  const [whole = '0', frac = ''] = amount.replace(/^-/, '').split('.');
  return `${amount.startsWith('-') ? '-' : ''}¥${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${(frac + '00').slice(0, 2)}`;
}

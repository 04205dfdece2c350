// Exact money for 巨量本地推: the API sends 元 as JSON floats (`"stat_cost": 1073.98`). The float's
// shortest decimal form is what the platform wrote, so it is read as text and rounded half-up
// to 2 dp on the digits; sums and divisions use integer cents (bigint), never float arithmetic.

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

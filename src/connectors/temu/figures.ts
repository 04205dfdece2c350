// Money and margins for people, in a shop's own currency (never converted, never added across
// currencies). Decimal strings in, text out; the division is in integer hundredths of a percent.
import { decimalToCents } from '../../money.js';

const SYMBOL: Record<string, string> = { USD: '$', EUR: '€', JPY: '¥', CNY: '¥', GBP: '£' };

export function formatMoney(amount: string, currency: string): string {
  const neg = amount.trim().startsWith('-');
  const cents = decimalToCents(amount.replace(/^-/, ''));
  const digits = currency === 'JPY' || currency === 'KRW' ? 0 : 2;
  const whole = (digits ? cents / 100n : (cents + 50n) / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = digits ? `.${String(cents % 100n).padStart(2, '0')}` : '';
  return `${neg ? '-' : ''}${SYMBOL[currency] ?? ''}${whole}${frac}${SYMBOL[currency] ? '' : ` ${currency}`}`;
}

/** profit / gmv as "12.3%"; "—" when gmv is 0. */
export function marginText(profit: string, gmv: string): string {
  const p = decimalToCents(profit);
  const g = decimalToCents(gmv);
  if (g === 0n) return '—';
  const bp = (p * 10000n * 2n + (p < 0n ? -g : g)) / (2n * g); // basis points, half away from zero
  const neg = bp < 0n;
  const a = neg ? -bp : bp;
  return `${neg ? '-' : ''}${a / 100n}.${String((a % 100n) / 10n)}%`;
}

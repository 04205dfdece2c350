// Temu request signing (contract temu.md "Signing", verified against the documented test vector):
// every top-level parameter but `sign`, keys sorted by ASCII, `key + value` concatenated with no
// separator, strings raw, numbers and booleans as text, arrays and objects as compact JSON exactly
// as sent; `app_secret + that + app_secret`, MD5, uppercase hex.
import { createHash } from 'node:crypto';

/** The text a value contributes to the string to sign. */
export function signValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return 'null';
  // Compact JSON in the key order the body is sent in (the server hashes the value as received).
  return JSON.stringify(value);
}

export function stringToSign(params: Record<string, unknown>, secret: string): string {
  const keys = Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== undefined)
    .sort();
  return `${secret}${keys.map((k) => `${k}${signValue(params[k])}`).join('')}${secret}`;
}

export function signParams(params: Record<string, unknown>, secret: string): string {
  return createHash('md5').update(stringToSign(params, secret), 'utf8').digest('hex').toUpperCase();
}

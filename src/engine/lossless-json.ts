// Ocean Engine sends 64-bit ids as bare JSON numbers (promotion_id 7604686719380537359 in the
// real fixture) — past 2^53, so JSON.parse would silently change them. Integer literals with
// more than 15 digits are turned into strings before parsing; everything else parses as usual.
// (Node 20 has no JSON.parse source-text access, hence the small scanner.)

export function parseJsonLossless(text: string): unknown {
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      continue;
    }
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) {
      let j = i + 1;
      while (j < text.length && /[0-9eE.+-]/.test(text[j] as string)) j++;
      const literal = text.slice(i, j);
      if (/^-?\d{16,}$/.test(literal)) {
        out += `${text.slice(last, i)}"${literal}"`;
        last = j;
      }
      i = j - 1;
    }
  }
  return JSON.parse(out + text.slice(last));
}

/** The reverse, for the emulator: bigint values are written as bare JSON numbers. */
export function stringifyWithBigInts(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `\u0000big:${v}\u0000` : v)).replace(
    /"\\u0000big:(-?\d+)\\u0000"/g,
    '$1',
  );
}

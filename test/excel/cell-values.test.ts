// A report row's raw JSON is written cell by cell without JSON.stringify where it can be: the
// text must be exactly what JSON.stringify writes, so a re-import compares equal.
import { describe, expect, it } from 'vitest';
import { rawJsonText } from '../../src/excel/cell-values.js';

describe('rawJsonText', () => {
  it('writes what JSON.stringify writes for plain and awkward text, numbers and booleans', () => {
    const values: (string | number | boolean | null)[] = [
      '', 'plain', '已核销', '1077940000000000123', 'say "hi"', 'back\\slash', 'tab\tnew\nline\r', '\u0000\u001f\u007f', '\u2028\u2029',
      '😀 paired', '\ud83d lone high', 'lone low \ude00', 'é', '</script>',
      0, -0, 1.5, -12.25, 1e21, 1e-7, 123456789012345680000, Number.MAX_SAFE_INTEGER, true, false, null,
    ];
    for (const v of values) expect(rawJsonText(v), JSON.stringify(v)).toBe(JSON.stringify(v));
    for (let c = 0; c < 0x10000; c++) {
      const s = `a${String.fromCharCode(c)}b`;
      if (rawJsonText(s) !== JSON.stringify(s)) throw new Error(`U+${c.toString(16)} differs: ${rawJsonText(s)} vs ${JSON.stringify(s)}`);
    }
  });

  it('writes null for numbers JSON cannot hold', () => {
    expect([NaN, Infinity, -Infinity].map(rawJsonText)).toEqual(['null', 'null', 'null']);
  });
});

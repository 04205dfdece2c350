// The SpreadsheetML tokenizer (src/excel/xml-tokens.ts) through the readers that use it
// (readSheetRows, readSharedStrings): hand-written XML, fed whole and cut into pieces at every
// position, must give the same rows; XML that is not whole or not XML must be refused as
// EXCEL_CORRUPT, never read short.
import { describe, expect, it } from 'vitest';
import { isTongbuError } from '../../src/errors.js';
import { readSharedStrings, readSheetRows, type CellContext, type SheetRow } from '../../src/excel/sheet-xml.js';
import { decodeXmlEntities } from '../../src/excel/xml-tokens.js';

async function* piecesOf(xml: string, cuts: number[]): AsyncGenerator<string> {
  let last = 0;
  for (const cut of cuts) {
    yield xml.slice(last, cut);
    last = cut;
  }
  yield xml.slice(last);
}

const noStyles: CellContext = { dateStyles: [], date1904: false };

async function rowsOf(xml: string, cuts: number[] = [], ctx: CellContext = noStyles): Promise<SheetRow[]> {
  const out: SheetRow[] = [];
  for await (const batch of readSheetRows(piecesOf(xml, cuts), ctx, 'sheet "S"')) out.push(...batch);
  return out;
}

/** Rows as { row number: { column: value } } (holes left out), for comparing. */
const plain = (rows: SheetRow[]) => Object.fromEntries(rows.map((r) => [r.number, Object.fromEntries(r.values.map((v, i) => [i, v]).filter(([, v]) => v !== undefined))]));

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isTongbuError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
}

const SHEET = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!-- written by hand -->
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:dimension ref="A1:D6"/><x:sheetData>
  <x:row r="1" spans="1:4"><x:c r="A1" t="inlineStr"><x:is><x:t>子订单ID</x:t></x:is></x:c><x:c t = 'inlineStr' r = 'B1' ><x:is><x:r><x:t>订单</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve"> 实收</x:t></x:r><x:rPh sb="0" eb="1"><x:t>じつ</x:t></x:rPh></x:is></x:c></x:row>
  <x:row r="2"><x:c r="A2" t="str"><x:f>A1&amp;"x"</x:f><x:v>&lt;a &amp; b&gt; &#x4E2D;&#20013; &quot;q&quot; &apos;s&apos; &unknown; &amp</x:v></x:c><x:c r="C2"><x:v>1077940305329948933</x:v></x:c><x:c r="D2" t="b"><x:v>1</x:v></x:c></x:row>
  <x:row r="3"/>
  <x:row><x:c/><x:c><x:v>2.5</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c><x:c r="D4" t="d"><x:v>2025-12-07T14:31:54</x:v></x:c></x:row>
  <x:row r="6"><x:c r="A6" t="inlineStr"><x:is><x:t><![CDATA[<cdata> & ]]]]><![CDATA[>]]></x:t></x:is></x:c><x:c r="B6"><x:v/></x:c><x:c r="C6"></x:c></x:row>
</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A1:B1"/></x:mergeCells></x:worksheet>
`;

const EXPECTED = {
  1: { 1: '子订单ID', 2: '订单 实收' },
  2: { 1: `<a & b> 中中 "q" 's' &unknown; &amp`, 3: 1077940305329948900, 4: true },
  3: {},
  4: { 2: 2.5, 3: '#N/A', 4: new Date(Date.UTC(2025, 11, 7, 14, 31, 54)) },
  6: { 1: '<cdata> & ]]>' },
};

describe('worksheets scanned by the SpreadsheetML tokenizer', () => {
  it('prefixes, attributes in any order and either quote, entities, CDATA, rich and phonetic text, self-closing rows and cells, rows and cells without r', async () => {
    expect(plain(await rowsOf(SHEET))).toEqual(EXPECTED);
  });

  it('gives the same rows when the XML is cut into two pieces at every position', async () => {
    for (let cut = 0; cut <= SHEET.length; cut++) expect([cut, plain(await rowsOf(SHEET, [cut]))]).toEqual([cut, EXPECTED]);
  });

  it('gives the same rows when the XML is cut into many pieces at random positions, down to one character', async () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 300; run++) {
      const cuts = new Set<number>();
      const n = 1 + Math.floor(random() * (run < 10 ? SHEET.length : 40));
      for (let i = 0; i < n; i++) cuts.add(Math.floor(random() * SHEET.length));
      const sorted = [...cuts].sort((a, b) => a - b);
      expect([sorted, plain(await rowsOf(SHEET, sorted))]).toEqual([sorted, EXPECTED]);
    }
    expect(plain(await rowsOf(SHEET, Array.from({ length: SHEET.length }, (_, i) => i)))).toEqual(EXPECTED);
  });

  it('shared strings: _xHHHH_ escapes, rich runs, phonetic guides left out, self-closing items; and cells pointing at them by style-less index', async () => {
    const sst = `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4"><si><t>a_x000D_b</t></si><si/><si><r><t>富</t></r><r><t>文本</t></r><rPh><t>ふ</t></rPh></si><si><t xml:space="preserve"> &amp;&#x4E2D;<![CDATA[<x>]]></t></si></sst>`;
    const read = async (cuts: number[]) => {
      const strings = await readSharedStrings(piecesOf(sst, cuts), Buffer.byteLength(sst));
      return Array.from({ length: strings.length }, (_, i) => strings.get(i));
    };
    const expected = ['a\rb', '', '富文本', ' &中<x>'];
    for (let cut = 0; cut <= sst.length; cut++) expect([cut, await read([cut])]).toEqual([cut, expected]);
    const sharedStrings = await readSharedStrings(piecesOf(sst, []), Buffer.byteLength(sst));
    const sheet = '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>2</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>0</v></c></row></sheetData></worksheet>';
    expect(plain(await rowsOf(sheet, [], { ...noStyles, sharedStrings }))).toEqual({ 1: { 1: '富文本', 2: '', 3: 'a\rb' } });
    const beyond = await refusal(rowsOf(sheet.replace('<v>2</v>', '<v>4</v>'), [], { ...noStyles, sharedStrings }));
    expect(beyond).toMatchObject({ code: 'EXCEL_CORRUPT', message: expect.stringContaining('shared string 4') });
  });

  it('numbers as dates by their style, in the 1900 and 1904 systems', async () => {
    const sheet = '<worksheet><sheetData><row><c s="1"><v>45998.5</v></c><c s="0"><v>45998.5</v></c><c s="1" t="n"><v>0</v></c></row></sheetData></worksheet>';
    expect(plain(await rowsOf(sheet, [], { dateStyles: [false, true], date1904: false }))).toEqual({ 1: { 1: new Date(Date.UTC(2025, 11, 7, 12)), 2: 45998.5, 3: new Date(Date.UTC(1899, 11, 30)) } });
    expect(plain(await rowsOf(sheet, [], { dateStyles: [false, true], date1904: true }))[1]?.[1]).toEqual(new Date(Date.UTC(2029, 11, 8, 12)));
  });

  it('a text of megabytes in pieces of a kilobyte is read whole, in time linear in its length', async () => {
    const big = 'x&amp;'.repeat(400_000);
    const sheet = `<worksheet><sheetData><row><c t="inlineStr"><is><t>${big}</t></is></c><c><v>1</v></c></row></sheetData></worksheet>`;
    const cuts = Array.from({ length: Math.floor(sheet.length / 1000) }, (_, i) => (i + 1) * 1000);
    const started = performance.now();
    const rows = await rowsOf(sheet, cuts);
    expect(rows[0]?.values[1]).toBe('x&'.repeat(400_000));
    expect(rows[0]?.values[2]).toBe(1);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('XML cut short or not XML at all is refused as EXCEL_CORRUPT, at any cut of the pieces', async () => {
    const cases: [string, string][] = [
      ['<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c>', 'still open'],
      ['<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet', 'ends inside a tag'],
      ['<worksheet><sheetData><row r="1"><c r="A1><v>1</v></c></row></sheetData></worksheet>', 'tag'],
      ['<worksheet><sheetData><row r="1"><c r="A1"<v>1</v></c></row></sheetData></worksheet>', 'tag'],
      ['<worksheet><sheetData><row r=1><c><v>1</v></c></row></sheetData></worksheet>', 'without quotes'],
      ['<worksheet><sheetData><row><c t="inlineStr"><is><t><![CDATA[abc</t></is></c></row></sheetData></worksheet>', 'CDATA'],
      ['<worksheet><sheetData></row></sheetData></worksheet></worksheet>', 'close tag'],
      ['PK\u0003\u0004 binary', 'outside the root'],
      ['<worksheet/>trailing', 'outside the root'],
      ['<worksheet><sheetData/></worksheet><worksheet/>', 'second root'],
      ['', 'no element'],
      ['<!-- only a comment', 'comment'],
    ];
    for (const [xml, says] of cases) {
      for (const cuts of [[], [Math.floor(xml.length / 2)], Array.from({ length: xml.length }, (_, i) => i)]) {
        const e = await refusal(rowsOf(xml, cuts));
        expect([xml, cuts.length, e.code, e.message.includes(says) ? says : e.message]).toEqual([xml, cuts.length, 'EXCEL_CORRUPT', says]);
        expect(e.message).toContain('sheet "S"');
      }
    }
  });

  it('a tag that never ends is refused once it passes 256 KB, not read into memory to the end', async () => {
    async function* endless(): AsyncGenerator<string> {
      yield '<worksheet><sheetData><row r="1" x="';
      for (let i = 0; i < 100_000; i++) yield 'y'.repeat(1000);
    }
    let pieces = 0;
    const e = await refusal(
      (async () => {
        for await (const batch of readSheetRows(
          (async function* () {
            for await (const p of endless()) {
              pieces++;
              yield p;
            }
          })(),
          noStyles,
          'sheet "S"',
        ))
          void batch;
      })(),
    );
    expect(e).toMatchObject({ code: 'EXCEL_CORRUPT', message: expect.stringContaining('a tag runs on past 256 KB') });
    expect(pieces).toBeLessThan(300);
  });

  it('decodes the five entities and character references, and leaves anything else as written', () => {
    expect(decodeXmlEntities('&lt;&gt;&amp;&quot;&apos;&#65;&#x1F600;&#0;&#x110000;&nbsp;&amp')).toBe(`<>&"'A😀&#0;&#x110000;&nbsp;&amp`);
  });
});

// The worksheet reader (src/excel/sheet-xml.ts) on workbooks written three ways: by exceljs
// (shared strings, styles), by SheetJS (strings as t="str", its own styles part), and by hand
// (minimal XML: inline strings, no shared-strings part, no styles part, prefixed elements).
import ExcelJS from 'exceljs';
import XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { bufferSource, checkWorkbookFile } from '../../src/excel/file-check.js';
import { readWorkbookModel } from '../../src/excel/sheet-names.js';
import { isDateFormatCode, type CellValue } from '../../src/excel/sheet-xml.js';
import { xlsxSheets } from '../../src/excel/xlsx-sheets.js';
import { buildZip } from './workbooks.js';

/** Every sheet's rows as { row number: values by column letter }. */
async function readCells(xlsx: Buffer): Promise<Record<string, Record<number, Record<string, CellValue>>>> {
  const src = bufferSource(xlsx);
  const entries = await checkWorkbookFile(src, { maxBytes: 2 ** 30, maxUncompressedBytes: 2 ** 30 });
  const out: Record<string, Record<number, Record<string, CellValue>>> = {};
  for (const sheet of await xlsxSheets(src, await readWorkbookModel(src, entries))) {
    const rows: Record<number, Record<string, CellValue>> = {};
    for await (const batch of sheet.rows()) {
      for (const row of batch) {
        const cells: Record<string, CellValue> = {};
        row.values.forEach((v, col) => {
          if (v !== undefined) cells[String.fromCharCode(64 + col)] = v;
        });
        rows[row.number] = cells;
      }
    }
    out[sheet.name] = rows;
  }
  return out;
}

const wallClock = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => new Date(Date.UTC(y, mo - 1, d, h, mi, s));

describe('workbooks written by exceljs', () => {
  it('shared strings, rich text, numbers, booleans, dates by style, formulas, errors, empty cells and rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('数据');
    ws.getCell('A1').value = '所属订单ID';
    ws.getCell('B1').value = { richText: [{ text: '核销' }, { text: '时间', font: { bold: true } }] };
    ws.getCell('A2').value = '1077940305329948901';
    ws.getCell('B2').value = wallClock(2025, 12, 7, 14, 31, 54); // exceljs writes numFmt 14-like style
    ws.getCell('C2').value = 429.5;
    ws.getCell('D2').value = true;
    ws.getCell('E2').value = { formula: 'C2*2', result: 859 };
    ws.getCell('F2').value = { formula: 'A1&"x"', result: '所属订单IDx' };
    ws.getCell('G2').value = { error: '#N/A' };
    ws.getCell('H2').value = 45998.5;
    ws.getCell('H2').numFmt = 'yyyy"年"m"月"d"日" hh:mm';
    ws.getCell('I2').value = 0.1;
    ws.getCell('I2').numFmt = '0.00%';
    ws.getCell('J2').value = 'a & b < c "d"';
    ws.getCell('A5').value = 'after two empty rows';
    const cells = await readCells(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(cells['数据']).toEqual({
      1: { A: '所属订单ID', B: '核销时间' },
      2: { A: '1077940305329948901', B: wallClock(2025, 12, 7, 14, 31, 54), C: 429.5, D: true, E: 859, F: '所属订单IDx', G: '#N/A', H: wallClock(2025, 12, 7, 12), I: 0.1, J: 'a & b < c "d"' },
      5: { A: 'after two empty rows' },
    });
  });

  it('a 19-digit id stored as a number comes out as the double it became (parseId refuses it)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('S').addRow([Number('1077940305329948933')]);
    const cells = await readCells(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(cells.S?.[1]?.A).toBe(1077940305329948900);
    expect(Number.isSafeInteger(cells.S?.[1]?.A)).toBe(false);
  });
});

describe('workbooks written by SheetJS', () => {
  it('strings as t="str" (no shared-strings part), numbers, booleans, dates through its styles part', async () => {
    const ws = XLSX.utils.aoa_to_sheet(
      [
        ['订单编号', '出行日期', '购买份数', '已支付', '备注'],
        ['1080000000000000001', wallClock(2025, 12, 20, 9, 30), 2, true, null],
        [],
        ['1080000000000000002', wallClock(2025, 12, 21), 1, false, '含门票'],
      ],
      { cellDates: true },
    );
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, '已预约-1');
    const file = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
    const cells = await readCells(file);
    expect(cells['已预约-1']).toEqual({
      1: { A: '订单编号', B: '出行日期', C: '购买份数', D: '已支付', E: '备注' },
      2: { A: '1080000000000000001', B: wallClock(2025, 12, 20, 9, 30), C: 2, D: true },
      4: { A: '1080000000000000002', B: wallClock(2025, 12, 21), C: 1, D: false, E: '含门票' },
    });
  });

  it('shared strings when SheetJS is asked for them (bookSST), and ISO dates in t="d" cells', async () => {
    const ws = XLSX.utils.aoa_to_sheet([['状态', '时间'], ['已核销', wallClock(2025, 1, 2, 3, 4, 5)]], { cellDates: true });
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'S');
    const sst = await readCells(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: true }) as Buffer);
    expect(sst.S?.[2]).toEqual({ A: '已核销', B: wallClock(2025, 1, 2, 3, 4, 5) });
    const iso = await readCells(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', cellDates: true }) as Buffer);
    expect(iso.S?.[2]).toEqual({ A: '已核销', B: wallClock(2025, 1, 2, 3, 4, 5) });
  });
});

describe('workbooks written by hand', () => {
  const workbookXml = (sheets: string[], pr = '') =>
    `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${pr}<sheets>${sheets.map((n, i) => `<sheet name="${n}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`;
  const relsXml = (n: number) =>
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${Array.from({ length: n }, (_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}</Relationships>`;
  const minimal = (sheetXml: string[], pr = '') =>
    buildZip([
      { name: 'xl/workbook.xml', data: Buffer.from(workbookXml(sheetXml.map((_, i) => `Sheet${i + 1}`), pr)) },
      { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(relsXml(sheetXml.length)) },
      ...sheetXml.map((x, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: Buffer.from(x) })),
    ]);

  it('inline strings (plain and rich), entities, numbers without a type, no shared strings, no styles', async () => {
    const sheet = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
      <row r="1"><c r="A1" t="inlineStr"><is><t>子订单ID</t></is></c><c r="B1" t="inlineStr"><is><r><t>订单</t></r><r><t xml:space="preserve"> 实收</t></r></is></c></row>
      <row r="2"><c r="A2" t="inlineStr"><is><t>1077940305329950001</t></is></c><c r="B2"><v>429.5</v></c><c r="C2" t="inlineStr"><is><t>A&amp;B &#x4E2D;&#25991;</t><rPh><t>ふりがな</t></rPh></is></c><c r="D2" s="3"><v>45998</v></c></row>
      <row r="4"><c r="B4"><f>B2*2</f><v>859</v></c><c r="C4" t="inlineStr"><is><t><![CDATA[<cdata>]]></t></is></c><c r="D4"/></row>
    </sheetData></worksheet>`;
    const cells = await readCells(minimal([sheet]));
    // Without a styles part no cell is a date: 45998 stays a number (a time column reads it as a serial).
    expect(cells.Sheet1).toEqual({
      1: { A: '子订单ID', B: '订单 实收' },
      2: { A: '1077940305329950001', B: 429.5, C: 'A&B 中文', D: 45998 },
      4: { B: 859, C: '<cdata>' },
    });
  });

  it('prefixed elements, rows and cells without references, and the 1904 date system', async () => {
    const sheet = `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
      <x:row><x:c t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c><x:c><x:v>1</x:v></x:c></x:row>
      <x:row><x:c t="b"><x:v>0</x:v></x:c><x:c t="e"><x:v>#DIV/0!</x:v></x:c><x:c t="str"><x:v>text result</x:v></x:c></x:row>
    </x:sheetData></x:worksheet>`;
    const cells = await readCells(minimal([sheet], '<workbookPr date1904="1"/>'));
    expect(cells.Sheet1).toEqual({ 1: { A: 'a', B: 1 }, 2: { A: false, B: '#DIV/0!', C: 'text result' } });
    const src = bufferSource(minimal([sheet], '<workbookPr date1904="1"/>'));
    expect((await readWorkbookModel(src, await checkWorkbookFile(src, { maxBytes: 2 ** 20, maxUncompressedBytes: 2 ** 20 }))).date1904).toBe(true);
  });

  it('custom number formats: dates and times are told from amounts and text', () => {
    for (const code of ['yyyy/m/d h:mm', 'yyyy"年"m"月"d"日"', '[$-804]aaaa', 'hh:mm:ss', '[h]:mm', 'm/d', '[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy']) expect([code, isDateFormatCode(code)]).toEqual([code, code !== '[$-804]aaaa']);
    for (const code of ['0.00', '#,##0.00"元"', '0.00%', '@', 'General', '[Red]0.00', '¥#,##0.00;[Red]-¥#,##0.00', '0.00E+00', '"h"0']) expect([code, isDateFormatCode(code)]).toEqual([code, false]);
  });
});

// Exports in the shapes people send besides the back office's .xlsx: workbooks written by
// SheetJS and by hand, a header merged over two rows, CSV in each encoding Excel writes, and
// an old .xls (written by SheetJS, as another program would).
import ExcelJS from 'exceljs';
import XLSX from 'xlsx';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configFrom } from '../../src/config.js';
import { TongbuError } from '../../src/errors.js';
import { importExcel } from '../../src/excel/import-service.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import type { Services } from '../../src/services.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { BOOKING_HEADERS, SALES_HEADERS, bookingRow, buildZip, salesRow, type Cell } from './workbooks.js';

let db: TestDatabase;
let services: Services;

beforeAll(async () => {
  db = await createTestDatabase();
  services = { config: configFrom({ MAX_IMPORT_MB: 5, MAX_IMPORT_UNCOMPRESSED_MB: 50, IMPORT_CHUNK_ROWS: 100 }), log: createLogger('silent', { pretty: false }), pool: db.pool, metrics: createMetrics() };
});
afterAll(async () => {
  await db.drop();
});
beforeEach(async () => {
  await db.pool.query('TRUNCATE orders_excel, travel_bookings, excel_imports');
});

const rows = async (sql: string) => (await db.pool.query(sql)).rows;

async function refused(p: Promise<unknown>): Promise<TongbuError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TongbuError);
  return e as TongbuError;
}

const HEADERS = SALES_HEADERS.map((h) => h.trim());
const salesRows = (n: number, over: (i: number) => Record<string, Cell> = () => ({})) => Array.from({ length: n }, (_, i) => salesRow(i + 1, over(i + 1)));

describe('workbooks from other writers', () => {
  it('SheetJS: strings as t="str", 核销时间 as date cells, no shared strings', async () => {
    const data = salesRows(3).map((r, i) => r.map((v, c) => (HEADERS[c] === '核销时间' ? new Date(Date.UTC(2025, 11, 7 + i, 14, 31, 54)) : v)));
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['售卖明细'], HEADERS, ...data], { cellDates: true }), '售卖明细');
    const buffer = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
    const s = await importExcel(services, { source: 'http', fileName: '售卖明细_sheetjs.xlsx', buffer });
    expect(s).toMatchObject({ rowsRead: 3, inserted: 3, skipped: 0 });
    expect(await rows(`SELECT sub_order_id, verification_time = '2025-12-07 14:31:54+08' AS at, actual_receipt FROM orders_excel ORDER BY 1 LIMIT 1`)).toEqual([
      { sub_order_id: '1077940305329950001', at: true, actual_receipt: '429.01' },
    ]);
  });

  it('by hand: minimal parts, inline strings, no shared strings, no styles; a date as a serial in a time column', async () => {
    const cell = (ref: string, v: Cell) => (v === null ? '' : typeof v === 'number' ? `<c r="${ref}"><v>${v}</v></c>` : `<c r="${ref}" t="inlineStr"><is><t>${v.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</t></is></c>`);
    const letter = (i: number) => (i < 26 ? String.fromCharCode(65 + i) : `A${String.fromCharCode(65 + i - 26)}`);
    const line = (n: number, values: Cell[]) => `<row r="${n}">${values.map((v, i) => cell(`${letter(i)}${n}`, v)).join('')}</row>`;
    const data = [salesRow(1, { 核销时间: 45998.60548611111 }), salesRow(2)];
    const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${line(1, HEADERS)}${data.map((r, i) => line(i + 2, r)).join('')}</sheetData></worksheet>`;
    const buffer = buildZip([
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="明细" sheetId="1" r:id="rId1"/></sheets></workbook>') },
      { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from('<Relationships><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheet) },
    ]);
    const s = await importExcel(services, { source: 'http', fileName: '售卖明细_hand.xlsx', buffer });
    expect(s).toMatchObject({ rowsRead: 2, inserted: 2 });
    expect(await rows(`SELECT sub_order_id, verification_time = '2025-12-07 14:31:54+08' AS at FROM orders_excel ORDER BY 1`)).toEqual([
      { sub_order_id: '1077940305329950001', at: true },
      { sub_order_id: '1077940305329950002', at: false },
    ]);
  });

  it('a header merged over two rows (group titles above, columns merged down) is read as one', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('售卖明细');
    ws.addRow(['售卖明细导出']);
    // Row 2: ids merged down over rows 2-3, money under a merged group title; row 3: the money columns.
    const moneyCols = new Set(['订单实收', '售卖金额', '商家货款出资补贴', '商品实付', '平台补贴']);
    ws.addRow(HEADERS.map((h) => (moneyCols.has(h) ? (h === '订单实收' ? '金额（元）' : null) : h)));
    ws.addRow(HEADERS.map((h) => (moneyCols.has(h) ? h : null)));
    HEADERS.forEach((h, i) => {
      if (!moneyCols.has(h)) ws.mergeCells(2, i + 1, 3, i + 1);
    });
    const first = HEADERS.indexOf('订单实收') + 1;
    ws.mergeCells(2, first, 2, first + moneyCols.size - 1);
    for (const r of salesRows(4)) ws.addRow(r);
    const s = await importExcel(services, { source: 'http', fileName: '售卖明细_merged.xlsx', buffer: Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(s).toMatchObject({ rowsRead: 4, inserted: 4, skipped: 0 });
    expect(await rows(`SELECT sub_order_id, sale_amount, raw_excel->>'商品名称' AS product FROM orders_excel ORDER BY 1 LIMIT 1`)).toEqual([
      { sub_order_id: '1077940305329950001', sale_amount: '429.00', product: '三星堆+熊猫基地精品团' },
    ]);
  });
});

/** GB18030 bytes of a string, from Node's decoder run backwards (the tests need no encoder package). */
function gb18030(text: string): Buffer {
  const dec = new TextDecoder('gb18030');
  const map = new Map<string, Buffer>();
  for (let a = 0x81; a <= 0xfe; a++) {
    for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      const ch = dec.decode(Uint8Array.from([a, b]));
      if (ch.length === 1 && !map.has(ch)) map.set(ch, Buffer.from([a, b]));
    }
  }
  return Buffer.concat(
    [...text].map((ch) => {
      if (ch.charCodeAt(0) < 0x80) return Buffer.from(ch, 'latin1');
      const bytes = map.get(ch);
      if (!bytes) throw new Error(`no GBK bytes for ${ch}`);
      return bytes;
    }),
  );
}

function csvText(data: Cell[][], sep = ','): string {
  const field = (v: Cell) => {
    if (v === null) return '';
    const s = String(v);
    return s.includes(sep) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return data.map((r) => r.map(field).join(sep)).join('\r\n') + '\r\n';
}

describe('CSV exports', () => {
  const data = () => [['售卖明细 2025-12-01 至 2025-12-07'], HEADERS, ...salesRows(3, (i) => ({ 平台补贴优惠明细: i === 2 ? '满200减10, 再减5\n第二行 "券"' : '平台券满200减10' }))];

  it.each([
    ['UTF-8 with a BOM', (t: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t)])],
    ['UTF-8 without a BOM', (t: string) => Buffer.from(t)],
    ['GB18030 (Excel on Chinese Windows)', (t: string) => gb18030(t)],
    ['UTF-16LE with a BOM', (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])],
  ])('%s: imported like the .xlsx, quoted commas, quotes and line breaks kept', async (_name, encode) => {
    const s = await importExcel(services, { source: 'http', fileName: '售卖明细_2025-12-07.csv', buffer: encode(csvText(data())) });
    expect(s).toMatchObject({ type: 'sales', rowsRead: 3, inserted: 3, skipped: 0 });
    const r = await rows(`SELECT sub_order_id, order_id, coupon_status, actual_receipt, verification_time = '2025-12-03 14:31:54+08' AS at, platform_discount_detail AS detail, raw_excel->>'商品名称' AS product FROM orders_excel ORDER BY 1`);
    expect(r[1]).toEqual({ sub_order_id: '1077940305329950002', order_id: '1077940305329948902', coupon_status: '已核销', actual_receipt: '429.02', at: true, detail: '满200减10, 再减5\n第二行 "券"', product: '三星堆+熊猫基地精品团' });
  });

  it('tab-separated (Excel\'s "Unicode text") and a last line without a line break', async () => {
    const text = csvText([HEADERS, salesRow(1)], '\t').replace(/\r\n$/, '');
    const s = await importExcel(services, { source: 'http', fileName: '售卖明细.txt', buffer: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) });
    expect(s).toMatchObject({ rowsRead: 1, inserted: 1 });
  });

  it('ids Excel turned into numbers (1.07794E+18, or rounded to 15 digits) are refused with the reason; the rest imported', async () => {
    const text = csvText([HEADERS, salesRow(1), salesRow(2, { 所属订单ID: '1.07794E+18' }), salesRow(3, { ' 子订单ID ': '1077940305329950000' }), salesRow(4, { 订单归属人uid: '3000000000000000042' })]);
    const s = await importExcel(services, { source: 'http', fileName: '售卖明细_rounded.csv', buffer: Buffer.from(text) });
    expect(s).toMatchObject({ rowsRead: 4, inserted: 2, skipped: 2 });
    expect(s.errors).toEqual([
      { sheet: '售卖明细_rounded', row: 3, column: '所属订单ID', message: '所属订单ID: id written as a rounded number lost its digits (1.07794E+18)' },
      { sheet: '售卖明细_rounded', row: 4, column: '子订单ID', message: '子订单ID: id rounded to 15 digits lost precision (1077940305329950000)' },
    ]);
  });

  it('bad money names the cell as Excel would show it', async () => {
    const text = csvText([HEADERS, salesRow(1), salesRow(2, { 售卖金额: '四百元' })]);
    const e = await refused(importExcel(services, { source: 'http', fileName: '售卖明细_bad.csv', buffer: Buffer.from(text) }));
    expect(e.code).toBe('EXCEL_BAD_MONEY');
    expect(e.message).toContain('cell G3 (售卖金额): "四百元"');
    expect(await rows(`SELECT 1 FROM orders_excel`)).toHaveLength(0);
  });

  it('a 旅行社预约明细 CSV takes its booking state from its name', async () => {
    const text = csvText([BOOKING_HEADERS, bookingRow('C1'), bookingRow('C2')]);
    const s = await importExcel(services, { source: 'http', fileName: '旅行社预约明细_已预约.csv', buffer: gb18030(text) });
    expect(s).toMatchObject({ type: 'bookings', rowsRead: 2, inserted: 2 });
    expect(await rows(`SELECT order_number, booking_status, raw_excel->>'商品名称' AS product FROM travel_bookings ORDER BY 1`)).toEqual([
      { order_number: 'C1', booking_status: '已预约', product: '九寨沟三日游（含门票）' },
      { order_number: 'C2', booking_status: '已预约', product: '九寨沟三日游（含门票）' },
    ]);
  });

  it('a quoted field never closed (a file cut short) is refused as damaged', async () => {
    const text = csvText([HEADERS, salesRow(1)]) + '1077940305329948999,"unclosed';
    const e = await refused(importExcel(services, { source: 'http', fileName: '售卖明细_cut.csv', buffer: Buffer.from(text) }));
    expect(e.code).toBe('EXCEL_CORRUPT');
    expect(await rows(`SELECT 1 FROM orders_excel`)).toHaveLength(0);
  });

  it('binary bytes named .csv are refused as not an export', async () => {
    const e = await refused(importExcel(services, { source: 'http', fileName: '售卖明细.csv', buffer: Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 3]) }));
    expect(e.code).toBe('EXCEL_NOT_XLSX');
  });
});

describe('old .xls (Excel 97-2003)', () => {
  it('one written by another program (SheetJS, BIFF8) is refused with what to do', async () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([HEADERS, ...salesRows(2)]), '售卖明细');
    const buffer = XLSX.write(wb, { type: 'buffer', bookType: 'biff8' }) as Buffer;
    const e = await refused(importExcel(services, { source: 'http', fileName: '售卖明细_2025.xls', buffer }));
    expect(e.code).toBe('EXCEL_OLD_XLS');
    expect(e.message).toContain('.xls');
    expect(e.action).toContain('save it as .xlsx');
    expect((await rows(`SELECT status, error_code FROM excel_imports`))).toEqual([{ status: 'failed', error_code: 'EXCEL_OLD_XLS' }]);
  });
});

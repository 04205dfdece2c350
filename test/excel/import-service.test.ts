import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configFrom } from '../../src/config.js';
import { importExcel } from '../../src/excel/import-service.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import type { Services } from '../../src/services.js';
import { TongbuError } from '../../src/errors.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { BOOKING_HEADERS, SALES_HEADERS, bookingRow, bookingsWorkbook, buildZip, cfbFile, salesRow, salesWorkbook, workbook, zipBomb, zipParts } from './workbooks.js';

let db: TestDatabase;
let services: Services;

beforeAll(async () => {
  db = await createTestDatabase();
  services = { config: configFrom({ MAX_IMPORT_MB: 5, MAX_IMPORT_UNCOMPRESSED_MB: 50 }), log: createLogger('silent', { pretty: false }), pool: db.pool, metrics: createMetrics() };
});
afterAll(async () => {
  await db.drop();
});
beforeEach(async () => {
  await db.pool.query('TRUNCATE orders_excel, travel_bookings, excel_imports');
});

const count = async (table: string) => (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n;

async function refused(p: Promise<unknown>): Promise<TongbuError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TongbuError);
  return e as TongbuError;
}

describe('售卖明细', () => {
  it('imports every row with exact ids, money, Shanghai times, raw_excel, and skips the 说明 sheet and empty rows', async () => {
    // Backslashes, tabs and newlines in text must survive COPY's text format, in the column and in raw_excel.
    const tricky = 'C:\\满减\t券\n第二行 "引号"';
    const rows = [salesRow(1), salesRow(2), salesRow(3, { 订单实收: 12.345, 核销时间: '-' }), salesRow(4, { 平台补贴优惠明细: tricky })];
    const buffer = await salesWorkbook(rows);
    const progress: number[] = [];
    const s = await importExcel(services, { source: 'http', fileName: '售卖明细_2025-12-01_2025-12-07.xlsx', buffer, onProgress: (n) => progress.push(n) });
    expect(s).toMatchObject({ type: 'sales', typeLabel: '售卖明细', rowsRead: 4, inserted: 4, updated: 0, unchanged: 0, skipped: 0, emptyRows: 1 });
    expect(s.sheets.find((x) => x.name === '说明')?.skipped).toBe('instructions sheet');
    expect(progress.at(-1)).toBe(4);
    const r = await db.pool.query(
      `SELECT order_id, sub_order_id, actual_receipt, product_payment, platform_subsidy, increment_commission, booking_surcharge,
              verification_time = '2025-12-02 14:31:54+08' AS shanghai, verification_time, owner_uid, software_fee_rate, file_name,
              raw_excel->>'商品名称' AS product, raw_excel ? '增量宝佣金' AS has_empty, raw_excel->>'子订单ID' AS raw_sub
         FROM orders_excel ORDER BY sub_order_id`,
    );
    expect(r.rows).toHaveLength(4);
    expect(r.rows[0]).toMatchObject({
      order_id: '1077940305329948901',
      sub_order_id: '1077940305329950001',
      actual_receipt: '429.01',
      product_payment: '419.50',
      platform_subsidy: '9.50',
      increment_commission: null,
      booking_surcharge: null,
      shanghai: true,
      owner_uid: '3000000000000000042',
      software_fee_rate: '2.5%',
      file_name: '售卖明细_2025-12-01_2025-12-07.xlsx',
      product: '三星堆+熊猫基地精品团',
      has_empty: true,
      raw_sub: '1077940305329950001',
    });
    // 12.345 rounds half away from zero by digits, not through floats; "-" in a time cell is empty.
    expect(r.rows[2]).toMatchObject({ actual_receipt: '12.35', verification_time: null });
    const t = await db.pool.query(`SELECT platform_discount_detail AS col, raw_excel->>'平台补贴优惠明细' AS raw FROM orders_excel WHERE sub_order_id = '1077940305329950004'`);
    expect(t.rows).toEqual([{ col: tricky, raw: tricky }]);
    const ledger = await db.pool.query(`SELECT status, report_type, source, rows_read, inserted, length(sha256) AS sha_len FROM excel_imports`);
    expect(ledger.rows).toEqual([{ status: 'succeeded', report_type: 'sales', source: 'http', rows_read: 4, inserted: 4, sha_len: 64 }]);
  });

  it('re-import of a changed export updates the changed rows and leaves the rest alone', async () => {
    await importExcel(services, { source: 'cli', fileName: '售卖明细_a.xlsx', buffer: await salesWorkbook([salesRow(1), salesRow(2), salesRow(3)]) });
    const before = await db.pool.query(`SELECT sub_order_id, import_time FROM orders_excel ORDER BY sub_order_id`);
    await new Promise((r) => setTimeout(r, 20));
    const s = await importExcel(services, {
      source: 'cli',
      fileName: '售卖明细_b.xlsx',
      buffer: await salesWorkbook([salesRow(1), salesRow(2, { 券码状态: '已退款' }), salesRow(3), salesRow(4)]),
    });
    expect(s).toMatchObject({ rowsRead: 4, inserted: 1, updated: 1, unchanged: 2, skipped: 0 });
    const after = await db.pool.query(`SELECT sub_order_id, import_time, file_name, coupon_status FROM orders_excel ORDER BY sub_order_id`);
    expect(after.rows[0].import_time).toEqual(before.rows[0].import_time);
    expect(after.rows[0].file_name).toBe('售卖明细_a.xlsx');
    expect(after.rows[1]).toMatchObject({ coupon_status: '已退款', file_name: '售卖明细_b.xlsx' });
    expect(await count('orders_excel')).toBe(4);
  });

  it('the same file twice is answered "already imported" and changes nothing', async () => {
    const buffer = await salesWorkbook([salesRow(1), salesRow(2)]);
    const first = await importExcel(services, { source: 'http', fileName: '售卖明细_x.xlsx', buffer });
    await db.pool.query(`UPDATE orders_excel SET coupon_status = 'edited by hand'`);
    const second = await importExcel(services, { source: 'folder', fileName: '售卖明细_x (1).xlsx', buffer });
    expect(second.alreadyImportedAt).toBeTruthy();
    expect(second).toMatchObject({ importId: first.importId, inserted: 0, updated: 0, rowsRead: 2 });
    expect((await db.pool.query(`SELECT DISTINCT coupon_status FROM orders_excel`)).rows).toEqual([{ coupon_status: 'edited by hand' }]);
    expect(await count('excel_imports')).toBe(1);
  });

  it('rejects a row whose 19-digit id was stored as a number (precision lost), imports the others', async () => {
    // 1077940305329948933 as a JS number is 1077940305329948928: the file can no longer say which order it was.
    const rows = [salesRow(1), salesRow(2, { 所属订单ID: Number('1077940305329948933') }), salesRow(3, { ' 子订单ID ': '' })];
    const s = await importExcel(services, { source: 'http', fileName: '售卖明细_ids.xlsx', buffer: await salesWorkbook(rows) });
    expect(s).toMatchObject({ rowsRead: 3, inserted: 1, skipped: 2 });
    expect(s.errors).toEqual([
      { sheet: '售卖明细', row: 5, column: '所属订单ID', message: expect.stringMatching(/^所属订单ID: id stored as a number lost precision \(10779403053299\d{5}\)$/) },
      { sheet: '售卖明细', row: 7, column: '子订单ID', message: 'no 子订单ID' },
    ]);
    expect(s.skippedReasons).toEqual([
      { reason: '所属订单ID: id stored as a number lost precision', count: 1 },
      { reason: 'no 子订单ID', count: 1 },
    ]);
    expect((await db.pool.query(`SELECT order_id FROM orders_excel`)).rows).toEqual([{ order_id: '1077940305329948901' }]);
  });

  it('the same 子订单ID twice in one file keeps the last row and counts the other as skipped', async () => {
    const s = await importExcel(services, { source: 'http', fileName: '售卖明细_dup.xlsx', buffer: await salesWorkbook([salesRow(1), salesRow(1, { 券码状态: '已退款' })]) });
    expect(s).toMatchObject({ rowsRead: 2, inserted: 1, skipped: 1 });
    expect((await db.pool.query(`SELECT coupon_status FROM orders_excel`)).rows).toEqual([{ coupon_status: '已退款' }]);
  });

  it('finds the header under a title, with extra and reordered columns, 子单ID and spaced full-width brackets', async () => {
    const headers = [...SALES_HEADERS].reverse().map((h) => (h === ' 子订单ID ' ? '子单ID' : h === '预售价（只针对酒旅商家）' ? ' 预售价 （只针对酒旅商家） ' : h));
    const row = [...salesRow(7, { '预售价（只针对酒旅商家）': 388 })].reverse();
    const buffer = await workbook([{ name: 'Sheet1', rows: [['导出时间：2025-12-07'], ['共 1 条'], headers, row] }]);
    // No type in the file name: the headers tell.
    const s = await importExcel(services, { source: 'http', fileName: 'export (3).xlsx', buffer });
    expect(s).toMatchObject({ type: 'sales', inserted: 1 });
    expect((await db.pool.query(`SELECT sub_order_id, preset_price FROM orders_excel`)).rows).toEqual([{ sub_order_id: '1077940305329950007', preset_price: '388.00' }]);
  });
});

describe('旅行社预约明细', () => {
  it('imports every state sheet (with -1 suffixes), skips 说明 and other sheets', async () => {
    const buffer = await bookingsWorkbook({ '未预约-1': ['B1', 'B2'], '待接单-1': ['B3'], '已预约-1': ['B4'], '已完成-1': ['B5'], '已拒单': ['B6'], 汇总: ['X'] });
    const s = await importExcel(services, { source: 'folder', fileName: '旅行社预约明细_2025-12-07.xlsx', buffer });
    expect(s).toMatchObject({ type: 'bookings', rowsRead: 6, inserted: 6 });
    expect(s.sheets.find((x) => x.name === '汇总')?.skipped).toBe('not a booking-state sheet');
    const r = await db.pool.query(`SELECT order_number, booking_status, sheet_name, travel_date::text, raw_excel->>'联系人' AS contact FROM travel_bookings ORDER BY order_number`);
    expect(r.rows.map((x) => [x.order_number, x.booking_status, x.sheet_name])).toEqual([
      ['B1', '未预约', '未预约-1'],
      ['B2', '未预约', '未预约-1'],
      ['B3', '待接单', '待接单-1'],
      ['B4', '已预约', '已预约-1'],
      ['B5', '已完成', '已完成-1'],
      ['B6', '已拒单', '已拒单'],
    ]);
    expect(r.rows[0]).toMatchObject({ travel_date: '2025-12-20', contact: '张先生' });
  });

  it('an order moving from 待接单 to 已预约 between two exports ends in its latest state, once', async () => {
    await importExcel(services, { source: 'folder', fileName: '旅行社预约明细_2025-12-06.xlsx', buffer: await bookingsWorkbook({ '待接单-1': ['B7', 'B8'], '已预约-1': [] }) });
    const s = await importExcel(services, { source: 'folder', fileName: '旅行社预约明细_2025-12-07.xlsx', buffer: await bookingsWorkbook({ '待接单-1': ['B8'], '已预约-1': ['B7'] }) });
    expect(s).toMatchObject({ rowsRead: 2, inserted: 0, updated: 1, unchanged: 1 });
    const r = await db.pool.query(`SELECT order_number, booking_status, file_name FROM travel_bookings ORDER BY order_number`);
    expect(r.rows).toEqual([
      { order_number: 'B7', booking_status: '已预约', file_name: '旅行社预约明细_2025-12-07.xlsx' },
      { order_number: 'B8', booking_status: '待接单', file_name: '旅行社预约明细_2025-12-06.xlsx' },
    ]);
  });

  it('one order on two state sheets of one file keeps the later state', async () => {
    const s = await importExcel(services, { source: 'http', fileName: '旅行社预约明细_x.xlsx', buffer: await bookingsWorkbook({ '已预约-1': ['B9'], '待接单-1': ['B9'] }) });
    expect(s).toMatchObject({ rowsRead: 2, inserted: 1, skipped: 1 });
    expect((await db.pool.query(`SELECT booking_status FROM travel_bookings`)).rows).toEqual([{ booking_status: '已预约' }]);
  });

  it('is recognised by its sheets and headers when the file name says nothing', async () => {
    const s = await importExcel(services, { source: 'http', fileName: 'download.xlsx', buffer: await bookingsWorkbook({ '已完成-1': ['C1'] }) });
    expect(s).toMatchObject({ type: 'bookings', inserted: 1 });
  });
});

describe('chunked loading (IMPORT_CHUNK_ROWS)', () => {
  it('keys repeated across chunks: the latest booking state and the last sales row win, each counted once', async () => {
    const chunked = { ...services, config: configFrom({ IMPORT_CHUNK_ROWS: 100 }) };
    const orders = (from: number, n: number) => Array.from({ length: n }, (_, i) => `Q${from + i}`);
    // Q5 is 已预约 in chunk 1 and 待接单 in chunk 3: it stays 已预约. Q7 moves to 已完成 in chunk 3.
    const buffer = await bookingsWorkbook({ '已预约-1': orders(0, 120), '待接单-1': [...orders(200, 100), 'Q5'], '已完成-1': ['Q7'] });
    const s = await importExcel(chunked, { source: 'http', fileName: '旅行社预约明细_chunks.xlsx', buffer });
    expect(s).toMatchObject({ rowsRead: 222, inserted: 220, updated: 0, unchanged: 0, skipped: 2 });
    expect((await db.pool.query(`SELECT order_number, booking_status FROM travel_bookings WHERE order_number IN ('Q5', 'Q7') ORDER BY 1`)).rows).toEqual([
      { order_number: 'Q5', booking_status: '已预约' },
      { order_number: 'Q7', booking_status: '已完成' },
    ]);
    expect(await count('travel_bookings')).toBe(220);

    const rows = Array.from({ length: 150 }, (_, i) => salesRow(i % 99, { ' 子订单ID ': `10779403053299600${String(i).padStart(2, '0')}` }));
    rows.push(salesRow(1, { ' 子订单ID ': '1077940305329960001', 券码状态: '已退款' }));
    const t = await importExcel(chunked, { source: 'http', fileName: '售卖明细_chunks.xlsx', buffer: await salesWorkbook(rows) });
    expect(t).toMatchObject({ rowsRead: 151, inserted: 150, skipped: 1 });
    expect((await db.pool.query(`SELECT coupon_status FROM orders_excel WHERE sub_order_id = '1077940305329960001'`)).rows).toEqual([{ coupon_status: '已退款' }]);
  });

  it('chunks of keys new to the table are copied straight in; a chunk holding a stored key is upserted, writing only what changed', async () => {
    const chunked = { ...services, config: configFrom({ IMPORT_CHUNK_ROWS: 100 }) };
    const sub = (i: number) => `1077940305330${String(i).padStart(6, '0')}`;
    const file = (from: number, to: number, over: Record<number, Record<string, string>> = {}) => salesWorkbook(Array.from({ length: to - from }, (_, k) => salesRow((from + k) % 99, { ' 子订单ID ': sub(from + k), ...over[from + k] })));
    const first = await importExcel(chunked, { source: 'http', fileName: '售卖明细_a.xlsx', buffer: await file(0, 250) });
    expect(first).toMatchObject({ rowsRead: 250, inserted: 250, updated: 0, unchanged: 0, skipped: 0 });
    const versions = async () => new Map((await db.pool.query<{ id: string; v: string }>(`SELECT sub_order_id AS id, xmin::text AS v FROM orders_excel`)).rows.map((r) => [r.id, r.v]));
    const before = await versions();
    // Rows 200-449: its first chunk holds 50 stored keys (one of them changed) and 50 new ones; the rest are new.
    const second = await importExcel(chunked, { source: 'http', fileName: '售卖明细_b.xlsx', buffer: await file(200, 450, { 210: { 券码状态: '已退款' } }) });
    expect(second).toMatchObject({ rowsRead: 250, inserted: 200, updated: 1, unchanged: 49, skipped: 0 });
    const after = await versions();
    expect(after.size).toBe(450);
    const rewritten = [...before].filter(([id, v]) => after.get(id) !== v).map(([id]) => id);
    expect(rewritten).toEqual([sub(210)]);
    expect((await db.pool.query(`SELECT file_name, coupon_status FROM orders_excel WHERE sub_order_id IN ($1, $2, $3) ORDER BY sub_order_id`, [sub(0), sub(210), sub(449)])).rows).toEqual([
      { file_name: '售卖明细_a.xlsx', coupon_status: salesRow(0)[3] },
      { file_name: '售卖明细_b.xlsx', coupon_status: '已退款' },
      { file_name: '售卖明细_b.xlsx', coupon_status: salesRow(449 % 99)[3] },
    ]);
  });
});

describe('zip layout', () => {
  it('reads every sheet, named and in tab order, whatever the order of the parts in the zip', async () => {
    const parts = await zipParts(await salesWorkbook([salesRow(1), salesRow(2), salesRow(3)]));
    const isSheet = (p: { name: string }) => p.name.startsWith('xl/worksheets/');
    // Sheets first (last sheet first), then the rest backwards: shared strings, workbook.xml and its rels last.
    const reordered = [...parts.filter(isSheet).reverse(), ...parts.filter((p) => !isSheet(p)).reverse()];
    expect(reordered.at(-1)?.name).not.toBe('xl/workbook.xml');
    const s = await importExcel(services, { source: 'http', fileName: '售卖明细_reordered.xlsx', buffer: buildZip(reordered) });
    expect(s).toMatchObject({ rowsRead: 3, inserted: 3, skipped: 0 });
    expect(s.sheets.map((x) => x.name)).toEqual(['说明', '售卖明细']);
    // Text cells come from the shared strings, which this zip holds after the sheets.
    expect((await db.pool.query(`SELECT raw_excel->>'商品名称' AS product FROM orders_excel ORDER BY sub_order_id`)).rows.map((r) => r.product)).toEqual(['三星堆+熊猫基地精品团', '三星堆+熊猫基地精品团', '三星堆+熊猫基地精品团']);
  });

  it('Chinese text written in the sheet itself survives being read in pieces (no character cut in two)', async () => {
    // About 1 MB of sheet XML with inline strings: the 64 KB pieces it is read in end inside
    // three-byte characters many times over.
    const names = Array.from({ length: 1500 }, (_, i) => `成都${'熊猫基地三星堆'.repeat(1 + (i % 7))}一日游第${i}号`);
    const rows = names.map((name, i) => salesRow(i % 100, { ' 子订单ID ': `10779403053299${String(i).padStart(5, '0')}`, 商品名称: name }));
    const s = await importExcel(services, { source: 'http', fileName: '售卖明细_inline.xlsx', buffer: await salesWorkbook(rows, { inlineStrings: true }) });
    expect(s).toMatchObject({ rowsRead: 1500, inserted: 1500 });
    const stored = (await db.pool.query<{ product: string }>(`SELECT raw_excel->>'商品名称' AS product FROM orders_excel ORDER BY sub_order_id`)).rows.map((r) => r.product);
    expect(stored).toEqual(names);
  });

  it('reads parts stored without compression', async () => {
    const parts = await zipParts(await salesWorkbook([salesRow(1), salesRow(2)]));
    const s = await importExcel(services, { source: 'http', fileName: '售卖明细_stored.xlsx', buffer: buildZip(parts.map((p) => ({ ...p, stored: true }))) });
    expect(s).toMatchObject({ rowsRead: 2, inserted: 2 });
  });

  it('a sheet the workbook lists but the zip lacks is named, and nothing is imported', async () => {
    const parts = await zipParts(await salesWorkbook([salesRow(1), salesRow(2)]));
    const e = await refused(importExcel(services, { source: 'http', fileName: '售卖明细_holed.xlsx', buffer: buildZip(parts.filter((p) => p.name !== 'xl/worksheets/sheet2.xml')) }));
    expect(e.code).toBe('EXCEL_CORRUPT');
    expect(e.message).toContain('sheet "售卖明细" is listed but its part xl/worksheets/sheet2.xml is missing');
    expect(await count('orders_excel')).toBe(0);
  });

  it('a sheet that inflates past the size its zip entry declares is refused, and nothing is imported', async () => {
    const parts = await zipParts(await salesWorkbook([salesRow(1), salesRow(2)]));
    const lying = parts.map((p) => (p.name === 'xl/worksheets/sheet2.xml' ? { ...p, declaredSize: Math.floor(p.data.length / 2) } : p));
    const e = await refused(importExcel(services, { source: 'http', fileName: '售卖明细_lying.xlsx', buffer: buildZip(lying) }));
    expect(e.code).toBe('EXCEL_ZIP_BOMB');
    expect(e.message).toContain('xl/worksheets/sheet2.xml inflates past');
    expect(await count('orders_excel')).toBe(0);
  });
});

describe('bad input: a clear error and nothing imported', () => {
  const fileName = '售卖明细_bad.xlsx';

  it('text in a money column names the cell, and the good rows before it are not kept', async () => {
    const buffer = await salesWorkbook([salesRow(1), salesRow(2), salesRow(3, { 售卖金额: '四百元' })]);
    const e = await refused(importExcel(services, { source: 'http', fileName, buffer }));
    expect(e.code).toBe('EXCEL_BAD_MONEY');
    expect(e.message).toContain('sheet "售卖明细", cell G7 (售卖金额): "四百元"');
    expect(await count('orders_excel')).toBe(0);
    expect((await db.pool.query(`SELECT status, error_code, report_type FROM excel_imports`)).rows).toEqual([{ status: 'failed', error_code: 'EXCEL_BAD_MONEY', report_type: 'sales' }]);
  });

  it('missing required columns are named', async () => {
    const headers = SALES_HEADERS.filter((h) => h !== '达人佣金' && h !== '成交渠道');
    const e = await refused(importExcel(services, { source: 'http', fileName, buffer: await salesWorkbook([salesRow(1)], { headers }) }));
    expect(e.code).toBe('EXCEL_MISSING_COLUMNS');
    expect(e.message).toContain('达人佣金, 成交渠道');
  });

  it('a booking sheet without its header names the missing columns', async () => {
    const buffer = await workbook([{ name: '已预约-1', rows: [BOOKING_HEADERS.filter((h) => h !== '购买份数'), bookingRow('D1')] }]);
    const e = await refused(importExcel(services, { source: 'http', fileName: '旅行社预约明细_1.xlsx', buffer }));
    expect(e.code).toBe('EXCEL_MISSING_COLUMNS');
    expect(e.message).toContain('购买份数');
  });

  it('a booking export with no state sheet', async () => {
    const buffer = await workbook([{ name: '说明', rows: [['x']] }, { name: 'Sheet1', rows: [BOOKING_HEADERS, bookingRow('D2')] }]);
    const e = await refused(importExcel(services, { source: 'http', fileName: '旅行社预约明细_2.xlsx', buffer }));
    expect(e.code).toBe('EXCEL_NO_SHEET');
    expect(e.message).toContain('未预约');
  });

  it('a workbook that is neither report', async () => {
    const e = await refused(importExcel(services, { source: 'http', fileName: 'budget.xlsx', buffer: await workbook([{ name: 'Sheet1', rows: [['a', 'b'], [1, 2]] }]) }));
    expect(e.code).toBe('EXCEL_UNKNOWN_TYPE');
  });

  it('not an xlsx (a CSV named .xlsx)', async () => {
    const e = await refused(importExcel(services, { source: 'http', fileName: '售卖明细.xlsx', buffer: Buffer.from('所属订单ID,子订单ID\n1,2\n') }));
    expect(e.code).toBe('EXCEL_NOT_XLSX');
    expect(e.message).toContain('CSV');
  });

  it('an old .xls', async () => {
    const e = await refused(importExcel(services, { source: 'http', fileName: '售卖明细.xls', buffer: cfbFile('Workbook') }));
    expect(e.code).toBe('EXCEL_OLD_XLS');
    expect(e.action).toContain('.xlsx');
  });

  it('a password-protected xlsx', async () => {
    const e = await refused(importExcel(services, { source: 'http', fileName: fileName, buffer: cfbFile('EncryptionInfo') }));
    expect(e.code).toBe('EXCEL_ENCRYPTED');
  });

  it('a corrupt (truncated) xlsx', async () => {
    const good = await salesWorkbook([salesRow(1)]);
    const e = await refused(importExcel(services, { source: 'http', fileName, buffer: good.subarray(0, Math.floor(good.length / 2)) }));
    expect(e.code).toBe('EXCEL_CORRUPT');
  });

  it('a corrupt xlsx whose directory is intact but whose data is garbage', async () => {
    const good = await salesWorkbook([salesRow(1), salesRow(2)]);
    const bad = Buffer.from(good);
    // Overwrite the middle of the compressed data; the central directory at the end stays intact.
    bad.fill(0x41, 200, Math.floor(bad.length / 2));
    const e = await refused(importExcel(services, { source: 'http', fileName, buffer: bad }));
    expect(e.code).toBe('EXCEL_CORRUPT');
    expect(await count('orders_excel')).toBe(0);
  });

  it('a zip bomb (a part that inflates over 200:1) is refused before inflating', async () => {
    const e = await refused(importExcel(services, { source: 'http', fileName, buffer: zipBomb(20) }));
    expect(e.code).toBe('EXCEL_ZIP_BOMB');
    expect(e.message).toContain('xl/worksheets/sheet1.xml');
  });

  it('a workbook over MAX_IMPORT_UNCOMPRESSED_MB is refused', async () => {
    const strict = { ...services, config: configFrom({ MAX_IMPORT_UNCOMPRESSED_MB: 1 }) };
    const rows = Array.from({ length: 600 }, (_, i) => salesRow(i % 100, { ' 子订单ID ': `1077940305329951${String(i).padStart(3, '0')}`, 商品名称: `${i}${'x'.repeat(2000)}` }));
    const e = await refused(importExcel(strict, { source: 'http', fileName, buffer: await salesWorkbook(rows) }));
    expect(e.code).toBe('EXCEL_ZIP_BOMB');
    expect(e.message).toContain('MAX_IMPORT_UNCOMPRESSED_MB');
  });

  it('a file over MAX_IMPORT_MB is refused', async () => {
    const e = await refused(importExcel(services, { source: 'http', fileName, buffer: Buffer.alloc(6 * 1024 * 1024) }));
    expect(e.code).toBe('EXCEL_TOO_LARGE');
    expect(e.message).toContain('MAX_IMPORT_MB');
  });
});

// The doors an export comes through: HTTP upload, the watched folder, the CLI.
// (The chat door is wired by the bot, on top of importExcel with the downloaded buffer.)
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { configFrom } from '../../src/config.js';
import { startFolderWatcher } from '../../src/excel/folder-watcher.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import type { Services } from '../../src/services.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { SALES_HEADERS, bookingsWorkbook, salesRow, salesWorkbook } from './workbooks.js';

let db: TestDatabase;
const log = createLogger('silent', { pretty: false });
const services = (overrides: Record<string, string | number> = {}): Services => ({
  config: configFrom({ ADMIN_TOKEN: 'admin-secret-token', MAX_IMPORT_MB: 2, IMPORT_POLL_SECONDS: 3600, ...overrides }),
  log,
  pool: db.pool,
  metrics: createMetrics(),
});

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});
beforeEach(async () => {
  await db.pool.query('TRUNCATE orders_excel, travel_bookings, excel_imports');
});

const rowsOf = async (sql: string) => (await db.pool.query(sql)).rows;

function multipart(fileName: string, content: Buffer) {
  const boundary = '----tongbu-test-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`);
  return { payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('HTTP: POST /api/imports', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(services());
  });
  afterAll(async () => {
    await app.close();
  });

  const post = (fileName: string, content: Buffer, token = 'admin-secret-token') => {
    const { payload, headers } = multipart(fileName, content);
    return app.inject({ method: 'POST', url: '/api/imports', payload, headers: { ...headers, authorization: `Bearer ${token}` } });
  };

  it('imports a 售卖明细 upload and answers with the summary', async () => {
    const res = await post('售卖明细_2025-12-01_2025-12-07.xlsx', await salesWorkbook([salesRow(1), salesRow(2)]));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ type: 'sales', source: 'http', rowsRead: 2, inserted: 2, fileName: '售卖明细_2025-12-01_2025-12-07.xlsx' });
    expect(await rowsOf(`SELECT sub_order_id FROM orders_excel ORDER BY 1`)).toEqual([{ sub_order_id: '1077940305329950001' }, { sub_order_id: '1077940305329950002' }]);
    const again = await post('售卖明细_2025-12-01_2025-12-07.xlsx', await salesWorkbook([salesRow(1), salesRow(2)]));
    // exceljs stamps the creation time into the file: a rebuilt workbook is different bytes, same rows.
    expect(again.json()).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
  });

  it('imports a 旅行社预约明细 upload; the same bytes again are "already imported"', async () => {
    const file = await bookingsWorkbook({ '待接单-1': ['H1'], '已预约-1': ['H2'] });
    const res = await post('旅行社预约明细_2025-12-07.xlsx', file);
    expect(res.json()).toMatchObject({ type: 'bookings', inserted: 2 });
    const again = await post('旅行社预约明细_2025-12-07.xlsx', file);
    expect(again.statusCode).toBe(200);
    expect(again.json().alreadyImportedAt).toBeTruthy();
    const list = await app.inject({ method: 'GET', url: '/api/imports', headers: { authorization: 'Bearer admin-secret-token' } });
    expect(list.json().imports).toHaveLength(1);
    expect(list.json().imports[0]).toMatchObject({ status: 'succeeded', report_type: 'bookings', inserted: 2 });
  });

  it('imports a CSV upload', async () => {
    const csv = [SALES_HEADERS.map((h) => h.trim()), salesRow(8)].map((r) => r.map((v) => (v === null ? '' : String(v))).join(',')).join('\n');
    const res = await post('售卖明细_2025-12-08.csv', Buffer.from(csv));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ type: 'sales', source: 'http', rowsRead: 1, inserted: 1 });
  });

  it('refuses a bad file with the named error and its status', async () => {
    const res = await post('售卖明细.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.from('Workbook', 'utf16le')]));
    expect(res.statusCode).toBe(415);
    expect(res.json().error).toMatchObject({ code: 'EXCEL_OLD_XLS' });
    expect(res.json().error.action).toContain('.xlsx');
  });

  it('refuses a file over MAX_IMPORT_MB', async () => {
    const res = await post('售卖明细_big.xlsx', Buffer.alloc(3 * 1024 * 1024, 1));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('EXCEL_TOO_LARGE');
  });

  it('needs the admin token', async () => {
    const res = await post('售卖明细_x.xlsx', await salesWorkbook([salesRow(1)]), 'wrong-token-of-same-size');
    expect(res.statusCode).toBe(401);
    expect(await rowsOf(`SELECT 1 FROM orders_excel`)).toHaveLength(0);
  });

  it('answers a request without a file', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/imports', payload: {}, headers: { authorization: 'Bearer admin-secret-token' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('EXCEL_NO_FILE');
  });
});

describe('folder: IMPORT_DIR', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tongbu-import-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('imports stable files of both types, deletes them, and moves a refused file to failed/ with its reason', async () => {
    await writeFile(path.join(dir, '售卖明细_2025-12-01_2025-12-07.xlsx'), await salesWorkbook([salesRow(1), salesRow(2), salesRow(3)]));
    await writeFile(path.join(dir, '旅行社预约明细_2025-12-07.xlsx'), await bookingsWorkbook({ '未预约-1': ['F1'], '已完成-1': ['F2'] }));
    await writeFile(path.join(dir, '售卖明细_bad.xlsx'), await salesWorkbook([salesRow(4, { 订单实收: 'abc' })]));
    await writeFile(path.join(dir, 'notes.txt'), 'not an export');
    const watcher = startFolderWatcher(services({ IMPORT_DIR: dir }));
    try {
      await watcher.scan(); // sizes seen twice: stable
      expect(await rowsOf(`SELECT count(*)::int AS n FROM orders_excel`)).toEqual([{ n: 3 }]);
      expect(await rowsOf(`SELECT order_number, booking_status FROM travel_bookings ORDER BY 1`)).toEqual([
        { order_number: 'F1', booking_status: '未预约' },
        { order_number: 'F2', booking_status: '已完成' },
      ]);
      expect((await readdir(dir)).sort()).toEqual(['failed', 'notes.txt']);
      expect((await readdir(path.join(dir, 'failed'))).sort()).toEqual(['售卖明细_bad.xlsx', '售卖明细_bad.xlsx.error.txt']);
      const reason = await readFile(path.join(dir, 'failed', '售卖明细_bad.xlsx.error.txt'), 'utf8');
      expect(reason).toContain('EXCEL_BAD_MONEY');
      expect(reason).toContain('cell F4 (订单实收): "abc"');
      expect(await rowsOf(`SELECT file_name, source, status FROM excel_imports ORDER BY file_name`)).toEqual([
        { file_name: '售卖明细_2025-12-01_2025-12-07.xlsx', source: 'folder', status: 'succeeded' },
        { file_name: '售卖明细_bad.xlsx', source: 'folder', status: 'failed' },
        { file_name: '旅行社预约明细_2025-12-07.xlsx', source: 'folder', status: 'succeeded' },
      ]);
    } finally {
      await watcher.stop();
    }
  });

  it('imports a CSV export dropped there', async () => {
    const csv = [SALES_HEADERS.map((h) => h.trim()), salesRow(9)].map((r) => r.map((v) => (v === null ? '' : String(v))).join(',')).join('\r\n');
    await writeFile(path.join(dir, '售卖明细_2025-12-09.csv'), csv);
    const watcher = startFolderWatcher(services({ IMPORT_DIR: dir }));
    try {
      await watcher.scan();
      expect(await rowsOf(`SELECT sub_order_id FROM orders_excel`)).toEqual([{ sub_order_id: '1077940305329950009' }]);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await watcher.stop();
    }
  });

  it('waits for a growing file, and moves imported files to imported/ when IMPORT_DONE_ACTION=move', async () => {
    const watcher = startFolderWatcher(services({ IMPORT_DIR: dir, IMPORT_DONE_ACTION: 'move' }));
    try {
      await watcher.scan();
      const file = path.join(dir, '售卖明细_growing.xlsx');
      const full = await salesWorkbook([salesRow(5)]);
      await writeFile(file, full.subarray(0, 100));
      await watcher.scan(); // first sighting
      await writeFile(file, full);
      await watcher.scan(); // it grew: not stable yet
      expect(await rowsOf(`SELECT 1 FROM orders_excel`)).toHaveLength(0);
      await watcher.scan(); // unchanged since the last scan: imported
      expect(await rowsOf(`SELECT sub_order_id FROM orders_excel`)).toEqual([{ sub_order_id: '1077940305329950005' }]);
      expect(await readdir(path.join(dir, 'imported'))).toEqual(['售卖明细_growing.xlsx']);
      expect(await readdir(dir)).toEqual(['imported']);
    } finally {
      await watcher.stop();
    }
  });
});

describe('CLI: tongbu import', () => {
  function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [path.resolve('bin/tongbu.js'), 'import', ...args], {
        env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn', TZ: 'UTC' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  }

  it('imports a file and prints the summary; --json prints it as JSON', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tongbu-cli-'));
    const file = path.join(dir, '旅行社预约明细_2025-12-07.xlsx');
    await writeFile(file, await bookingsWorkbook({ '待接单-1': ['K1', 'K2'] }));
    const res = await cli([file]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('旅行社预约明细 → travel_bookings');
    expect(res.stdout).toContain('2 rows read from 旅行社预约明细_2025-12-07.xlsx: 2 inserted, 0 updated, 0 unchanged, 0 skipped.');
    expect(await rowsOf(`SELECT source FROM excel_imports`)).toEqual([{ source: 'cli' }]);
    const again = await cli([file, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ alreadyImportedAt: expect.any(String), inserted: 0 });
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 1 with the message and the action on a bad file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tongbu-cli-'));
    const file = path.join(dir, '售卖明细.xlsx');
    await writeFile(file, '所属订单ID,子订单ID\n');
    const res = await cli([file]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('This is not an Excel .xlsx workbook');
    expect(res.stderr).toContain('Export the report again');
    await rm(dir, { recursive: true, force: true });
  });
});

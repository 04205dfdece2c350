// A connector's declared sheet (Temu's 成本价 cost sheet) through every Excel door: chat (admins
// only), the watched folder, the upload route. The real engine gives the sheet its context; the
// costs land in PostgreSQL and the person sees the connector's report, or the rows that are wrong.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registerChatImport } from '../../src/chat/excel-import.js';
import { startFolderWatcher } from '../../src/excel/folder-watcher.js';
import { findDeclaredSheet } from '../../src/excel/declared-sheets.js';
import { CONNECTORS } from '../../src/connectors/index.js';
import { ADMIN, GROUP, startBotHarness, textOf, titleOf, type BotHarness } from '../chat/harness.js';

const SKUS = ['46301894981050', '46301894981051', '46301894981052'] as const;

async function costWorkbook(header: string[], rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('Sheet1');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

function multipart(fileName: string, content: Buffer) {
  const boundary = '----tongbu-test-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${encodeURIComponent(fileName)}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  return { payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('declared sheets (a cost sheet) through every Excel door', () => {
  let h: BotHarness;
  const costs = async () => (await h.services.pool.query(`SELECT sku_ref, unit_cost::text AS cost, source FROM temu_sku_costs ORDER BY sku_ref`)).rows;

  beforeAll(async () => {
    h = await startBotHarness({ ADMIN_TOKEN: 'admin-secret-token' }, { engine: { workers: false } });
    registerChatImport(h.bot, h.services);
    // The SKUs a shop sells (what a products sync writes): a cost for any other SKU is refused.
    for (const sku of SKUS) {
      await h.services.pool.query(`INSERT INTO temu_skus (shop, sku_id, goods_id, sku_sn, raw_data) VALUES ('us-main', $1, 'g1', $2, '{}')`, [sku, `SN-${sku.slice(-2)}`]);
    }
  }, 60_000);
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.services.pool.query('TRUNCATE temu_sku_costs');
  });

  async function send(name: string, data: Buffer, openId: string) {
    const res = await h.sandbox.sendFile(GROUP, name, data, { openId, chatType: 'group' });
    expect(res.status).toBe(200);
    const msgs = await h.sandbox.im.waitForBotMessages(GROUP, (m) => m.some((x) => x.parentId === res.message.messageId), 30_000);
    return msgs.find((x) => x.parentId === res.message.messageId)!;
  }

  it('recognises a declared sheet by file name or by header, and leaves the built-in reports alone', async () => {
    const opts = { limits: { maxBytes: 50 * 1024 * 1024, maxUncompressedBytes: 500 * 1024 * 1024 } };
    const book = await costWorkbook(['SKU id', '成本价'], [[SKUS[0], 1]]);
    expect((await findDeclaredSheet(CONNECTORS, '成本价_2026-02.xlsx', { buffer: book }, opts))?.sheet.label).toBe('成本价');
    expect((await findDeclaredSheet(CONNECTORS, 'february.xlsx', { buffer: book }, opts))?.sheet.label).toBe('成本价');
    const other = await costWorkbook(['子订单ID', '金额'], [['1', 2]]);
    expect(await findDeclaredSheet(CONNECTORS, 'february.xlsx', { buffer: other }, opts)).toBeUndefined();
    expect(await findDeclaredSheet(CONNECTORS, '售卖明细_2026-02.csv', { buffer: Buffer.from('a,b') }, opts)).toBeUndefined();
  });

  it('chat: an admin sends a cost sheet; the costs land in PostgreSQL and the reply says so', async () => {
    const file = await costWorkbook(['SKU id', '成本价', '生效日期'], [[SKUS[0], 3.5, '2026-02-01'], [SKUS[1], '2.25', '2026-02-01']]);
    const reply = await send('temu成本价.xlsx', file, ADMIN);
    expect(titleOf(reply.card)).toMatch(/Temu cost prices: 2 costs from temu成本价.xlsx written/);
    expect(textOf(reply.card)).toMatch(/recomputed/);
    expect(await costs()).toEqual([
      { sku_ref: SKUS[0], cost: '3.5000', source: 'temu成本价.xlsx' },
      { sku_ref: SKUS[1], cost: '2.2500', source: 'temu成本价.xlsx' },
    ]);
  });

  it('chat: a sheet recognised by its header alone (file name says nothing) is imported too', async () => {
    const reply = await send('february.xlsx', await costWorkbook(['货号', '成本价'], [[`SN-${SKUS[2].slice(-2)}`, 4]]), ADMIN);
    expect(titleOf(reply.card)).toMatch(/1 cost from february.xlsx written/);
    expect((await costs()).map((c) => c.cost)).toEqual(['4.0000']);
  });

  it('chat: a non-admin is refused with a clear message, and nothing is written', async () => {
    const reply = await send('成本价.xlsx', await costWorkbook(['SKU id', '成本价'], [[SKUS[0], 3]]), 'ou_member');
    expect(titleOf(reply.card)).toBe('Import failed: nothing was imported');
    expect(textOf(reply.card)).toMatch(/only admins may send it/);
    expect(textOf(reply.card)).toMatch(/ask to be added to FEISHU/);
    expect(await costs()).toEqual([]);
  });

  it('chat: an unknown SKU, a negative and a non-numeric cost: the reply names each row and problem; nothing is written', async () => {
    const file = await costWorkbook(
      ['SKU id', '成本价'],
      [
        [SKUS[0], 3],
        ['99999999999', 2],
        [SKUS[1], -1.2],
        [SKUS[2], 'abc'],
      ],
    );
    const reply = await send('成本价.xlsx', file, ADMIN);
    const text = textOf(reply.card);
    expect(titleOf(reply.card)).toBe('Import failed: nothing was imported');
    expect(text).toMatch(/3 cost entries are wrong/);
    expect(text).toMatch(/row 3: SKU id 99999999999 is not a SKU of any Temu shop/);
    expect(text).toMatch(/row 4 \(\d+\): 成本价 -1\.2 is negative/);
    expect(text).toMatch(/row 5 \(\d+\): 成本价 "abc" is not a number/);
    expect(await costs()).toEqual([]);
  });

  it('folder: a cost sheet dropped into IMPORT_DIR is imported; a bad one goes to failed/ with the reason, nothing written', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tongbu-sheets-'));
    try {
      const services = { ...h.services, config: { ...h.services.config, IMPORT_DIR: dir, IMPORT_POLL_SECONDS: 3600, IMPORT_DONE_ACTION: 'move' as const } };
      const imported: string[] = [];
      const failed: string[] = [];
      const watcher = startFolderWatcher(services, { onImported: (_f, o) => imported.push(o.kind === 'sheet' ? o.report.title : o.kind), onFailed: (f) => failed.push(path.basename(f)) });
      await writeFile(path.join(dir, '成本价_good.xlsx'), await costWorkbook(['SKU id', '成本价'], [[SKUS[0], 7]]));
      await writeFile(path.join(dir, '成本价_bad.xlsx'), await costWorkbook(['SKU id', '成本价'], [[SKUS[1], 'x1']]));
      await watcher.scan();
      await watcher.scan();
      await watcher.stop();
      expect(imported).toEqual(['Temu cost prices: 1 cost from 成本价_good.xlsx written']);
      expect(failed).toEqual(['成本价_bad.xlsx']);
      const note = await readFile(path.join(dir, 'failed', '成本价_bad.xlsx.error.txt'), 'utf8');
      expect(note).toMatch(/EXCEL_SHEET_INVALID: .*row 2 \(\d+\): 成本价 "x1" is not a number/);
      expect(await readdir(path.join(dir, 'imported'))).toEqual(['成本价_good.xlsx']);
      expect((await costs()).map((c) => [c.sku_ref, c.cost])).toEqual([[SKUS[0], '7.0000']]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('upload route: a cost sheet is imported and answered with the report; a bad one is a 422 naming the row', async () => {
    const post = (name: string, content: Buffer) => {
      const { payload, headers } = multipart(name, content);
      return h.app.inject({ method: 'POST', url: '/api/imports', payload, headers: { ...headers, authorization: 'Bearer admin-secret-token' } });
    };
    const ok = await post('成本价.xlsx', await costWorkbook(['SKU id', '成本价'], [[SKUS[2], 1.5]]));
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ kind: 'sheet', sheet: 'temu-costs', report: { ok: true, title: 'Temu cost prices: 1 cost from 成本价.xlsx written' } });
    const bad = await post('成本价.xlsx', await costWorkbook(['SKU id', '成本价'], [[SKUS[0], -3]]));
    expect(bad.statusCode).toBe(422);
    expect(JSON.stringify(bad.json())).toMatch(/row 2 \(\d+\): 成本价 -3 is negative/);
    expect((await costs()).map((c) => [c.sku_ref, c.cost])).toEqual([[SKUS[2], '1.5000']]);
  });

  it('CLI: tongbu import prints the report of a cost sheet; a bad one exits 1 naming the row, nothing written', async () => {
    const cli = (file: string): Promise<{ code: number; stdout: string; stderr: string }> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [path.resolve('bin/tongbu.js'), 'import', file], { env: { ...process.env, DATABASE_URL: h.db.url, LOG_LEVEL: 'warn', TZ: 'UTC' } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      });
    const dir = await mkdtemp(path.join(tmpdir(), 'tongbu-sheets-cli-'));
    try {
      const bad = path.join(dir, '成本价_bad.xlsx');
      await writeFile(bad, await costWorkbook(['SKU id', '成本价'], [['88888888888', 1]]));
      const refused = await cli(bad);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/row 2: SKU id 88888888888 is not a SKU of any Temu shop/);
      expect(await costs()).toEqual([]);
      const good = path.join(dir, '成本价_good.xlsx');
      await writeFile(good, await costWorkbook(['SKU id', '成本价'], [[SKUS[1], 9.9]]));
      const res = await cli(good);
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toContain('Temu cost prices: 1 cost from 成本价_good.xlsx written');
      expect((await costs()).map((c) => [c.sku_ref, c.cost])).toEqual([[SKUS[1], '9.9000']]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

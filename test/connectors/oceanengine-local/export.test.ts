import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oceanengineLocal } from '../../../src/connectors/oceanengine-local/index.js';
import { executeRun } from '../../../src/engine/runner.js';
import { runKey } from '../../../src/engine/runs.js';
import { parseRange } from '../../../src/engine/windows.js';
import { exportMonth, monthRange } from '../../../src/ops/export.js';
import { createHarness, type Harness } from './harness.js';

describe('monthly xlsx export of 巨量本地推', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ emulator: { unitsPerAccount: 6 } });
    await h.authorise();
    for (const [account, range] of [
      [h.emu.accounts[0]!, '2026-01-30..2026-02-04'],
      [h.emu.accounts[1]!, '2026-02-27..2026-03-01'],
    ] as const) {
      const window = parseRange(range);
      const out = await executeRun(
        { pool: h.db.pool, log: h.services.log, metrics: h.metrics, retry: { maxAttempts: 2, baseMs: 1 }, context: h.ctx },
        { connector: oceanengineLocal, account, window, trigger: 'cli', key: runKey('oceanengine-local', account, 'backfill', window), requestedAt: new Date() },
      );
      expect(out.status).toBe('succeeded');
    }
  });
  afterAll(async () => {
    await h.close();
  });

  it('has one row per unit and day of the month, in order, with Chinese headers and an exact totals row', async () => {
    const out = await exportMonth(h.services, 'oceanengine', '2026-02');
    expect(out.fileName).toBe('巨量本地推_2026-02.xlsx');

    const db = await h.db.pool.query(
      `SELECT to_char(stat_date, 'YYYY-MM-DD') AS d, account_id, unit_id, unit_name, spend::text, conversions, cost_per_conversion::text AS cpc, group_buy_leads
       FROM oceanengine_local_daily WHERE stat_date >= '2026-02-01' AND stat_date < '2026-03-01' ORDER BY stat_date, account_id, unit_id`,
    );
    const sums = (
      await h.db.pool.query(
        `SELECT sum(spend)::text AS spend, sum(conversions)::int AS conv, sum(group_buy_leads)::int AS leads
         FROM oceanengine_local_daily WHERE stat_date >= '2026-02-01' AND stat_date < '2026-03-01'`,
      )
    ).rows[0];
    expect(out.rows).toBe(db.rowCount);
    expect(db.rows.some((r) => r.d === '2026-01-31' || r.d === '2026-03-01')).toBe(false);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(out.buffer as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, '时间', '账户ID', '单元ID', '单元名称', '消耗(元)', '转化数', '转化成本(元)', '团购线索数']);
    expect(sheet.rowCount).toBe(db.rowCount! + 2);
    db.rows.forEach((r, i) => {
      const v = sheet.getRow(i + 2).values as unknown[];
      expect(v.slice(1)).toEqual([r.d, r.account_id, r.unit_id, r.unit_name, Number(r.spend), r.conversions, r.cpc === null ? undefined : Number(r.cpc), r.group_buy_leads]);
    });
    expect(sheet.getCell('E2').numFmt).toBe('#,##0.00');
    expect(typeof sheet.getCell('C2').value).toBe('string'); // 19-digit ids stay exact

    const totals = sheet.getRow(db.rowCount! + 2);
    expect(totals.getCell(1).value).toBe('合计');
    expect(totals.getCell(5).value).toBe(Number(sums.spend));
    expect(totals.getCell(6).value).toBe(sums.conv);
    expect(totals.getCell(8).value).toBe(sums.leads);
    expect(out.totals?.spend).toBe(sums.spend);
    const cents = BigInt(sums.spend.replace('.', ''));
    const avg = (cents * 2n + BigInt(sums.conv)) / (2n * BigInt(sums.conv));
    expect(totals.getCell(7).value).toBe(Number(avg) / 100);
  });

  it('names bad input: a month like 2026-13, a connector without an export, an empty month', async () => {
    await expect(exportMonth(h.services, 'oceanengine', '2026-13')).rejects.toMatchObject({ code: 'EXPORT_MONTH_INVALID' });
    await expect(exportMonth(h.services, 'oceanengine', 'feb')).rejects.toMatchObject({ code: 'EXPORT_MONTH_INVALID' });
    await expect(exportMonth(h.services, 'douyin-life', '2026-02')).rejects.toMatchObject({ code: 'EXPORT_NOT_SUPPORTED' });
    await expect(exportMonth(h.services, '本地推', '2025-06')).rejects.toMatchObject({ code: 'EXPORT_EMPTY' });
  });

  it('month ranges end on the right day', () => {
    expect(monthRange('2026-02')).toEqual({ first: '2026-02-01', last: '2026-02-28' });
    expect(monthRange('2024-02')).toEqual({ first: '2024-02-01', last: '2024-02-29' });
    expect(monthRange('2026-12')).toEqual({ first: '2026-12-01', last: '2026-12-31' });
  });
});

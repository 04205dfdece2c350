import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { oceanengineLocal } from '../../../src/connectors/oceanengine-local/index.js';
import { divideToDecimal } from '../../../src/money.js';
import { executeRun, type RunOutcome } from '../../../src/engine/runner.js';
import { runKey } from '../../../src/engine/runs.js';
import { parseRange } from '../../../src/engine/windows.js';
import { createHarness, type Harness } from './harness.js';

type Row = { stat_date: string; unit_id: string; spend: string; conversions: number; cost_per_conversion: string | null; group_buy_leads: number };

describe('巨量本地推 through the engine (emulator → PostgreSQL)', () => {
  let h: Harness;
  let account: string;
  beforeAll(async () => {
    h = await createHarness({ emulator: { unitsPerAccount: 12 }, settings: { OCEANENGINE_PAGE_SIZE: 10 } });
    account = h.emu.accounts[0] as string;
    await h.authorise();
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => {
    h.notifier.alerts = [];
  });

  const sync = (range: string, acc = account): Promise<RunOutcome> => {
    const window = parseRange(range);
    return executeRun(
      { pool: h.db.pool, log: h.services.log, metrics: h.metrics, retry: { maxAttempts: 3, baseMs: 1 }, context: h.ctx, notifier: h.notifier },
      { connector: oceanengineLocal, account: acc, window, trigger: 'cli', key: runKey(oceanengineLocal.name, acc, 'backfill', window), requestedAt: new Date() },
    );
  };
  const dayRows = async (day: string, acc = account) =>
    (
      await h.db.pool.query<Row>(
        `SELECT to_char(stat_date, 'YYYY-MM-DD') AS stat_date, unit_id, spend::text, conversions, cost_per_conversion::text, group_buy_leads
         FROM oceanengine_local_daily WHERE stat_date = $1 AND account_id = $2 ORDER BY unit_id`,
        [day, acc],
      )
    ).rows;
  const expectedRows = (day: string, acc = account): Row[] =>
    h.emu
      .rows(acc, day)
      .map((r) => {
        const spend = `${Math.floor(r.costCents / 100)}.${String(r.costCents % 100).padStart(2, '0')}`;
        return { stat_date: day, unit_id: r.unit.promotionId.toString(), spend, conversions: r.convert_cnt, cost_per_conversion: divideToDecimal(spend, r.convert_cnt), group_buy_leads: r.clue_pay_order_cnt };
      })
      .sort((a, b) => (a.unit_id < b.unit_id ? -1 : 1));

  it('a backfill of a range writes every unit of every day', async () => {
    const out = await sync('2026-02-01..2026-02-12');
    expect(out.status).toBe('succeeded');
    for (const day of ['2026-02-01', '2026-02-07', '2026-02-12']) expect(await dayRows(day)).toEqual(expectedRows(day));
    const total = (await h.db.pool.query(`SELECT count(*)::int AS n FROM oceanengine_local_daily WHERE account_id = $1`, [account])).rows[0].n;
    let expected = 0;
    for (let d = 1; d <= 12; d++) expected += h.emu.rows(account, `2026-02-${String(d).padStart(2, '0')}`).length;
    expect(total).toBe(expected);
  });

  it('a re-pull after the platform revised a day replaces that day: new figures, vanished units deleted, other days untouched', async () => {
    const untouchedBefore = await h.db.pool.query(`SELECT unit_id, synced_at FROM oceanengine_local_daily WHERE stat_date = '2026-02-10' ORDER BY unit_id`);
    const before = await dayRows('2026-02-11');
    h.emu.revise(account, '2026-02-11');
    const out = await sync('2026-02-10..2026-02-11');
    expect(out.status).toBe('succeeded');
    const after = await dayRows('2026-02-11');
    expect(after).toEqual(expectedRows('2026-02-11'));
    expect(after).toHaveLength(before.length - 1);
    expect(after).not.toEqual(before.slice(1));
    if (out.status === 'succeeded') expect(out.counts.deleted).toBe(1);
    // Unchanged rows of an unrevised day are not rewritten.
    const untouchedAfter = await h.db.pool.query(`SELECT unit_id, synced_at FROM oceanengine_local_daily WHERE stat_date = '2026-02-10' ORDER BY unit_id`);
    expect(untouchedAfter.rows).toEqual(untouchedBefore.rows);
  });

  it('each account is its own partition: replacing one account\'s day leaves the other\'s rows', async () => {
    const other = h.emu.accounts[1] as string;
    await sync('2026-02-11', other);
    const otherRows = await dayRows('2026-02-11', other);
    expect(otherRows).toEqual(expectedRows('2026-02-11', other));
    h.emu.revise(account, '2026-02-11');
    await sync('2026-02-11');
    expect(await dayRows('2026-02-11', other)).toEqual(otherRows);
    expect(await dayRows('2026-02-11')).toEqual(expectedRows('2026-02-11'));
  });

  it('retries a rate limit and a 502 within the run', async () => {
    h.emu.faults.push({ match: /report/, times: 1, kind: 'rateLimit' }, { match: /report/, times: 1, kind: 'serverError' });
    h.emu.revise(account, '2026-02-05');
    const out = await sync('2026-02-05');
    expect(out.status).toBe('succeeded');
    expect(await dayRows('2026-02-05')).toEqual(expectedRows('2026-02-05'));
  });

  it('a platform-expired access token is refreshed once mid-run and the run succeeds', async () => {
    h.emu.clock.advance(25 * 3600_000);
    try {
      const refreshesBefore = h.emu.counts.refresh;
      h.emu.revise(account, '2026-02-06');
      const out = await sync('2026-02-06');
      expect(out.status).toBe('succeeded');
      expect(h.emu.counts.refresh).toBe(refreshesBefore + 1);
      expect(await dayRows('2026-02-06')).toEqual(expectedRows('2026-02-06'));
    } finally {
      h.emu.clock.offsetMs = 0;
    }
  });

  it('a dead refresh token fails the run with TOKEN_REFRESH_FAILED and the re-authorise alert, and keeps the stored rows', async () => {
    const kept = await dayRows('2026-02-07');
    h.emu.revokeRefreshTokens();
    await h.db.pool.query(`UPDATE platform_tokens SET access_expires_at = now() - interval '1 minute'`);
    h.emu.revise(account, '2026-02-07');
    const out = await sync('2026-02-07');
    expect(out.status).toBe('failed');
    if (out.status === 'failed') expect(out.error?.code).toBe('TOKEN_REFRESH_FAILED');
    expect(h.notifier.alerts.map((a) => a.key)).toContain('token:oceanengine:default');
    expect(h.notifier.alerts.find((a) => a.key === 'token:oceanengine:default')?.action).toBe('re-authorise');
    expect(await dayRows('2026-02-07')).toEqual(kept);
    await h.authorise();
  });

  it('summary: records, total spend, conversions, average cost per conversion and a 7-day spend trend', async () => {
    const day = '2026-02-12';
    const rows = await h.db.pool.query(`SELECT spend::text, conversions FROM oceanengine_local_daily WHERE stat_date = $1`, [day]);
    let cents = 0n;
    let conv = 0;
    for (const r of rows.rows) {
      cents += BigInt(r.spend.replace('.', ''));
      conv += r.conversions;
    }
    const spend = `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
    const section = await oceanengineLocal.summary!(h.db.pool, day);
    const fig = Object.fromEntries(section.figures.map((f) => [f.label, f.value]));
    expect(fig['记录数']).toBe(String(rows.rowCount));
    expect(fig['总消耗']!.replace(/[¥,]/g, '')).toBe(spend);
    expect(fig['总转化']).toBe(String(conv));
    expect(fig['平均转化成本']!.replace(/[¥,]/g, '')).toBe(divideToDecimal(spend, conv));
    expect(section.trend?.points.map((p) => p.day)).toEqual(['2026-02-06', '2026-02-07', '2026-02-08', '2026-02-09', '2026-02-10', '2026-02-11', '2026-02-12']);
    expect(section.trend?.points.at(-1)?.value).toBeCloseTo(Number(spend), 2);
    const empty = await oceanengineLocal.summary!(h.db.pool, '2025-01-01');
    expect(empty.figures.find((f) => f.label === '平均转化成本')?.value).toBe('—');
  });
});

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/connectors/oceanengine-local/client.js';
import { toDailyRows } from '../../../src/connectors/oceanengine-local/daily-report.js';
import { decimalToCents, divideToDecimal, yuanToDecimal } from '../../../src/money.js';
import { parseJsonLossless } from '../../../src/engine/lossless-json.js';
import type { PromotionReportRecord } from '../../../src/connectors/oceanengine-local/client.js';
import { reportWindow } from '../../../src/connectors/oceanengine-local/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('巨量本地推 mapping of the recorded real promotion_list', () => {
  it('keeps 19-digit ids exact and maps money to exact 2-dp strings', async () => {
    const text = await readFile(path.join(here, '../../fixtures/oceanengine-local/promotion_list.real.json'), 'utf8');
    const rows = toDailyRows(parseJsonLossless(text) as PromotionReportRecord[], '1835880409219083');
    expect(rows.map((r) => [r.stat_date, r.unit_id, r.unit_name, r.project_id, r.spend, r.conversions, r.cost_per_conversion, r.group_buy_leads, r.show_cnt, r.click_cnt])).toEqual([
      ['2026-02-11', '7604686719380537359', '抗衰超声炮法令纹_02_09', '7604681945927499811', '118.36', 0, null, 0, 1338, 4],
      ['2026-02-11', '7604418424915820607', '热玛吉_02_08', '7604417730327199784', '700.00', 3, '233.33', 0, 5833, 45],
      ['2026-02-11', '7600351168191610923', '黄金微针私信_01_28', '7600349840568320041', '1073.98', 5, '214.80', 0, 13161, 67],
      ['2026-02-11', '7597368362046668852', '黄金微针私信_01_20', '7597366721171898383', '107.66', 0, null, 0, 2867, 8],
    ]);
    expect(rows.every((r) => r.account_id === '1835880409219083')).toBe(true);
    expect(rows[0]!.raw_data.promotion_id).toBe('7604686719380537359');
  });

  it('rejects an item without promotion_id or with a non-amount stat_cost (malformed)', () => {
    expect(() => toDailyRows([{ stat_time_day: '2026-02-11', stat_cost: 1 } as unknown as PromotionReportRecord], '1')).toThrow(
      expect.objectContaining({ kind: 'malformed' }),
    );
    expect(() => toDailyRows([{ promotion_id: '1', stat_time_day: '2026-02-11', stat_cost: 'lots' }], '1')).toThrow(expect.objectContaining({ kind: 'malformed' }));
    expect(() => toDailyRows([{ promotion_id: '1', stat_time_day: '2026-02-11', stat_cost: 1, convert_cnt: 1.5 }], '1')).toThrow(
      expect.objectContaining({ kind: 'malformed' }),
    );
  });
});

describe('exact money', () => {
  it('reads float 元 by their digits and rounds half-up', () => {
    expect(yuanToDecimal(118.36)).toBe('118.36');
    expect(yuanToDecimal(700.0)).toBe('700.00');
    expect(yuanToDecimal(0.1 + 0.2)).toBe('0.30'); // 0.30000000000000004
    expect(yuanToDecimal(1.005)).toBe('1.01'); // toFixed(2) would say 1.00
    expect(yuanToDecimal(1e-7)).toBe('0.00');
    expect(yuanToDecimal('12.345')).toBe('12.35');
    expect(() => yuanToDecimal(Number.NaN)).toThrow();
    expect(decimalToCents('-3.456')).toBe(-346n);
  });

  it('cost per conversion is spend / conversions to 2 dp, null without conversions', () => {
    expect(divideToDecimal('1073.98', 5)).toBe('214.80');
    expect(divideToDecimal('700.00', 3)).toBe('233.33');
    expect(divideToDecimal('0.05', 2)).toBe('0.03');
    expect(divideToDecimal('10.00', 0)).toBeNull();
  });
});

describe('classify (the one place responses are judged)', () => {
  it.each([
    [200, { code: 0, message: 'OK', data: {} }, 'ok'],
    [200, { code: 40100, message: 'Too many requests' }, 'rateLimited'],
    [429, undefined, 'rateLimited'],
    [200, { code: 40102, message: 'access_token 已过期' }, 'authExpired'],
    [200, { code: 40105, message: 'invalid' }, 'authExpired'],
    [502, undefined, 'retryable'],
    [200, { code: 50000, message: 'internal' }, 'retryable'],
    [200, { code: 40001, message: '参数错误' }, 'fatal'],
    [200, { message: 'no code' }, 'malformed'],
    [200, undefined, 'malformed'],
    [404, undefined, 'fatal'],
  ])('HTTP %i %j → %s', (status, body, kind) => {
    expect(classify(status, body).kind).toBe(kind);
  });
});

describe('schedule window', () => {
  it('covers the last N full Asia/Shanghai days ending yesterday', () => {
    // 2026-02-12 07:00 in Shanghai = 2026-02-11T23:00Z
    const w = reportWindow(new Date('2026-02-11T23:00:00Z'), 3);
    expect(w.from.toISOString()).toBe('2026-02-08T16:00:00.000Z'); // 2026-02-09 00:00 +08
    expect(w.to.toISOString()).toBe('2026-02-11T15:59:59.000Z'); // 2026-02-11 23:59:59 +08
  });
});

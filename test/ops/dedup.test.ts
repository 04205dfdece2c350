import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configFrom } from '../../src/config.js';
import { TongbuError } from '../../src/errors.js';
import { buildMappings } from '../../src/mirror/mapping.js';
import { dedupCheck, dedupCheckReport, dedupClean, dedupCleanReport, forceResync } from '../../src/ops/dedup.js';
import { APP_TOKEN, createHarness, rows, tally, TEST_MAPPING, type Harness } from '../mirror/harness.js';

const key = (r: { stat_date: string; account_id: string; unit_id: string }) => `${r.stat_date}|${r.account_id}|${r.unit_id}`;

describe('/dedup check, clean and --force', () => {
  let h: Harness;
  const day = rows(8, '2026-02-11');
  const otherDay = rows(3, '2026-02-12', 100);

  beforeEach(async () => {
    h = await createHarness();
    await h.upsert([...day, ...otherDay]);
    await h.writer().drainOnce();
  });
  afterEach(async () => {
    await h.close();
  });

  /** Seeded damage on 2026-02-11: a duplicate, a gap, a changed value, a stale record, a hand-made row. */
  function damage() {
    const table = h.bt.table(APP_TOKEN, '测试日报')!;
    const byKey = (k: string) => [...table.records.values()].find((r) => r.fields['记录键'] === k)!;
    // u000001 twice (an old script run wrote it again)
    h.bt.seed(APP_TOKEN, '测试日报', [{ ...byKey(key(day[1]!)).fields }]);
    // u000002 gone (deleted by hand)
    table.records.delete(byKey(key(day[2]!)).record_id);
    // u000003 edited by hand
    byKey(key(day[3]!)).fields['消耗(元)'] = 123456;
    // a record whose row no longer exists in PostgreSQL
    h.bt.seed(APP_TOKEN, '测试日报', [{ ...byKey(key(day[4]!)).fields, 记录键: '2026-02-11|1835880409219083|gone', 单元ID: 'gone' }]);
    // a row added by hand, without a record key: never touched
    h.bt.seed(APP_TOKEN, '测试日报', [{ 时间: Date.parse('2026-02-11T00:00:00+08:00'), 单元名称: '手工' }]);
  }

  it('reports a clean day as clean', async () => {
    const r = await dedupCheck(h.services, 'mirror_test_daily', '2026-02-11');
    expect(r).toMatchObject({ postgresRows: 8, bitableRecords: 8, clean: true, missing: { count: 0 }, duplicated: { count: 0 }, different: { count: 0 }, extra: { count: 0 } });
  });

  it('check finds missing, duplicated, different and extra records per key', async () => {
    damage();
    const r = await dedupCheck(h.services, '测试日报', '2026-02-11');
    expect(r.clean).toBe(false);
    expect(r.postgresRows).toBe(8);
    expect(r.bitableRecords).toBe(10);
    expect(r.missing).toEqual({ count: 1, keys: [key(day[2]!)] });
    expect(r.duplicated).toEqual({ count: 1, keys: [key(day[1]!)] });
    expect(r.different).toEqual({ count: 1, keys: [key(day[3]!)] });
    expect(r.extra).toEqual({ count: 1, keys: ['2026-02-11|1835880409219083|gone'] });
    expect(r.unkeyed).toBe(1);
  });

  it('clean deletes duplicates (keeping the mapped record) and stale records, and re-queues the rest', async () => {
    damage();
    const mappedId = (await h.db.pool.query('SELECT record_id FROM bitable_records WHERE record_key = $1', [key(day[1]!)])).rows[0].record_id;
    const r = await dedupClean(h.services, 'mirror_test_daily', '2026-02-11');
    expect(r).toMatchObject({ deletedDuplicates: 1, deletedExtra: 1, requeuedMissing: 1, requeuedDifferent: 1 });
    expect(h.records().filter((x) => x.key === key(day[1]!)).map((x) => x.record_id)).toEqual([mappedId]);

    await h.writer().drainOnce();
    const after = await dedupCheck(h.services, 'mirror_test_daily', '2026-02-11');
    expect(after).toMatchObject({ clean: true, postgresRows: 8, bitableRecords: 9, unkeyed: 1 });
    const keyed = h.records().filter((x) => x.key !== 'undefined');
    expect(tally(keyed)).toEqual({ distinct: 11, duplicated: [] });
    expect(h.records().find((x) => x.key === key(day[3]!))?.fields['消耗(元)']).toBe(Number(day[3]!.spend));
    // The other day was not touched.
    expect((await dedupCheck(h.services, 'mirror_test_daily', '2026-02-12')).clean).toBe(true);
  });

  it('renders check and clean as chat cards', async () => {
    damage();
    const check = await dedupCheckReport(h.services, { table: 'mirror_test_daily', date: '2026-02-11' });
    expect(check.ok).toBe(false);
    expect(check.title).toBe('测试日报 2026-02-11: needs /dedup clean');
    expect(check.lines).toContain(`duplicated: 1 (${key(day[1]!)})`);
    const clean = await dedupCleanReport(h.services, { table: 'mirror_test_daily', date: '2026-02-11' });
    expect(clean.lines[0]).toBe('Deleted 1 duplicates and 1 stale records; queued 1 missing and 1 different rows for the mirror writer.');
  });

  it('--force deletes the day in Bitable and writes it again, once', async () => {
    damage();
    const before = new Set(h.records().map((x) => x.record_id));
    const r = await forceResync(h.services, 'mirror_test_daily', '2026-02-11');
    expect(r).toMatchObject({ deleted: 10, queued: 8 });
    await h.writer().drainOnce();
    const dayRecs = h.records().filter((x) => x.key.startsWith('2026-02-11'));
    expect(tally(dayRecs)).toEqual({ distinct: 8, duplicated: [] });
    expect(dayRecs.every((x) => !before.has(x.record_id))).toBe(true);
    expect(h.records().filter((x) => x.key.startsWith('2026-02-12')).length).toBe(3);
    expect((await dedupCheck(h.services, 'mirror_test_daily', '2026-02-11')).clean).toBe(true);
  });

  it('refuses bad input with named errors', async () => {
    await expect(dedupCheck(h.services, 'no_such_table', '2026-02-11')).rejects.toMatchObject({ code: 'BITABLE_MAPPING_UNKNOWN' });
    await expect(dedupCheck(h.services, 'mirror_test_daily', '2026-02-30')).rejects.toMatchObject({ code: 'BITABLE_DATE_INVALID' });
    await expect(dedupCheck(h.services, 'mirror_test_daily', 'yesterday')).rejects.toBeInstanceOf(TongbuError);
    const off = { ...h.services, config: configFrom({}) };
    await expect(dedupCheck(off, 'mirror_test_daily', '2026-02-11')).rejects.toMatchObject({ code: 'BITABLE_OFF', message: expect.stringMatching(/BITABLE_APP_TOKEN is not set/) });
    const noDate = buildMappings([], [{ ...TEST_MAPPING, dateColumn: undefined, dateField: undefined }]);
    await expect(dedupCheck({ ...h.services, bitable: { ...h.services.bitable!, mappings: noDate } }, 'mirror_test_daily', '2026-02-11')).rejects.toMatchObject({ code: 'BITABLE_NO_DATE' });
  });
});

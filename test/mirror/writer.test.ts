import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configFrom } from '../../src/config.js';
import { inTransaction } from '../../src/db/pool.js';
import { createMirrorHook } from '../../src/mirror/outbox.js';
import { getMirrorStatus } from '../../src/mirror/status.js';
import { SimulatedCrash } from '../../src/mirror/writer.js';
import { createNotifications } from '../../src/notify/create-notifier.js';
import { APP_TOKEN, createHarness, rows, tally, type Harness } from './harness.js';

const outboxCount = async (h: Harness) => (await h.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM bitable_outbox')).rows[0]?.n;

describe('Bitable mirror writer', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('creates the table and its fields, then mirrors each row once with converted values', async () => {
    await h.upsert(rows(3));
    const report = await h.writer().drainOnce();
    expect(report.created).toBe(3);
    const table = h.bt.table(APP_TOKEN, '测试日报');
    expect(table?.fields.map((f) => [f.field_name, f.type])).toEqual([
      ['时间', 5],
      ['单元ID', 1],
      ['单元名称', 1],
      ['消耗(元)', 2],
      ['转化数', 2],
      ['状态', 3],
      ['链接', 15],
      ['记录键', 1],
    ]);
    const recs = h.records().sort((a, b) => a.key.localeCompare(b.key));
    expect(recs.map((r) => r.key)).toEqual(['2026-02-11|1835880409219083|u000000', '2026-02-11|1835880409219083|u000001', '2026-02-11|1835880409219083|u000002']);
    expect(recs[1]?.fields).toEqual({
      时间: Date.parse('2026-02-11T00:00:00+08:00'),
      单元ID: 'u000001',
      单元名称: '单元 1',
      '消耗(元)': 1.01,
      转化数: 1,
      状态: '投放中',
      链接: { text: 'https://example.com/u/1', link: 'https://example.com/u/1' },
      记录键: '2026-02-11|1835880409219083|u000001',
    });
    expect(recs[0]?.fields['链接']).toBeNull();
    expect(await outboxCount(h)).toBe(0);
    const mapped = await h.db.pool.query('SELECT record_key, record_id FROM bitable_records ORDER BY record_key');
    expect(mapped.rows.map((r) => r.record_id)).toEqual(recs.map((r) => r.record_id));
  });

  it('updates the mapped record when a row changes, and spends no call on unchanged rows', async () => {
    const w = h.writer();
    const list = rows(4);
    await h.upsert(list);
    await w.drainOnce();
    const before = h.records();
    const callsBefore = h.calls.length;

    // Unchanged rows re-upserted (the loader reports them): no API call at all.
    await h.upsert(list);
    const quiet = await w.drainOnce();
    expect(quiet.unchanged).toBe(4);
    expect(h.calls.length).toBe(callsBefore);

    // Two changes of one row before the writer runs coalesce into one update of the latest state.
    await h.upsert([{ ...list[2]!, spend: '55.50' }]);
    await h.upsert([{ ...list[2]!, spend: '66.60', unit_name: '改名' }]);
    const r = await w.drainOnce();
    expect(r).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect(h.calls.slice(callsBefore)).toEqual(['bitable.batch_update']);
    const after = h.records();
    expect(after.length).toBe(4);
    expect(after.map((x) => x.record_id).sort()).toEqual(before.map((x) => x.record_id).sort());
    const changed = after.find((x) => x.key.endsWith('u000002'));
    expect(changed?.fields['消耗(元)']).toBe(66.6);
    expect(changed?.fields['单元名称']).toBe('改名');
  });

  it('deletes the record of a row removed from PostgreSQL', async () => {
    const w = h.writer();
    const list = rows(3);
    await h.upsert(list);
    await w.drainOnce();
    await h.remove([list[0]!]);
    const r = await w.drainOnce();
    expect(r.deleted).toBe(1);
    expect(h.records().map((x) => x.key).sort()).toEqual([list[1], list[2]].map((x) => `${x!.stat_date}|${x!.account_id}|${x!.unit_id}`));
    expect((await h.db.pool.query('SELECT count(*)::int AS n FROM bitable_records')).rows[0].n).toBe(2);
  });

  it('writes every row exactly once through a 429 storm and write conflicts', async () => {
    h.emu.faults.push({ match: /batch_create/, times: 3, kind: 'rateLimit', resetSeconds: 0 });
    h.emu.faults.push({ match: /batch_create/, times: 2, kind: { code: 1254291, msg: 'Write conflict' } });
    h.emu.faults.push({ match: /batch_create/, times: 1, kind: { code: 1254607, msg: 'Data not ready' } });
    h.emu.faults.push({ match: /batch_create/, times: 1, kind: { code: 1255040, msg: 'timeout', httpStatus: 504 } });
    await h.upsert(rows(1200));
    const r = await h.writer({ batchSize: 500, api: { maxAttempts: 10 } }).drainOnce();
    expect(r.failed).toBe(0);
    const t = tally(h.records());
    expect(t.distinct).toBe(1200);
    expect(t.duplicated).toEqual([]);
    expect(h.records().length).toBe(1200);
    const creates = h.emu.requests.filter((q) => q.path.endsWith('/batch_create'));
    expect(creates.filter((q) => q.status === 429).length).toBe(3);
    // The two injected, and any real overlap of calls in flight (answered 1254291 and retried).
    expect(creates.filter((q) => q.code === 1254291).length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...creates.map((q) => ((q.body as { records: unknown[] }).records.length)))).toBeLessThanOrEqual(500);
    expect(await outboxCount(h)).toBe(0);
  });

  it('keeps rows queued when retries run out, then writes them once on a later pass', async () => {
    h.emu.faults.push({ match: /batch_create/, times: 10, kind: 'rateLimit', resetSeconds: 0 });
    await h.upsert(rows(10));
    const w = h.writer({ api: { maxAttempts: 3 } });
    const first = await w.drainOnce();
    expect(first.failed).toBe(10);
    expect(h.records().length).toBe(0);
    expect(await outboxCount(h)).toBe(10);
    // Faults left: 7; three passes of three attempts get through.
    for (let i = 0; i < 3; i++) await w.drainOnce();
    expect(tally(h.records())).toEqual({ distinct: 10, duplicated: [] });
    expect(h.records().length).toBe(10);
  });

  for (const at of ['beforeCall', 'afterCall', 'afterSave'] as const) {
    it(`ends with every row in Bitable exactly once after a crash ${at} of a create batch`, async () => {
      await h.upsert(rows(1100));
      const crashing = h.writer({ batchSize: 500, crash: { at, onBatch: 2 } });
      await expect(crashing.drainOnce()).rejects.toBeInstanceOf(SimulatedCrash);
      // Calls run several at once: the crash stops the others in flight at their next point too,
      // so the batches before and after the crashing one may or may not have been created.
      const createdBeforeRestart = h.records().length;
      if (at === 'beforeCall') expect(createdBeforeRestart).toBeLessThan(1100);
      else expect(createdBeforeRestart).toBeGreaterThanOrEqual(100);
      // Restart: a fresh writer with a fresh SDK client.
      const r = await h.writer({ batchSize: 500 }).drainOnce();
      // The batch whose call may have happened is replayed with its client_token (and a batch
      // saved ahead of its call may be replayed too).
      if (at !== 'afterSave') expect(r.replayed).toBeGreaterThanOrEqual(1);
      if (at === 'afterCall') {
        const tokens = h.emu.requests.filter((q) => q.path.endsWith('/batch_create')).map((q) => String(q.query.client_token));
        // The crashing batch was sent twice with one token, and created once (the tally below).
        expect(tokens.some((t) => tokens.filter((x) => x === t).length === 2)).toBe(true);
      }
      expect(h.records().length).toBe(1100);
      expect(tally(h.records())).toEqual({ distinct: 1100, duplicated: [] });
      expect(await outboxCount(h)).toBe(0);
      expect((await h.db.pool.query('SELECT count(*)::int AS n FROM bitable_batches')).rows[0].n).toBe(0);
      const mapped = await h.db.pool.query<{ record_id: string }>('SELECT record_id FROM bitable_records');
      expect(new Set(mapped.rows.map((x) => x.record_id))).toEqual(new Set(h.records().map((x) => x.record_id)));
    });
  }

  it('ends right after a crash between an update call and saving it', async () => {
    const list = rows(5);
    await h.upsert(list);
    await h.writer().drainOnce();
    await h.upsert(list.map((r) => ({ ...r, conversions: 99 })));
    await expect(h.writer({ crash: { at: 'afterCall', onBatch: 1 } }).drainOnce()).rejects.toBeInstanceOf(SimulatedCrash);
    const r = await h.writer().drainOnce();
    expect(r.updated).toBe(5);
    expect(h.records().length).toBe(5);
    expect(h.records().every((x) => x.fields['转化数'] === 99)).toBe(true);
    expect(await outboxCount(h)).toBe(0);
  });

  it('parks new rows with ONE clear alert when the table is full (1254103), without looping', async () => {
    await h.upsert(rows(3));
    const w = h.writer();
    await w.drainOnce();
    h.bt.options.rowLimit = 5;
    await h.upsert(rows(10, '2026-02-12'));
    const r = await w.drainOnce();
    expect(r.parked).toBe(10);
    expect(h.records().length).toBe(3);
    const full = h.alerts.filter((a) => a.key === 'bitable-table-full:mirror_test_daily');
    expect(full).toHaveLength(1);
    expect(full[0]?.message).toMatch(/测试日报 is full/);
    expect(full[0]?.message).toMatch(/10 new rows are waiting/);
    expect(full[0]?.action).toMatch(/Archive or delete old records/);
    const callsAfter = h.calls.length;
    await w.drainOnce();
    await w.drainOnce();
    expect(h.calls.length).toBe(callsAfter);
    expect(h.alerts.filter((a) => a.key.startsWith('bitable-table-full'))).toHaveLength(1);
    const status = await getMirrorStatus(h.services);
    expect(status.tables.find((t) => t.mapping === 'mirror_test_daily')).toMatchObject({ pending: 10, parked: 10, recordsMapped: 3 });

    // Room again and the park time over: the rows go in, and the alert recovers.
    h.bt.options.rowLimit = 20_000;
    await h.db.pool.query('UPDATE bitable_outbox SET next_attempt_at = now()');
    await w.drainOnce();
    expect(h.records().length).toBe(13);
    expect(h.recovered).toContain('bitable-table-full:mirror_test_daily');
  });

  it('stops calling when the monthly API quota is used up (99991403): one alert, rows kept, resumes on the 1st', async () => {
    // The real notifier, so the alert is recorded where /status reads it.
    let clock = new Date('2026-11-22T04:00:00Z');
    h.services.notifier = createNotifications({ config: h.services.config, log: h.services.log, pool: h.db.pool, now: () => clock }).notifier;
    const w = h.writer({ now: () => clock });
    await h.upsert(rows(3));
    expect((await w.drainOnce()).created).toBe(3);

    h.emu.faults.push({ match: /batch_create/, times: 1, kind: { code: 99991403, msg: "This month's API call quota has been exceeded", httpStatus: 400 } });
    await h.upsert(rows(4, '2026-02-12'));
    const hit = await w.drainOnce();
    expect(hit.created).toBe(0);
    expect(hit.pausedUntil?.toISOString()).toBe('2026-11-30T16:00:00.000Z'); // 2026-12-01 00:00 Asia/Shanghai
    const alert = (await h.db.pool.query(`SELECT title, message, count FROM notify_alerts WHERE key = 'feishu-quota' AND resolved_at IS NULL`)).rows;
    expect(alert).toHaveLength(1);
    expect(alert[0].title).toBe('Feishu API quota used up');
    expect(alert[0].message).toContain("This month's Feishu API call quota is used up (99991403");
    expect(alert[0].message).toContain('no calls until 2026-12-01 00:00');
    const status = await getMirrorStatus(h.services);
    expect(status.state).toBe("paused until 2026-12-01 00:00: this month's Feishu API quota is used up");

    // Paused: later passes make no call at all, and nothing is lost.
    const callsPaused = h.calls.length;
    clock = new Date('2026-11-30T15:59:00Z');
    for (let i = 0; i < 3; i++) expect((await w.drainOnce()).pausedUntil).toBeDefined();
    expect(h.calls.length).toBe(callsPaused);
    expect((await h.db.pool.query(`SELECT count FROM notify_alerts WHERE key = 'feishu-quota'`)).rows[0].count).toBe(1);
    expect(h.records()).toHaveLength(3);
    expect(await outboxCount(h)).toBe(4);

    // The month turns: the queued rows go in once each, and the alert recovers.
    clock = new Date('2026-11-30T16:00:01Z');
    const after = await w.drainOnce();
    expect(after.pausedUntil).toBeUndefined();
    // The batch saved before the refused call goes with its own client_token.
    expect(after).toMatchObject({ replayed: 1, created: 0 });
    expect(tally(h.records())).toEqual({ distinct: 7, duplicated: [] });
    expect(await outboxCount(h)).toBe(0);
    expect((await h.db.pool.query(`SELECT count(*)::int AS n FROM notify_alerts WHERE key = 'feishu-quota' AND resolved_at IS NULL`)).rows[0].n).toBe(0);
    expect((await getMirrorStatus(h.services)).state).toBe('on');
  });

  it('alerts once when an entry keeps failing', async () => {
    h.emu.faults.push({ match: /batch_create/, times: 100, kind: { code: 1254045, msg: 'FieldNameNotFound' } });
    await h.upsert(rows(2));
    const w = h.writer({ alertAfterAttempts: 3 });
    for (let i = 0; i < 2; i++) await w.drainOnce();
    expect(h.alerts).toHaveLength(0);
    for (let i = 0; i < 3; i++) await w.drainOnce();
    const failing = h.alerts.filter((a) => a.key === 'bitable-failing:mirror_test_daily');
    expect(failing).toHaveLength(1);
    expect(failing[0]?.message).toMatch(/2 rows failed 3 times/);
    expect(failing[0]?.message).toMatch(/1254045/);
    h.emu.faults.length = 0;
    await w.drainOnce();
    expect(h.records().length).toBe(2);
    expect(h.recovered).toContain('bitable-failing:mirror_test_daily');
  });

  it('lets one writer per base write: two replicas draining at once never overlap', async () => {
    await h.upsert(rows(1500));
    const [a, b] = await Promise.all([h.writer().drainOnce(), h.writer().drainOnce()]);
    expect(a.locked || b.locked).toBe(true);
    for (let i = 0; i < 3; i++) await h.writer().drainOnce();
    expect(h.bt.conflicts).toBe(0);
    expect(tally(h.records())).toEqual({ distinct: 1500, duplicated: [] });
    expect(h.records().length).toBe(1500);
  });

  it('stops a mapping with a clear alert when a field exists with another type', async () => {
    const base = h.bt.bases.get(APP_TOKEN)!;
    base.tables.set('tblExisting00001', {
      table_id: 'tblExisting00001',
      name: '测试日报',
      fields: [{ field_id: 'fld1', field_name: '消耗(元)', type: 1, property: null, is_primary: true }],
      records: new Map(),
    });
    await h.upsert(rows(2));
    const r = await h.writer().drainOnce();
    expect(r.skipped[0]?.reason).toMatch(/"消耗\(元\)" in table 测试日报 is a text field; the mapping writes number/);
    expect(h.alerts[0]?.action).toMatch(/Rename or delete that field/);
    expect(await outboxCount(h)).toBe(2);
  });

  it('adds missing fields to an existing table', async () => {
    const base = h.bt.bases.get(APP_TOKEN)!;
    base.tables.set('tblExisting00002', {
      table_id: 'tblExisting00002',
      name: '测试日报',
      fields: [{ field_id: 'fld1', field_name: '时间', type: 5, property: null, is_primary: true }],
      records: new Map(),
    });
    await h.upsert(rows(1));
    await h.writer().drainOnce();
    expect(h.bt.table(APP_TOKEN, '测试日报')?.fields.map((f) => f.field_name)).toEqual(['时间', '单元ID', '单元名称', '消耗(元)', '转化数', '状态', '链接', '记录键']);
    expect(h.records().length).toBe(1);
  });

  it('finds or creates the table again when it was deleted in Bitable', async () => {
    const w = h.writer();
    await h.upsert(rows(2));
    await w.drainOnce();
    const base = h.bt.bases.get(APP_TOKEN)!;
    base.tables.delete(h.bt.table(APP_TOKEN, '测试日报')!.table_id);
    await h.upsert(rows(3, '2026-02-13'));
    const failed = await w.drainOnce();
    expect(failed.failed).toBe(3);
    await w.drainOnce();
    expect(h.records().map((x) => x.key.slice(0, 10))).toEqual(['2026-02-13', '2026-02-13', '2026-02-13']);
    expect(await outboxCount(h)).toBe(0);
  });

  it('queues nothing and says so in status when no base is configured', async () => {
    const config = configFrom({});
    const hook = createMirrorHook(config, h.mappings);
    await inTransaction(h.db.pool, (c) => hook.afterWrite(c, { table: 'mirror_test_daily', keys: [{ stat_date: '2026-02-11', account_id: 'a', unit_id: 'u' }] }));
    expect(await outboxCount(h)).toBe(0);
    const status = await getMirrorStatus({ ...h.services, config });
    expect(status.enabled).toBe(false);
    expect(status.state).toBe('off: BITABLE_APP_TOKEN not set');
  });

  it('drains in the background while there is work, and stops cleanly', async () => {
    const w = h.writer({ loop: true, pollMs: 50 });
    await h.upsert(rows(700));
    for (let i = 0; i < 400 && h.records().length < 700; i++) await new Promise((r) => setTimeout(r, 25));
    await h.upsert([{ ...rows(1)[0]!, unit_name: '后来改的' }]);
    for (let i = 0; i < 400 && h.records().find((x) => x.key.endsWith('u000000'))?.fields['单元名称'] !== '后来改的'; i++) await new Promise((r) => setTimeout(r, 25));
    await w.stop();
    expect(tally(h.records())).toEqual({ distinct: 700, duplicated: [] });
    expect(h.records().find((x) => x.key.endsWith('u000000'))?.fields['单元名称']).toBe('后来改的');
    expect(await outboxCount(h)).toBe(0);
  });

  it('reports calls and backlog in status', async () => {
    await h.upsert(rows(3));
    const before = await getMirrorStatus(h.services);
    expect(before.state).toBe('on');
    expect(before.tables.find((t) => t.mapping === 'mirror_test_daily')?.pending).toBe(3);
    const w = h.writer({ countCall: (k) => h.services.metrics.feishuCalls.inc({ kind: k }) });
    await w.drainOnce();
    const after = await getMirrorStatus(h.services);
    expect(after.calls.byKind['bitable.batch_create']).toBe(1);
    expect(after.calls.total).toBe(w.api.calls);
    expect(after.tables.find((t) => t.mapping === 'mirror_test_daily')).toMatchObject({ pending: 0, recordsMapped: 3 });
    expect(after.tables.find((t) => t.mapping === 'mirror_test_daily')?.lastWrite).toBeInstanceOf(Date);
  });
});

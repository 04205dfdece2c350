// The mirror behind the engine's real loader, with the built-in 巨量本地推 mapping (the table is
// created here as migration 006 declares it, so this test does not depend on that branch).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configFrom } from '../../src/config.js';
import { inTransaction } from '../../src/db/pool.js';
import { replaceSlice, upsertRows } from '../../src/engine/loader.js';
import type { ColumnSpec } from '../../src/engine/types.js';
import { CONNECTORS } from '../../src/connectors/index.js';
import { builtinMappings, buildMappings } from '../../src/mirror/mapping.js';
import { createMirrorHook } from '../../src/mirror/outbox.js';
import { createForceResyncHook, mirrorStatusSection } from '../../src/mirror/wiring.js';
import { APP_TOKEN, createHarness, type Harness } from './harness.js';

const columns: ColumnSpec[] = [
  { name: 'stat_date', type: 'date' },
  { name: 'account_id', type: 'text' },
  { name: 'unit_id', type: 'text' },
  { name: 'unit_name', type: 'text' },
  { name: 'spend', type: 'numeric' },
  { name: 'conversions', type: 'integer' },
  { name: 'cost_per_conversion', type: 'numeric' },
  { name: 'group_buy_leads', type: 'integer' },
  { name: 'raw_data', type: 'jsonb' },
];
const target = { table: 'oceanengine_local_daily', primaryKey: ['stat_date', 'account_id', 'unit_id'], columns, replaceBy: { account: 'account_id', day: 'stat_date' } };

const report = (day: string, units: [string, string, number][]) =>
  units.map(([unit, spend, conv]) => ({
    stat_date: day,
    account_id: '1835880409219083',
    unit_id: unit,
    unit_name: `单元${unit}`,
    spend,
    conversions: conv,
    cost_per_conversion: conv ? (Number(spend) / conv).toFixed(2) : null,
    group_buy_leads: 1,
    raw_data: { unit },
  }));

describe('mirror hook inside the engine loader (巨量本地推 built-in mapping)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
    await h.db.pool.query(`CREATE TABLE IF NOT EXISTS oceanengine_local_daily (
      stat_date date NOT NULL, account_id text NOT NULL, unit_id text NOT NULL, unit_name text,
      spend numeric(14,2) NOT NULL DEFAULT 0, conversions integer NOT NULL DEFAULT 0, cost_per_conversion numeric(14,2),
      group_buy_leads integer NOT NULL DEFAULT 0, raw_data jsonb NOT NULL DEFAULT '{}', synced_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (stat_date, account_id, unit_id))`);
  });
  afterEach(async () => {
    await h.close();
  });

  it('queues exactly the inserted, changed and deleted rows, in the upsert transaction', async () => {
    const mappings = buildMappings(builtinMappings(CONNECTORS));
    const hook = createMirrorHook(h.services.config, mappings);
    const w = h.writer({ mappings });
    await inTransaction(h.db.pool, (c) => replaceSlice(c, target, { account: '1835880409219083', day: '2026-02-11' }, report('2026-02-11', [['7001', '120.50', 3], ['7002', '80.00', 0], ['7003', '10.00', 1]]), hook));
    // Rolled back: nothing queued.
    await expect(
      inTransaction(h.db.pool, async (c) => {
        await upsertRows(c, target, report('2026-02-11', [['7009', '1.00', 1]]), hook);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await h.db.pool.query('SELECT record_key FROM bitable_outbox ORDER BY record_key')).rows.map((r) => r.record_key)).toEqual([
      '2026-02-11|1835880409219083|7001',
      '2026-02-11|1835880409219083|7002',
      '2026-02-11|1835880409219083|7003',
    ]);
    await w.drainOnce();
    const recs = h.bt.records(APP_TOKEN, '巨量本地推日报');
    expect(recs.length).toBe(3);
    const r1 = recs.find((r) => r.fields['单元ID'] === '7001');
    expect(r1?.fields).toEqual({
      时间: Date.parse('2026-02-11T00:00:00+08:00'),
      单元ID: '7001',
      单元名称: '单元7001',
      '消耗(元)': 120.5,
      转化数: 3,
      '转化成本(元)': 40.17,
      团购线索数: 1,
      记录键: '2026-02-11|1835880409219083|7001',
    });
    expect(recs.find((r) => r.fields['单元ID'] === '7002')?.fields['转化成本(元)']).toBeNull();

    // The platform revises the day: 7001 changes, 7002 same, 7003 gone.
    const calls = h.calls.length;
    await inTransaction(h.db.pool, (c) => replaceSlice(c, target, { account: '1835880409219083', day: '2026-02-11' }, report('2026-02-11', [['7001', '130.00', 3], ['7002', '80.00', 0]]), hook));
    expect((await h.db.pool.query('SELECT count(*)::int AS n FROM bitable_outbox')).rows[0].n).toBe(2);
    await w.drainOnce();
    expect(h.calls.slice(calls).sort()).toEqual(['bitable.batch_delete', 'bitable.batch_update']);
    const after = h.bt.records(APP_TOKEN, '巨量本地推日报');
    expect(after.map((r) => r.fields['单元ID']).sort()).toEqual(['7001', '7002']);
    expect(after.find((r) => r.fields['单元ID'] === '7001')?.fields['消耗(元)']).toBe(130);
  });

  it('re-sends the days of a forced sync window and shows the mirror in /status', async () => {
    const mappings = buildMappings(builtinMappings(CONNECTORS));
    h.services.bitable = { ...h.services.bitable!, mappings };
    const hook = createMirrorHook(h.services.config, mappings);
    const w = h.writer({ mappings });
    for (const day of ['2026-02-10', '2026-02-11', '2026-02-12']) {
      await inTransaction(h.db.pool, (c) => upsertRows(c, target, report(day, [['7001', '1.00', 1], ['7002', '2.00', 1]]), hook));
    }
    await w.drainOnce();
    const before = new Set(h.bt.records(APP_TOKEN, '巨量本地推日报').map((r) => r.record_id));
    const force = createForceResyncHook(h.services);
    await force('oceanengine-local', { from: new Date('2026-02-10T16:00:00Z'), to: new Date('2026-02-12T15:59:59Z') });
    await w.drainOnce();
    const recs = h.bt.records(APP_TOKEN, '巨量本地推日报');
    expect(recs.length).toBe(6);
    const renewed = recs.filter((r) => !before.has(r.record_id)).map((r) => String(r.fields['记录键']).slice(0, 10));
    expect(renewed.sort()).toEqual(['2026-02-11', '2026-02-11', '2026-02-12', '2026-02-12']);
    // Unknown connector or no mapping: nothing happens.
    await force('xiaoe', { from: new Date('2026-02-10T16:00:00Z'), to: new Date('2026-02-11T15:59:59Z') });

    const section = await mirrorStatusSection(h.services);
    expect(section?.title).toBe('Bitable mirror');
    expect(section?.lines[0]).toBe('state: on');
    expect(section?.lines.some((l) => l.startsWith('巨量本地推日报 ← oceanengine_local_daily: 6 records, 0 waiting'))).toBe(true);
    const off = await mirrorStatusSection({ ...h.services, config: configFrom({}) });
    expect(off?.lines[0]).toBe('state: off: BITABLE_APP_TOKEN not set');
  });
});

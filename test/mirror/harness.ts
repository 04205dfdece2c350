// Shared by the Bitable tests: a real database with a test report table, the Feishu emulator
// with the Bitable plugin, the real SDK pointed at it, and a loader stand-in that upserts rows
// and calls the mirror's write hook inside the same transaction (as the engine's loader does).
import * as lark from '@larksuiteoapi/node-sdk';
import { configFrom } from '../../src/config.js';
import { inTransaction } from '../../src/db/pool.js';
import { buildMappings, type BitableMapping, type MappingInput } from '../../src/mirror/mapping.js';
import { createMirrorHook } from '../../src/mirror/outbox.js';
import { startMirrorWriter, type MirrorWriterOptions } from '../../src/mirror/writer.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import type { AlertInput, Notifier } from '../../src/notifier.js';
import { registerBitableEmulator, type BitableEmulator, type BitableEmulatorOptions } from '../../src/sandbox/feishu/bitable.js';
import { createFeishuEmulator, type FeishuEmulator } from '../../src/sandbox/feishu/emulator.js';
import type { Services } from '../../src/services.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

export const APP_TOKEN = 'bascnTongbuTestBase0001';

export const TEST_MAPPING: MappingInput = {
  name: 'mirror_test_daily',
  source: 'mirror_test_daily',
  table: '测试日报',
  key: ['stat_date', 'account_id', 'unit_id'],
  dateColumn: 'stat_date',
  dateField: '时间',
  fields: [
    { column: 'stat_date', field: '时间', type: 'date' },
    { column: 'unit_id', field: '单元ID', type: 'text' },
    { column: 'unit_name', field: '单元名称', type: 'text' },
    { column: 'spend', field: '消耗(元)', type: 'number' },
    { column: 'conversions', field: '转化数', type: 'number' },
    { column: 'status', field: '状态', type: 'singleSelect' },
    { column: 'link', field: '链接', type: 'url' },
  ],
};

export interface TestRow {
  stat_date: string;
  account_id: string;
  unit_id: string;
  unit_name: string;
  spend: string;
  conversions: number;
  status?: string;
  link?: string | null;
}

export interface Harness {
  db: TestDatabase;
  emu: FeishuEmulator;
  bt: BitableEmulator;
  services: Services;
  mappings: BitableMapping[];
  mapping: BitableMapping;
  alerts: AlertInput[];
  recovered: string[];
  calls: string[];
  client(): lark.Client;
  writer(opts?: MirrorWriterOptions): ReturnType<typeof startMirrorWriter>;
  upsert(rows: TestRow[]): Promise<void>;
  remove(keys: Pick<TestRow, 'stat_date' | 'account_id' | 'unit_id'>[]): Promise<void>;
  /** Test records in the emulator (by record key). */
  records(): { record_id: string; key: string; fields: Record<string, unknown> }[];
  close(): Promise<void>;
}

export function rows(n: number, day = '2026-02-11', from = 0): TestRow[] {
  return Array.from({ length: n }, (_, i) => ({
    stat_date: day,
    account_id: '1835880409219083',
    unit_id: `u${String(i + from).padStart(6, '0')}`,
    unit_name: `单元 ${i + from}`,
    spend: `${(i + from) % 1000}.${String((i + from) % 100).padStart(2, '0')}`,
    conversions: (i + from) % 17,
    status: (i + from) % 2 ? '投放中' : '暂停',
    link: (i + from) % 3 ? `https://example.com/u/${i + from}` : null,
  }));
}

export async function createHarness(opts: { emulator?: BitableEmulatorOptions; config?: Record<string, string | number> } = {}): Promise<Harness> {
  const db = await createTestDatabase();
  await db.pool.query(`CREATE TABLE mirror_test_daily (
    stat_date date NOT NULL, account_id text NOT NULL, unit_id text NOT NULL, unit_name text,
    spend numeric(14,2), conversions integer, status text, link text,
    PRIMARY KEY (stat_date, account_id, unit_id))`);
  const emu = createFeishuEmulator({ appId: `cli_${Math.random().toString(16).slice(2, 18).padEnd(16, '0')}` });
  const bt = registerBitableEmulator(emu, { apps: [APP_TOKEN], ...opts.emulator });
  await emu.listen();
  const config = configFrom({ BITABLE_APP_TOKEN: APP_TOKEN, ...opts.config });
  // Only the test mapping: the built-in ones point at connector tables this database may not have.
  const mappings = buildMappings([], [TEST_MAPPING]);
  const mapping = mappings.find((m) => m.name === 'mirror_test_daily') as BitableMapping;
  const alerts: AlertInput[] = [];
  const recovered: string[] = [];
  const calls: string[] = [];
  const notifier: Notifier = {
    async alert(a) {
      alerts.push(a);
    },
    async recover(key) {
      recovered.push(key);
    },
  };
  const client = () =>
    new lark.Client({
      appId: emu.appId,
      appSecret: emu.appSecret,
      domain: emu.baseUrl,
      cache: (() => {
        const m = new Map<unknown, unknown>();
        return { get: async (k: unknown) => m.get(k), set: async (k: unknown, v: unknown) => void m.set(k, v) } as never;
      })(),
      loggerLevel: lark.LoggerLevel.fatal,
    });
  const services: Services = { config, log: createLogger('silent', { pretty: false }), pool: db.pool, metrics: createMetrics(), notifier };
  services.bitable = { client: client(), mappings, countCall: (k) => calls.push(k), api: { retryBaseMs: 5, maxBackoffMs: 50 } };
  const hook = createMirrorHook(config, mappings);
  const writers: ReturnType<typeof startMirrorWriter>[] = [];

  return {
    db,
    emu,
    bt,
    services,
    mappings,
    mapping,
    alerts,
    recovered,
    calls,
    client,
    writer(o = {}) {
      const w = startMirrorWriter(services, client(), {
        mappings,
        countCall: (k) => calls.push(k),
        loop: false,
        failureBackoffMs: 0,
        ...o,
        api: { retryBaseMs: 5, maxBackoffMs: 50, ...o.api },
      });
      writers.push(w);
      return w;
    },
    async upsert(list) {
      await inTransaction(db.pool, async (c) => {
        for (const r of list) {
          await c.query(
            `INSERT INTO mirror_test_daily (stat_date, account_id, unit_id, unit_name, spend, conversions, status, link)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
             ON CONFLICT (stat_date, account_id, unit_id) DO UPDATE SET unit_name = EXCLUDED.unit_name, spend = EXCLUDED.spend,
               conversions = EXCLUDED.conversions, status = EXCLUDED.status, link = EXCLUDED.link`,
            [r.stat_date, r.account_id, r.unit_id, r.unit_name, r.spend, r.conversions, r.status ?? null, r.link ?? null],
          );
        }
        await hook.afterWrite(c, { table: 'mirror_test_daily', keys: list.map((r) => ({ stat_date: r.stat_date, account_id: r.account_id, unit_id: r.unit_id })) });
      });
    },
    async remove(keys) {
      await inTransaction(db.pool, async (c) => {
        for (const k of keys) await c.query('DELETE FROM mirror_test_daily WHERE stat_date = $1 AND account_id = $2 AND unit_id = $3', [k.stat_date, k.account_id, k.unit_id]);
        await hook.afterWrite(c, { table: 'mirror_test_daily', keys });
      });
    },
    records() {
      return bt.records(APP_TOKEN, '测试日报').map((r) => ({ record_id: r.record_id, key: String(r.fields['记录键']), fields: r.fields }));
    },
    async close() {
      for (const w of writers) await w.stop();
      await emu.close();
      await db.drop();
    },
  };
}

/** Keys that appear more than once, and the number of distinct keys. */
export function tally(records: { key: string }[]) {
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.key, (counts.get(r.key) ?? 0) + 1);
  return { distinct: counts.size, duplicated: [...counts].filter(([, n]) => n > 1).map(([k]) => k) };
}

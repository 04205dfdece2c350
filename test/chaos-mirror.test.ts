// Chaos: a Bitable mirror pass of a few thousand rows, written by the running service (two
// replicas, child processes) through the official SDK to the Feishu emulator's Bitable. During
// the pass the services' database connections are terminated (pg_terminate_backend), which
// silently releases the base's advisory lock: the other replica may take the base over while
// the first one still has calls planned. Later one replica is killed with SIGKILL and started
// again. Afterwards every row is in the Bitable table exactly once with the right values, and
// the outbox is drained. Two seeds.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configFrom } from '../src/config.js';
import { buildMappings, type BitableMapping } from '../src/mirror/mapping.js';
import { enqueueWhere } from '../src/mirror/outbox.js';
import { registerBitableEmulator, type BitableEmulator } from '../src/sandbox/feishu/bitable.js';
import { createFeishuEmulator, type FeishuEmulator } from '../src/sandbox/feishu/emulator.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { CRASH_PATTERN, random, startService, terminateServiceConnections, until as untilOr, type ServiceProcess } from './helpers/service-process.js';
import { APP_TOKEN, rows, TEST_MAPPING, tally } from './mirror/harness.js';

const N = 2400;

describe('chaos: a Bitable mirror pass survives lost database connections and SIGKILL', () => {
  let db: TestDatabase | undefined;
  let emu: FeishuEmulator | undefined;
  const services: ServiceProcess[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const s of services.splice(0)) await s.kill();
    await emu?.close();
    await db?.drop();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  for (const seed of [1, 2]) {
    it(`seed ${seed}: terminated connections, then SIGKILL; every row once, outbox drained`, async () => {
      const rnd = random(seed);
      db = await createTestDatabase();
      const pool = db.pool;
      await pool.query(`CREATE TABLE mirror_test_daily (
        stat_date date NOT NULL, account_id text NOT NULL, unit_id text NOT NULL, unit_name text,
        spend numeric(14,2), conversions integer, status text, link text,
        PRIMARY KEY (stat_date, account_id, unit_id))`);
      const list = rows(N);
      await pool.query(
        `INSERT INTO mirror_test_daily SELECT * FROM jsonb_to_recordset($1::jsonb)
           AS r(stat_date date, account_id text, unit_id text, unit_name text, spend numeric, conversions integer, status text, link text)`,
        [JSON.stringify(list)],
      );
      const mapping = buildMappings([], [TEST_MAPPING]).find((m) => m.name === TEST_MAPPING.name) as BitableMapping;
      configFrom({ BITABLE_APP_TOKEN: APP_TOKEN }); // the settings below must parse
      expect(await enqueueWhere(pool, mapping, 'true', [])).toBe(N);

      emu = createFeishuEmulator({ appId: `cli_${Math.random().toString(16).slice(2, 18).padEnd(16, '0')}` });
      const bt: BitableEmulator = registerBitableEmulator(emu, { apps: [APP_TOKEN], writeDelayMs: 5 });
      await emu.listen();
      const dir = mkdtempSync(path.join(tmpdir(), 'tongbu-chaos-mirror-'));
      dirs.push(dir);
      const mappingFile = path.join(dir, 'mapping.json');
      writeFileSync(mappingFile, JSON.stringify([TEST_MAPPING]));
      const env = {
        DATABASE_URL: db.url,
        SANDBOX: 'off',
        ADMIN_TOKEN: 'chaos-admin-token',
        FEISHU_APP_ID: emu.appId,
        FEISHU_APP_SECRET: emu.appSecret,
        FEISHU_DOMAIN: emu.baseUrl,
        FEISHU_VERIFICATION_TOKEN: 'chaos-verification-token',
        BITABLE_APP_TOKEN: APP_TOKEN,
        BITABLE_MAPPING: mappingFile,
        // Small batches at a slow pace: the pass takes some seconds, so the faults land inside it.
        BITABLE_BATCH_SIZE: '20',
        BITABLE_WRITES_PER_SECOND: '25',
        BITABLE_POLL_MS: '200',
        IMPORT_WATCH: 'false',
        DATA_DIR: dir,
      };
      const records = () => bt.records(APP_TOKEN, TEST_MAPPING.table).map((r) => ({ key: String(r.fields['记录键']), fields: r.fields }));
      const outbox = async () => (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM bitable_outbox`)).rows[0]?.n ?? -1;
      const diagnose = async () =>
        `records: ${records().length} (${tally(records()).duplicated.length} keys twice), outbox: ${await outbox().catch(() => '?')}\n` +
        services.map((s, i) => `replica ${i} log (last lines):\n${s.tail(30)}`).join('\n');
      const until = <T>(what: string, fn: () => Promise<T | undefined | false>) => untilOr(what, fn, diagnose);

      // Two replicas: one writes (it holds the base's lock), the other skips until it can take it.
      services.push(startService(env), startService(env));
      await Promise.all(services.map((s) => s.address));

      // (i) At a random point of the pass, every service connection is cut: the lock goes with it.
      const at1 = Math.floor(N * (0.1 + 0.25 * rnd()));
      await until('the first fault point', async () => records().length >= at1);
      await terminateServiceConnections(pool);
      const atCut = records().length;
      await until('the pass moving again', async () => records().length >= atCut + 60);
      for (const s of services) {
        expect(s.child.exitCode).toBeNull();
        expect(s.output()).not.toMatch(CRASH_PATTERN);
      }

      // (ii) At a later random point, one replica is killed and started again.
      const at2 = Math.min(N - 100, records().length + Math.floor(N * 0.25 * rnd()));
      await until('the second fault point', async () => records().length >= at2);
      const victim = Math.floor(rnd() * 2);
      await (services[victim] as ServiceProcess).kill();
      services[victim] = startService(env);
      await (services[victim] as ServiceProcess).address;

      await until('the outbox drained', async () => (await outbox()) === 0 && (await pool.query(`SELECT count(*)::int AS n FROM bitable_batches`)).rows[0]?.n === 0);

      // Every row exactly once, with its values.
      const got = records();
      const t = tally(got);
      expect(t.duplicated).toEqual([]);
      expect(t.distinct).toBe(N);
      expect(got.length).toBe(N);
      const byKey = new Map(got.map((r) => [r.key, r.fields]));
      for (const r of list) {
        const f = byKey.get(`${r.stat_date}|${r.account_id}|${r.unit_id}`);
        expect(f?.['单元名称']).toBe(r.unit_name);
        expect(f?.['消耗(元)']).toBe(Number(r.spend));
        expect(f?.['转化数']).toBe(r.conversions);
        expect(f?.['状态']).toBe(r.status);
        expect(f?.['链接']).toEqual(r.link ? { text: r.link, link: r.link } : null);
      }
      const mapped = (await pool.query<{ n: number }>(`SELECT count(DISTINCT record_id)::int AS n FROM bitable_records WHERE mapping = $1`, [TEST_MAPPING.name])).rows[0]?.n;
      expect(mapped).toBe(N);
      for (const s of services) {
        expect(s.output()).not.toMatch(CRASH_PATTERN);
        // A lost connection is a warning, not an error alert.
        expect(s.output()).not.toMatch(/"level":(50|"error")[^\n]*Bitable mirror/);
      }
    }, 120_000);
  }
});

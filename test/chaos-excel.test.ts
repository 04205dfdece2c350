// Chaos: a large 售卖明细 workbook imported by the running service (a child process), through the
// upload route and through the watched folder. While its rows are being copied in, the
// service's database connections are terminated (pg_terminate_backend); in the folder case the
// retried import is then killed with SIGKILL and the service started again. An import is all or
// nothing: after each fault the table holds none of the file's rows (the upload answers 503
// EXCEL_INTERRUPTED, the folder file stays where it was), and in the end every row is there
// exactly once, with one succeeded import in the ledger. Two seeds.
import { existsSync, mkdtempSync, rmSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { CRASH_PATTERN, random, startService, terminateServiceConnections, until as untilOr, type ServiceProcess } from './helpers/service-process.js';
import { salesRow, salesWorkbook } from './excel/workbooks.js';

const N = 20_000;
const ADMIN = 'chaos-admin-token';
const FILE = '售卖明细_chaos.xlsx';

describe('chaos: an Excel import survives lost database connections and SIGKILL', () => {
  let xlsx: Buffer;
  let db: TestDatabase | undefined;
  let svc: ServiceProcess | undefined;

  beforeAll(async () => {
    xlsx = await salesWorkbook(Array.from({ length: N }, (_, i) => salesRow(i)));
  }, 60_000);
  const dirs: string[] = [];
  afterEach(async () => {
    await svc?.kill();
    await db?.drop();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  for (const seed of [1, 2]) {
    it(`seed ${seed}: upload and watched folder; nothing half-imported, every row once in the end`, async () => {
      const rnd = random(seed);
      db = await createTestDatabase();
      const pool = db.pool;
      const dir = mkdtempSync(path.join(tmpdir(), 'tongbu-chaos-excel-'));
      dirs.push(dir);
      const importDir = path.join(dir, 'inbox');
      const env = {
        DATABASE_URL: db.url,
        SANDBOX: 'off',
        ADMIN_TOKEN: ADMIN,
        FEISHU_APP_ID: '',
        DATA_DIR: dir,
        IMPORT_DIR: importDir,
        IMPORT_POLL_SECONDS: '1',
        // Small chunks: many COPY rounds, so a cut lands in the middle of the COPY stage.
        IMPORT_CHUNK_ROWS: '500',
      };
      const rowsIn = async () => (await pool.query<{ n: number; keys: number }>(`SELECT count(*)::int AS n, count(DISTINCT sub_order_id)::int AS keys FROM orders_excel`)).rows[0];
      const ledger = async () => (await pool.query<{ status: string; error_code: string | null }>(`SELECT status, error_code FROM excel_imports ORDER BY id`)).rows;
      const diagnose = async () => `rows: ${JSON.stringify(await rowsIn().catch(() => '?'))}, ledger: ${JSON.stringify(await ledger().catch(() => '?'))}, inbox: ${existsSync(importDir) ? readdirSync(importDir).join(', ') : '-'}\nservice log (last lines):\n${svc?.tail(40)}`;
      const until = <T>(what: string, fn: () => Promise<T | undefined | false>) => untilOr(what, fn, diagnose);
      // The import is copying rows in when the service runs a statement on the staging table, or
      // COPYs a chunk of keys new to the table straight into it (staging-load.ts).
      const copying = async () =>
        (
          await pool.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND (query ILIKE '%excel_stage%' OR query ILIKE 'COPY orders_excel%')`,
          )
        ).rows[0]?.n;
      const cutWhileCopying = async () => {
        await until('the import copying rows', copying);
        await new Promise((r) => setTimeout(r, Math.floor(rnd() * 150)));
        await terminateServiceConnections(pool);
      };

      svc = startService(env);
      const address = await svc.address;

      // 1. Upload route: the connection is cut during the import.
      const upload = () => {
        const form = new FormData();
        form.append('file', new Blob([xlsx]), FILE);
        return fetch(`${address}/api/imports`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` }, body: form });
      };
      const sent = upload();
      await cutWhileCopying();
      const res = await sent;
      const path1 = `upload answered ${res.status}`;
      const body = (await res.json()) as { error?: { code: string; message: string; action: string }; inserted?: number };
      if (res.status === 200) {
        // The import committed just before the cut: then all of it is there.
        expect(await rowsIn()).toEqual({ n: N, keys: N });
      } else {
        expect(res.status, JSON.stringify(body)).toBe(503);
        expect(body.error?.code).toBe('EXCEL_INTERRUPTED');
        expect(body.error?.message).toMatch(/database connection was lost during the import; nothing was saved/);
        expect(body.error?.action).toMatch(/Send the file again/);
        expect(await rowsIn()).toEqual({ n: 0, keys: 0 });
        // Sent again, it goes through.
        const again = await upload();
        expect(again.status).toBe(200);
        expect(((await again.json()) as { inserted: number }).inserted).toBe(N);
        expect(await rowsIn()).toEqual({ n: N, keys: N });
      }
      expect(svc.child.exitCode).toBeNull();
      expect(svc.output()).not.toMatch(CRASH_PATTERN);

      // 2. Watched folder: a cut during the import, then SIGKILL during the retry.
      await pool.query(`TRUNCATE orders_excel, excel_imports`);
      const mark = svc.output().length;
      const since = () => svc?.output().slice(mark) ?? '';
      writeFileSync(path.join(importDir, FILE), xlsx);
      await cutWhileCopying();
      await until('the interrupted import logged', async () => /import interrupted|excel import done/.test(since()));
      expect(svc.child.exitCode).toBeNull();
      expect(svc.output()).not.toMatch(CRASH_PATTERN);
      const failedDir = path.join(importDir, 'failed');
      if (/import interrupted/.test(since())) {
        expect(readdirSync(importDir)).toContain(FILE); // left for the next scan, not moved to failed/
        expect(existsSync(failedDir)).toBe(false);
        // The next scan tries it again; this time the service is killed in the middle of it.
        await until('the retried import copying rows', copying);
        await new Promise((r) => setTimeout(r, Math.floor(rnd() * 150)));
        await svc.kill();
        const after = await rowsIn();
        console.log(`chaos-excel seed ${seed}: ${path1}; folder import interrupted, the retry killed with ${after?.n} rows in`);
        expect([0, N]).toContain(after?.n); // all or nothing
        if (after?.n === 0) expect(readdirSync(importDir)).toContain(FILE);
        svc = startService(env);
        await svc.address;
      }
      await until('the folder file imported', async () => !readdirSync(importDir).includes(FILE));
      expect(await rowsIn()).toEqual({ n: N, keys: N });
      expect(existsSync(failedDir)).toBe(false);
      expect((await ledger()).filter((l) => l.status === 'succeeded')).toHaveLength(1);
      expect(svc.output()).not.toMatch(CRASH_PATTERN);
      expect(svc.output()).not.toMatch(/"level":(50|60)/);
    }, 120_000);
  }
});

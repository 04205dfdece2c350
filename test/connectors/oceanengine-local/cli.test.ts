import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOceanengineEmulator, type OceanengineEmulator } from '../../../src/sandbox/oceanengine-local/emulator.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';

/** `tongbu …` in a child process, live mode against the emulator running in this test. */
describe('tongbu auth / token / export (巨量引擎, live settings)', () => {
  let db: TestDatabase;
  let emu: OceanengineEmulator;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    db = await createTestDatabase();
    emu = createOceanengineEmulator({ unitsPerAccount: 5 });
    await emu.listen();
    dir = await mkdtemp(path.join(tmpdir(), 'tongbu-oe-cli-'));
    env = {
      ...process.env,
      DATABASE_URL: db.url,
      DATA_DIR: dir,
      SANDBOX: 'off',
      LOG_LEVEL: 'warn',
      DOUYIN_LIFE_CLIENT_KEY: '',
      FEISHU_APP_ID: '',
      TOKEN_ENCRYPTION_KEY: 'cli-test-key-0123456789-0123456789',
      OCEANENGINE_APP_ID: emu.appId,
      OCEANENGINE_SECRET: emu.secret,
      OCEANENGINE_ACCOUNT_IDS: emu.accounts.join(','),
      OCEANENGINE_BASE_URL: emu.baseUrl,
      OCEANENGINE_AUTH_BASE_URL: `${emu.baseUrl}/sandbox/oauth/authorize`,
    };
  });
  afterAll(async () => {
    await emu.close();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  function tongbu(args: string[], onStdout?: (text: string, stdin: NodeJS.WritableStream) => void): Promise<{ code: number | null; out: string; err: string }> {
    const child = spawn(process.execPath, ['bin/tongbu.js', ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => {
      out += c;
      onStdout?.(out, child.stdin);
    });
    child.stderr.on('data', (c) => (err += c));
    return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out, err })));
  }

  it('auth prints the link and takes the pasted code; token status then shows the grant', async () => {
    let answered = false;
    const res = await tongbu(['auth', 'oceanengine'], (out, stdin) => {
      const link = /(http:\/\/\S+\/sandbox\/oauth\/authorize\S+)/.exec(out)?.[1];
      if (!link || answered) return;
      answered = true;
      // The person opens the link; the (emulated) page hands out the code, which they paste.
      void fetch(link)
        .then((r) => r.json() as Promise<{ data: { auth_code: string } }>)
        .then(({ data }) => stdin.end(`${data.auth_code}\n`));
    });
    expect(res.err).not.toContain('Error');
    expect(res.err).toContain('Paste the auth_code');
    expect(res.code).toBe(0);
    expect(res.out).toContain(`巨量引擎 is authorised (grant "default"); it covers accounts ${emu.accounts.join(', ')}.`);

    const status = await tongbu(['token', 'status']);
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/^oceanengine\/default \[accounts .+\]: access token (23 h 59 min|1 d 0 h) left, refresh token (29 d 23 h|30 d 0 h) left; not refreshed yet\n$/);
  });

  it('a rejected code exits 1 with what to do', async () => {
    const res = await tongbu(['auth', 'oceanengine', '--code', 'not-a-code']);
    expect(res.code).toBe(1);
    expect(res.err).toContain('The platform refused the authorisation code: code 40103');
    expect(res.err).toContain('open the authorisation link again');
  });

  it('sync then export writes the month to disk; a bad month is named', async () => {
    expect((await tongbu(['sync', 'oceanengine', '--from', '2026-02-01', '--to', '2026-02-02'])).code).toBe(0);
    const res = await tongbu(['export', 'oceanengine', '2026-02', '--out', path.join(dir, 'out')]);
    expect(res.code).toBe(0);
    expect(await readdir(path.join(dir, 'out'))).toEqual(['巨量本地推_2026-02.xlsx']);
    const rows = (await db.pool.query(`SELECT count(*)::int AS n FROM oceanengine_local_daily`)).rows[0].n;
    expect(res.out).toContain(`${rows} rows`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path.join(dir, 'out', '巨量本地推_2026-02.xlsx'));
    expect(book.worksheets[0]!.rowCount).toBe(rows + 2);

    const bad = await tongbu(['export', 'oceanengine', '2026-13']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('The month "2026-13" is not valid.');
  });
});

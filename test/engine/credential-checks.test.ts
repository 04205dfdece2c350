// The scheduled credentials check: two engines (replicas) on one database run the Temu shop-token
// check against the Temu emulator; a token two days from expiry gives exactly one alert in the
// Feishu emulator's chat, and a second trigger in the same minute (either replica) does nothing.
// The same credentials are listed by /token status, /status and GET /api/tokens.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { configFrom, type Config } from '../../src/config.js';
import { temu } from '../../src/connectors/temu/index.js';
import { Engine } from '../../src/engine/engine.js';
import { createLarkClient, FeishuApi } from '../../src/feishu/client.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { createNotifications } from '../../src/notify/create-notifier.js';
import { tokenStatusContributor, tokenStatusReport } from '../../src/ops/tokens.js';
import { createFeishuEmulator, type FeishuEmulator } from '../../src/sandbox/feishu/emulator.js';
import { installImEmulator, type ImEmulator } from '../../src/sandbox/feishu/im.js';
import { createTemuEmulator, type TemuEmulator } from '../../src/sandbox/temu/emulator.js';
import type { Services } from '../../src/services.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const DAY = 86_400;
const TOKEN_INFO = 'bg.open.accesstoken.info.get';

describe('scheduled credentials check (Temu shop tokens)', () => {
  let db: TestDatabase;
  let feishu: FeishuEmulator;
  let im: ImEmulator;
  let emu: TemuEmulator;
  let dataDir: string;
  let config: Config;
  const log = createLogger('silent', { pretty: false });
  const engines: Engine[] = [];

  /** One replica: its own engine and notifier (Feishu through the official SDK), the shared database. */
  async function replica(): Promise<Services> {
    const messenger = new FeishuApi(createLarkClient({ appId: feishu.appId, appSecret: feishu.appSecret, domain: feishu.baseUrl, log }), { log, maxAttempts: 2, baseDelayMs: 5 });
    const { notifier } = createNotifications({ config, log, pool: db.pool, messenger, retry: { maxAttempts: 2, baseMs: 5, maxDelayMs: 20 } });
    const metrics = createMetrics();
    const engine = await Engine.create({ config, log, pool: db.pool, metrics, databaseUrl: db.url, connectors: [temu], notifier });
    engines.push(engine);
    return { config, log, pool: db.pool, metrics, connectors: [temu], engine, notifier };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    feishu = createFeishuEmulator({ appId: 'cli_0123456789abcdef', appSecret: 'credentials-check-secret' });
    im = installImEmulator(feishu);
    await feishu.listen();
    im.addChat('oc_ops');
    const now = Math.floor(Date.now() / 1000);
    emu = createTemuEmulator({
      shops: [
        { name: 'us-main', region: 'us', expiresAt: now + 2 * DAY + 3600 },
        { name: 'eu-store', region: 'eu', expiresAt: now + 300 * DAY },
      ],
      ordersPerShop: 0,
      productsPerShop: 0,
    });
    await emu.listen();
    dataDir = await mkdtemp(path.join(tmpdir(), 'tongbu-creds-'));
    config = configFrom({ DATA_DIR: dataDir, TOKEN_ENCRYPTION_KEY: 'test-key-0123456789-0123456789-0123', SANDBOX: 'off', FEISHU_NOTIFY_CHAT_IDS: 'oc_ops', ADMIN_TOKEN: 'admin-secret-token', ...emu.env() });
  });
  afterAll(async () => {
    for (const e of engines) await e.stop();
    await emu.close();
    await feishu.close();
    await db.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a token two days from expiry: one alert from one replica; a second trigger in the same minute sends nothing', async () => {
    const a = await replica();
    const b = await replica();
    const at = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 5_000);
    const before = im.botMessages('oc_ops').length;

    const first = await a.engine!.checkCredentials({ at });
    expect(first).toEqual([expect.objectContaining({ connector: 'temu', claimed: true, report: expect.objectContaining({ ok: true }) })]);
    expect(emu.counts[TOKEN_INFO]).toBe(2); // one look-up per shop
    const sent = im.botMessages('oc_ops').slice(before);
    expect(sent).toHaveLength(1);
    const card = JSON.stringify(sent[0]!.card);
    expect(card).toContain('Temu shop us-main: the access token expires in 3 days');
    expect(card).not.toContain('eu-store');

    // The other replica's cron fires in the same minute, seconds later; then the first one again.
    expect(await b.engine!.checkCredentials({ at: new Date(at.getTime() + 40_000) })).toEqual([{ connector: 'temu', claimed: false }]);
    expect(await a.engine!.checkCredentials({ at })).toEqual([{ connector: 'temu', claimed: false }]);
    expect(emu.counts[TOKEN_INFO]).toBe(2); // the check did not run again
    expect(im.botMessages('oc_ops').slice(before)).toHaveLength(1);

    // The next scheduled minute is a new check: it runs, and the warning already sent is not repeated.
    const next = await b.engine!.checkCredentials({ at: new Date(at.getTime() + 60_000) });
    expect(next[0]?.claimed).toBe(true);
    expect(emu.counts[TOKEN_INFO]).toBe(4);
    expect(im.botMessages('oc_ops').slice(before)).toHaveLength(1);
  });

  it('the credentials are listed by /token status, /status and GET /api/tokens (admins only), never a token value', async () => {
    const services = await replica();
    const report = await tokenStatusReport(services);
    expect(report.ok).toBe(false); // us-main needs a person
    expect(report.lines).toEqual([
      expect.stringMatching(/^temu:eu-store \(Temu shop tokens\): eu, mall .*; expires \d{4}-\d\d-\d\d \(299 d left\)$/),
      expect.stringMatching(/^temu:us-main \(Temu shop tokens\): us, mall .*; expires \d{4}-\d\d-\d\d \(2 d left\)$/),
    ]);
    expect((await tokenStatusReport(services, { platform: 'temu' })).lines).toHaveLength(2);
    const section = await tokenStatusContributor(services);
    expect(section?.lines).toEqual([expect.stringMatching(/^Temu shop tokens: 2, 1 need attention \(temu:us-main\); next expiry \d{4}-/)]);

    const app = await buildApp(services);
    try {
      const res = await app.inject({ method: 'GET', url: '/api/tokens', headers: { authorization: 'Bearer admin-secret-token' } });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.tokens).toEqual([]);
      expect(body.credentials.map((c: { name: string; connector: string }) => `${c.connector} ${c.name}`)).toEqual(['temu temu:eu-store', 'temu temu:us-main']);
      expect(body.credentials[1]).toMatchObject({ title: 'Temu shop tokens', problem: null, secondsLeft: expect.any(Number) });
      for (const shop of emu.shops) expect(res.body).not.toContain(shop.token);
      expect((await app.inject({ method: 'GET', url: '/api/tokens' })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: '/api/tokens?nope=1', headers: { authorization: 'Bearer admin-secret-token' } })).statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });

  it('tongbu token status and tongbu status list the shop tokens too', async () => {
    const cli = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
      new Promise((resolve) => {
        const env = { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn', TZ: 'UTC', DATA_DIR: dataDir, TOKEN_ENCRYPTION_KEY: config.TOKEN_ENCRYPTION_KEY as string, SANDBOX: 'off', ...emu.env() };
        const child = spawn(process.execPath, [path.resolve('bin/tongbu.js'), ...args], { env });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      });
    const tokens = await cli(['token', 'status']);
    expect(tokens.code, tokens.stderr).toBe(0);
    expect(tokens.stdout).toMatch(/^temu:us-main \(Temu shop tokens\): us, .*\(2 d left\)$/m);
    expect(tokens.stdout).toMatch(/^temu:eu-store \(Temu shop tokens\): eu, /m);
    const json = await cli(['token', 'status', 'temu', '--json']);
    expect(json.stdout.trim().split('\n').map((l) => JSON.parse(l).name)).toEqual(['temu:eu-store', 'temu:us-main']);
    const status = await cli(['status']);
    expect(status.stdout).toMatch(/Temu shop tokens: 2, 1 need attention \(temu:us-main\)/);
  }, 60_000);
});

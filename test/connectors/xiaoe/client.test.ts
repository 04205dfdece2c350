// The 小鹅通 client and emulator over HTTP: the token (query string or JSON body on a GET, kept
// in the token store encrypted and shared by replicas, the endpoint's 100-per-10-minutes limit),
// classification of answers, paging; and the sandbox factory.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { XIAOE_PLATFORM, classify, classifyWith, fetchXiaoeToken } from '../../../src/connectors/xiaoe/client.js';
import { clientFor, xiaoe } from '../../../src/connectors/xiaoe/index.js';
import { createPool } from '../../../src/db/pool.js';
import { openTokenStore } from '../../../src/tokens/index.js';
import { withRetry } from '../../../src/engine/retry.js';
import { PlatformError } from '../../../src/engine/types.js';
import { DAY, FEB1, xiaoeHarness, type XiaoeHarness } from './harness.js';

let h: XiaoeHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('xiaoe classify', () => {
  it('maps status and body to a class, codes and messages as the settings say', () => {
    expect(classify(200, { code: 0, msg: '', data: { list: [] } }).kind).toBe('ok');
    expect(classify(429, undefined).kind).toBe('rateLimited');
    expect(classify(502, undefined).kind).toBe('retryable');
    expect(classify(200, undefined)).toMatchObject({ kind: 'malformed', message: 'HTTP 200: the answer is not a JSON object' });
    expect(classify(200, { msg: 'x' }).kind).toBe('malformed');
    expect(classify(200, { code: 40001, msg: 'access_token无效' }).kind).toBe('authExpired');
    expect(classify(200, { code: 40002, msg: '' }).kind).toBe('authExpired');
    expect(classify(200, { code: 40003, msg: '' }).kind).toBe('rateLimited');
    // Unpublished codes: the message decides.
    expect(classify(200, { code: 30012, msg: 'access_token已过期' }).kind).toBe('authExpired');
    expect(classify(200, { code: 30013, msg: '请求过于频繁' }).kind).toBe('rateLimited');
    expect(classify(200, { code: 2001, msg: 'invalid secret_key' })).toMatchObject({ kind: 'fatal', code: 2001, message: 'code 2001: invalid secret_key' });
    expect(classify(200, { code: 2002, msg: '参数错误' }).kind).toBe('fatal');
    expect(classify(200, { code: '0', msg: '' }).kind).toBe('ok');
    const custom = classifyWith({ authExpired: [9001], rateLimited: [9002] });
    expect(custom(200, { code: 9001, msg: '' }).kind).toBe('authExpired');
    expect(custom(200, { code: 9002, msg: '' }).kind).toBe('rateLimited');
  });
});

describe('xiaoe token', () => {
  it('GET /token with the query string (PHP SDK) or a JSON body (Python SDK) both work; 2001 for a wrong secret', async () => {
    h = await xiaoeHarness({ emulator: { orders: 0 } });
    const app = { appId: h.emu.appId, clientId: h.emu.clientId, secretKey: h.emu.secretKey };
    const t = await fetchXiaoeToken(h.emu.baseUrl, app);
    expect(t.accessToken).toMatch(/^xe_/);
    expect(t.expiresIn).toBe(7200);
    const sent = h.emu.requests.find((r) => r.path === '/token');
    expect(sent?.method).toBe('GET');
    expect(sent?.query).toEqual({ app_id: app.appId, client_id: app.clientId, secret_key: app.secretKey, grant_type: 'client_credential' });

    const body = JSON.stringify({ app_id: app.appId, client_id: app.clientId, secret_key: app.secretKey, grant_type: 'client_credential' });
    // fetch refuses a body on a GET; requests.get(…, data=json) sends one, so node:http does here.
    const answer = await new Promise<string>((resolve, reject) => {
      const req = request(`${h!.emu.baseUrl}/token`, { method: 'GET', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(JSON.parse(answer)).toMatchObject({ code: 0, msg: 'success', data: { expires_in: 7200 } });

    await expect(fetchXiaoeToken(h.emu.baseUrl, { ...app, secretKey: 'wrong' })).rejects.toThrow('小鹅通 /token: code 2001: invalid secret_key (check XIAOE_APP_ID, XIAOE_CLIENT_ID and XIAOE_SECRET_KEY)');
  });

  it('is kept in the token store, encrypted, and shared: a second replica fetches none', async () => {
    h = await xiaoeHarness();
    await h.client.listOrders({ page: 1, pageSize: 200, begin: FEB1, end: FEB1 + DAY });
    expect(h.emu.counts.token).toBe(1);
    const row = await h.db.pool.query<{ access_token_enc: string }>(`SELECT access_token_enc FROM platform_tokens WHERE platform = $1 AND account = $2`, [XIAOE_PLATFORM, h.emu.appId]);
    expect(row.rows[0]?.access_token_enc).toBeDefined();
    expect(row.rows[0]?.access_token_enc).not.toContain('xe_');

    // Another process: its own pool and store, the same database.
    const pool = createPool(h.db.url, 2);
    try {
      const tokens = await openTokenStore({ config: h.config, log: h.log, pool });
      const other = clientFor({ ...h.ctx, pool, tokens });
      await other.listOrders({ page: 1, pageSize: 200, begin: FEB1, end: FEB1 + DAY });
      expect(h.emu.counts.token).toBe(1);
      expect((await tokens.status(XIAOE_PLATFORM))[0]?.accessSecondsLeft).toBeGreaterThan(7000);
    } finally {
      await pool.end();
    }
  });

  it('the emulator holds the token endpoint to 100 calls per 10 minutes; the 101st is a rate limit', async () => {
    h = await xiaoeHarness({ emulator: { orders: 0, tokenCallsPer10Min: 3 } });
    const app = { appId: h.emu.appId, clientId: h.emu.clientId, secretKey: h.emu.secretKey };
    for (let i = 0; i < 3; i++) await fetchXiaoeToken(h.emu.baseUrl, app);
    const e = await fetchXiaoeToken(h.emu.baseUrl, app).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PlatformError);
    expect((e as PlatformError).kind).toBe('rateLimited');
    expect((e as PlatformError).message).toBe('小鹅通 /token: code 40003: 获取access_token过于频繁，10分钟内最多100次');
    h.emu.clock.advance(600_001);
    await expect(fetchXiaoeToken(h.emu.baseUrl, app)).resolves.toMatchObject({ expiresIn: 7200 });
  });

  it('a new token leaves the previous one valid for five more minutes', async () => {
    h = await xiaoeHarness();
    const app = { appId: h.emu.appId, clientId: h.emu.clientId, secretKey: h.emu.secretKey };
    const first = await fetchXiaoeToken(h.emu.baseUrl, app);
    await fetchXiaoeToken(h.emu.baseUrl, app);
    const list = (token: string) =>
      fetch(`${h!.emu.baseUrl}/xe.order.list.get/1.0.1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ access_token: token }) }).then(
        (r) => r.json() as Promise<{ code: number }>,
      );
    expect((await list(first.accessToken)).code).toBe(0);
    h.emu.clock.advance(5 * 60_000 + 1000);
    expect((await list(first.accessToken)).code).toBe(40002);
  });
  it('a page that reads the token while another renews it waits for the new one: one renewal, and each page succeeds', async () => {
    // Each list answer takes 400 ms and the token 300 ms, so the second page reads the store
    // while the first page's renewal is under way, and is still waiting for its own answer
    // when that renewal ends. A token it read then (the expired one) must not be kept for the
    // first page's retry: that page has had its one renewal, and a second expired-token answer
    // would fail the run (seen in CI under load).
    h = await xiaoeHarness({ emulator: { latencyMs: 400, tokenLatencyMs: 300 } });
    const client = h.client;
    const page = (n: number) =>
      withRetry(() => client.listOrders({ page: n, pageSize: 50, begin: FEB1, end: FEB1 + 7 * DAY }), { maxAttempts: 3, baseMs: 2 }, { refreshAuth: () => client.refreshAuth() });
    await page(1);
    expect(h.emu.counts.token).toBe(1);
    h.emu.faults.push({ match: /^POST \/xe\.order\.list/, times: 1, kind: 'tokenExpired' });
    const first = page(1);
    // Start the second page once the renewal's token request has arrived (its answer is 300 ms off).
    const tokenRequests = () => h!.emu.requests.filter((r) => r.path === '/token').length;
    for (let i = 0; tokenRequests() < 2; i++) {
      if (i > 500) throw new Error('the renewal never asked for a token');
      await new Promise((r) => setTimeout(r, 10));
    }
    const second = page(2);
    const [a, b] = await Promise.all([first, second]);
    expect(a.rows).toHaveLength(50);
    expect(b.rows).toHaveLength(50);
    // One renewal for both pages, and no page sent with the expired token after it.
    expect(h.emu.counts.token).toBe(2);
    const expiredAnswers = h.emu.requests.filter((r) => r.path === '/xe.order.list.get/1.0.1' && r.code === h!.emu.codes.tokenExpired).length;
    expect(expiredAnswers).toBe(1);
  });
});

describe('xiaoe paging', () => {
  it('reads a 7-day slice page by page with exact totals; the last page is short', async () => {
    h = await xiaoeHarness();
    const listed = h.emu.listed(FEB1, FEB1 + 7 * DAY);
    const pages = [];
    for (let page = 1; ; page++) {
      const res = await h.client.listOrders({ page, pageSize: 50, begin: FEB1, end: FEB1 + 7 * DAY });
      pages.push(res);
      expect(res.total).toBe(listed.length);
      if (page * 50 >= res.total) break;
    }
    expect(pages.flatMap((p) => p.rows.map((r) => r.order_id))).toEqual(listed.map((r) => r.order_id));
    expect(pages.at(-1)?.rows.length).toBe(listed.length % 50 || 50);
  });
});

describe('xiaoe sandbox', () => {
  it('the lazily loaded emulator hands the connector its app and serves orders from 2025', async () => {
    const { createLogger } = await import('../../../src/logger.js');
    const factory = await xiaoe.emulator!();
    const { configFrom } = await import('../../../src/config.js');
    const emu = await factory(configFrom({}), { port: 0, log: createLogger('silent', { pretty: false }) });
    try {
      expect(Object.keys(emu.env).sort()).toEqual(['XIAOE_APP_ID', 'XIAOE_CLIENT_ID', 'XIAOE_SECRET_KEY']);
      const app = { appId: emu.env.XIAOE_APP_ID!, clientId: emu.env.XIAOE_CLIENT_ID!, secretKey: emu.env.XIAOE_SECRET_KEY! };
      const { accessToken } = await fetchXiaoeToken(emu.baseUrl, app);
      const begin = Date.UTC(2025, 0, 1) / 1000;
      const res = await fetch(`${emu.baseUrl}/xe.order.list.get/1.0.1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ access_token: accessToken, page_index: 1, page_size: 10, begin_time: String(begin), end_time: String(begin + 7 * 86_400) }),
      });
      const body = (await res.json()) as { code: number; data: { total: number; list: { created_time: string }[] } };
      expect(body.code).toBe(0);
      expect(body.data.total).toBeGreaterThan(100);
      expect(body.data.list[0]?.created_time).toMatch(/^2025-01-01 /);
    } finally {
      await emu.close();
    }
  });
});

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createHarness, type Harness } from '../connectors/oceanengine-local/harness.js';

describe('GET /oauth/oceanengine/callback', () => {
  let h: Harness;
  let app: FastifyInstance;
  beforeAll(async () => {
    h = await createHarness({ settings: { ADMIN_TOKEN: 'admin-secret', OCEANENGINE_OAUTH_REDIRECT_URI: 'https://tongbu.example.com/oauth/oceanengine/callback' } });
    app = await buildApp(h.services);
  });
  afterAll(async () => {
    await app.close();
    await h.close();
  });

  it('the authorisation page redirects back with auth_code and state; the callback stores the grant', async () => {
    const link = await app.inject({ url: '/api/oauth/oceanengine/link?grant=shop-a', headers: { authorization: 'Bearer admin-secret' } });
    const url = new URL(link.json().url);
    expect(url.searchParams.get('redirect_uri')).toBe('https://tongbu.example.com/oauth/oceanengine/callback');
    // The emulator stands in for open.oceanengine.com in sandbox mode and redirects like it.
    const page = await fetch(url, { redirect: 'manual' });
    expect(page.status).toBe(302);
    const back = new URL(page.headers.get('location')!);
    expect(back.pathname).toBe('/oauth/oceanengine/callback');
    const res = await app.inject({ url: `${back.pathname}${back.search}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('authorised (grant "shop-a")');
    expect(res.body).toContain(h.emu.accounts[0]);
    const status = await h.tokens.status('oceanengine');
    expect(status.map((s) => s.account)).toEqual(['shop-a']);
    // Replaying the same callback is refused: the state was used.
    const again = await app.inject({ url: `${back.pathname}${back.search}` });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('unknown or expired state');
  });

  it('a state we never issued is refused and stores nothing', async () => {
    const grants = async () => (await h.tokens.status()).map((s) => [s.account, s.accessExpiresAt.toISOString()]);
    const before = await grants();
    const res = await app.inject({ url: `/oauth/oceanengine/callback?auth_code=${h.emu.issueAuthCode()}&state=forged` });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Start again from a fresh authorisation link');
    expect(await grants()).toEqual(before);
  });

  it('missing auth_code is named; the link API needs the admin token', async () => {
    const res = await app.inject({ url: '/oauth/oceanengine/callback?state=abc' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('no auth_code');
    expect((await app.inject({ url: '/api/oauth/oceanengine/link' })).statusCode).toBe(401);
  });
});

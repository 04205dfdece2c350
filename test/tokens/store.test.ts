import { stat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configFrom } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createTokenCipher, loadTokenKey } from '../../src/tokens/cipher.js';
import { TongbuError } from '../../src/errors.js';
import { tokenRefreshReport, tokenStatusReport } from '../../src/ops/tokens.js';
import { createHarness, type Harness } from '../connectors/oceanengine-local/harness.js';

const REPORT = '/open_api/v3.0/local/report/promotion/get/';

/** A real data call with a token: does the emulator accept it? */
async function reportCode(h: Harness, accessToken: string): Promise<number> {
  const u = new URL(`${h.emu.baseUrl}${REPORT}`);
  u.searchParams.set('local_account_id', h.emu.accounts[0] as string);
  u.searchParams.set('start_date', '2026-02-10');
  u.searchParams.set('end_date', '2026-02-10');
  u.searchParams.set('metrics', '["stat_cost"]');
  const res = await fetch(u, { headers: { 'Access-Token': accessToken } });
  return ((await res.json()) as { code: number }).code;
}

/** Every call the emulator received at the refresh endpoint, successful or not. */
const refreshCalls = (h: Harness) => h.emu.requests.filter((r) => r.path === '/open_api/oauth2/refresh_token/').length;

async function tokenRow(h: Harness) {
  return (await h.db.pool.query(`SELECT * FROM platform_tokens WHERE platform = 'oceanengine' AND account = 'default'`)).rows[0];
}

/** Make the stored access token look close to (or past) its expiry. */
async function accessExpiresIn(h: Harness, seconds: number) {
  await h.db.pool.query(`UPDATE platform_tokens SET access_expires_at = now() + make_interval(secs => $1)`, [seconds]);
}

describe('token store (巨量引擎 OAuth against the emulator)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(async () => {
    await h.db.pool.query('DELETE FROM platform_tokens; DELETE FROM oauth_states');
    h.notifier.alerts = [];
    h.notifier.recoveries = [];
    h.emu.clock.offsetMs = 0;
    await h.authorise();
    h.emu.counts.refresh = 0;
    h.emu.requests.length = 0;
  });

  it('stores an authorised grant encrypted, with its advertiser ids, and hands out a working token', async () => {
    const row = await tokenRow(h);
    const token = await h.tokens.getValidAccessToken('oceanengine', 'default');
    expect(await reportCode(h, token)).toBe(0);
    // Neither token is in the row in clear text.
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.access_token_enc).toMatch(/^v1:/);
    expect(row.granted_accounts).toEqual(h.emu.accounts);
    expect(row.refresh_expires_at.getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);
    expect(h.emu.counts.refresh).toBe(0);
  });

  it('does not refresh while more than the margin (60 min) is left', async () => {
    await accessExpiresIn(h, 61 * 60);
    await h.tokens.getValidAccessToken('oceanengine', 'default');
    expect(h.emu.counts.refresh).toBe(0);
  });

  it('refresh race: two replicas asking at once cause exactly one refresh and both get the new token', async () => {
    const before = await h.tokens.getValidAccessToken('oceanengine', 'default');
    await accessExpiresIn(h, 30 * 60);
    const replica = await h.replica();
    await replica.tokens.status(); // its pool is connected, so both callers really race
    // A slow refresh keeps the first caller inside its refresh while the second arrives.
    h.emu.latency.push({ match: /refresh_token/, ms: 200 });
    try {
      const [a, b] = await Promise.all([
        h.tokens.getValidAccessToken('oceanengine', 'default'),
        replica.tokens.getValidAccessToken('oceanengine', 'default'),
      ]);
      expect(refreshCalls(h)).toBe(1);
      expect(a).toBe(b);
      expect(a).not.toBe(before);
      expect(await reportCode(h, a)).toBe(0);
      const row = await tokenRow(h);
      expect(row.last_refresh_ok).toBe(true);
      expect(row.refresh_count).toBe(1);
      // The rotated refresh token was kept: a forced refresh later still works.
      await h.tokens.refresh('oceanengine', 'default', { force: true });
      expect(h.emu.counts.refresh).toBe(2);
    } finally {
      h.emu.latency.length = 0;
      await replica.close();
    }
  });

  it('ten concurrent callers in one process: still one refresh', async () => {
    await accessExpiresIn(h, 10);
    h.emu.latency.push({ match: /refresh_token/, ms: 100 });
    const tokens = await Promise.all(Array.from({ length: 10 }, () => h.tokens.getValidAccessToken('oceanengine', 'default')));
    expect(new Set(tokens).size).toBe(1);
    expect(refreshCalls(h)).toBe(1);
    h.emu.latency.length = 0;
  });

  it('an expired refresh token raises an alert with the re-authorise link and a TOKEN_REFRESH_FAILED error', async () => {
    h.emu.clock.advance(31 * 86_400_000); // the emulator's refresh token is now past 30 days
    await accessExpiresIn(h, -60);
    const err = await h.tokens.getValidAccessToken('oceanengine', 'default').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TongbuError);
    expect((err as TongbuError).code).toBe('TOKEN_REFRESH_FAILED');
    expect((err as TongbuError).message).toContain('40107');
    expect(h.notifier.alerts).toHaveLength(1);
    const alert = h.notifier.alerts[0]!;
    expect(alert.key).toBe('token:oceanengine:default');
    expect(alert.action).toBe('re-authorise');
    const link = new URL(alert.link!.url);
    expect(link.searchParams.get('app_id')).toBe(h.emu.appId);
    const state = link.searchParams.get('state')!;
    expect((await h.db.pool.query(`SELECT account FROM oauth_states WHERE state = $1`, [state])).rows).toEqual([{ account: 'default' }]);
    const row = await tokenRow(h);
    expect(row.last_refresh_ok).toBe(false);
    expect(row.last_refresh_error).toContain('40107');

    // Following the link (the emulator's authorisation page) and the callback fixes it and closes the alert.
    h.emu.clock.offsetMs = 0;
    const page = await fetch(alert.link!.url.replace(/^https:\/\/open\.oceanengine\.com\/audit\/oauth\.html/, `${h.emu.baseUrl}/sandbox/oauth/authorize`));
    const { data } = (await page.json()) as { data: { auth_code: string; state: string } };
    await h.tokens.completeAuthorization('oceanengine', data.state, data.auth_code);
    expect(h.notifier.recoveries.map((r) => r.key)).toContain('token:oceanengine:default');
    expect(await reportCode(h, await h.tokens.getValidAccessToken('oceanengine', 'default'))).toBe(0);
  });

  it('a failed refresh with time left on the access token alerts but keeps syncing with that token', async () => {
    const current = await h.tokens.getValidAccessToken('oceanengine', 'default');
    h.emu.revokeRefreshTokens();
    await accessExpiresIn(h, 20 * 60);
    expect(await h.tokens.getValidAccessToken('oceanengine', 'default')).toBe(current);
    expect(h.notifier.alerts.map((a) => a.key)).toEqual(['token:oceanengine:default']);
    // Forced (e.g. /token refresh) it is an error.
    await expect(h.tokens.refresh('oceanengine', 'default', { force: true })).rejects.toMatchObject({ code: 'TOKEN_REFRESH_FAILED' });
  });

  it('a later successful refresh closes the alert', async () => {
    h.emu.revokeRefreshTokens();
    await expect(h.tokens.refresh('oceanengine', 'default', { force: true })).rejects.toMatchObject({ code: 'TOKEN_REFRESH_FAILED' });
    await h.authorise(); // a new grant, as after re-authorising
    h.notifier.recoveries = [];
    await h.tokens.refresh('oceanengine', 'default', { force: true });
    expect(h.notifier.recoveries.map((r) => r.key)).toEqual(['token:oceanengine:default']);
  });

  it('a forced refresh is skipped when another caller renewed after our token was read', async () => {
    const readAt = new Date();
    await new Promise((r) => setTimeout(r, 5));
    await h.tokens.refresh('oceanengine', 'default', { force: true });
    await h.tokens.refresh('oceanengine', 'default', { force: true, unlessRefreshedSince: readAt });
    expect(h.emu.counts.refresh).toBe(1);
  });

  it('unknown grant → TOKEN_MISSING; callback with an unknown state → TOKEN_STATE_INVALID; a used code → TOKEN_AUTH_CODE_REJECTED', async () => {
    await expect(h.tokens.getValidAccessToken('oceanengine', 'nobody')).rejects.toMatchObject({ code: 'TOKEN_MISSING' });
    await expect(h.tokens.completeAuthorization('oceanengine', 'not-a-state', 'x')).rejects.toMatchObject({ code: 'TOKEN_STATE_INVALID' });
    const code = h.emu.issueAuthCode();
    await h.tokens.authorizeWithCode('oceanengine', 'default', code);
    await expect(h.tokens.authorizeWithCode('oceanengine', 'default', code)).rejects.toMatchObject({ code: 'TOKEN_AUTH_CODE_REJECTED' });
  });

  it('a state works once', async () => {
    const link = new URL(await h.tokens.authorizationLink('oceanengine', 'second'));
    const state = link.searchParams.get('state')!;
    await h.tokens.completeAuthorization('oceanengine', state, h.emu.issueAuthCode());
    await expect(h.tokens.completeAuthorization('oceanengine', state, h.emu.issueAuthCode())).rejects.toMatchObject({ code: 'TOKEN_STATE_INVALID' });
    expect((await h.tokens.status('oceanengine')).map((s) => s.account)).toEqual(['default', 'second']);
  });

  it('a grant is found by the accounts it covers, else the only one', async () => {
    expect(await h.tokens.grantFor('oceanengine', h.emu.accounts[1]!)).toBe('default');
    expect(await h.tokens.grantFor('oceanengine', '999')).toBe('default');
    await h.tokens.save('oceanengine', 'other', { accessToken: 'a', refreshToken: 'r', accessExpiresIn: 100, refreshExpiresIn: 100, grantedAccounts: ['42'] });
    expect(await h.tokens.grantFor('oceanengine', '42')).toBe('other');
    await expect(h.tokens.grantFor('oceanengine', '999')).rejects.toMatchObject({ code: 'TOKEN_MISSING' });
    expect(await h.tokens.grantFor('oceanengine', '999', 'default')).toBe('default');
  });

  it('/token status and /token refresh reports: time left, last result, a failed refresh says what to do', async () => {
    const ok = await tokenRefreshReport(h.services, { platform: 'oceanengine-local' });
    expect(ok.ok).toBe(true);
    expect(ok.lines[0]).toBe('oceanengine/default: refreshed');
    expect(ok.lines[1]).toMatch(/access token (23 h 59 min|1 d 0 h) left, refresh token .*; last refresh .* ok$/);
    h.emu.revokeRefreshTokens();
    const failed = await tokenRefreshReport(h.services, { platform: '巨量' });
    expect(failed.ok).toBe(false);
    expect(failed.lines[0]).toContain('FAILED');
    expect(failed.lines[0]).toContain('Re-authorise');
    const status = await tokenStatusReport(h.services);
    expect(status.ok).toBe(false);
    expect(status.lines[0]).toMatch(/last refresh .* FAILED: code 40107/);
    for (const line of [...ok.lines, ...failed.lines, ...status.lines]) expect(line).not.toMatch(/[\w-]{20,}\.[\w-]{20,}/); // no token values
  });

  it('exports seconds to expiry as a gauge', async () => {
    await h.tokens.status();
    const text = await h.metrics.registry.metrics();
    const access = /tongbu_token_seconds_to_expiry\{platform="oceanengine",account="default",kind="access"\} (\d+)/.exec(text);
    expect(Number(access?.[1])).toBeGreaterThan(86_000);
  });
});

describe('token encryption key', () => {
  it('a token sealed with one key cannot be opened with another (TOKEN_KEY_MISMATCH)', () => {
    const sealed = createTokenCipher('a'.repeat(32)).encrypt('secret-token');
    expect(createTokenCipher('a'.repeat(32)).decrypt(sealed)).toBe('secret-token');
    expect(() => createTokenCipher('b'.repeat(32)).decrypt(sealed)).toThrow(expect.objectContaining({ code: 'TOKEN_KEY_MISMATCH' }));
  });

  it('with TOKEN_ENCRYPTION_KEY empty, a key is generated once into DATA_DIR/token-key (0600) and reused', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(path.join(tmpdir(), 'tongbu-key-'));
    try {
      const config = configFrom({ DATA_DIR: dir });
      const log = createLogger('silent', { pretty: false });
      const first = await loadTokenKey(config, log);
      const second = await loadTokenKey(config, log);
      expect(second).toBe(first);
      expect(first.length).toBeGreaterThanOrEqual(32);
      const file = path.join(dir, 'token-key');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await readFile(file, 'utf8')).trim()).toBe(first);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

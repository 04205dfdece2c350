// `/token status` and `/token refresh` (chat), `tongbu token status|refresh` (CLI), and the admin
// API call these. They show how long tokens have left and the last refresh result — never a
// token value.
import { settingsOf } from '../engine/connector.js';
import { TongbuError } from '../errors.js';
import { formatBusinessTime } from '../engine/time.js';
import type { OAuthDeclaration } from '../engine/types.js';
import type { Services } from '../services.js';
import type { StatusContributor } from './status.js';
import { briefCredentialStatus, credentialConnectors, credentialNeedsAttention, credentialStatus, describeCredentialStatus, type CredentialRow } from './credentials.js';
import { openTokenStore, type TokenStatus, type TokenStore } from '../tokens/index.js';

/** Every OAuth the connectors declare, one per platform key (connectors sharing an app share it). */
export function oauthPlatforms(services: Pick<Services, 'connectors'>): OAuthDeclaration<unknown>[] {
  const byPlatform = new Map<string, OAuthDeclaration<unknown>>();
  for (const c of services.connectors ?? []) if (c.oauth && !byPlatform.has(c.oauth.platform)) byPlatform.set(c.oauth.platform, c.oauth);
  return [...byPlatform.values()];
}

/** A name people type for a token platform (its key, an alias, or a connector using it) → the key. */
export function tokenPlatform(services: Pick<Services, 'connectors'>, name: string): string {
  const n = name.trim().toLowerCase();
  for (const c of services.connectors ?? []) {
    const o = c.oauth;
    if (!o) continue;
    if ([o.platform, ...o.aliases, c.name, ...(c.aliases ?? [])].some((a) => a.toLowerCase() === n)) return o.platform;
  }
  throw new TongbuError('TOKEN_PLATFORM_UNKNOWN', name);
}

/** The service's token store, or (CLI) one opened on the services' pool with each connector's provider. */
export async function tokensOf(services: Services): Promise<TokenStore> {
  if (services.tokens) return services.tokens;
  const { config } = services;
  const providers = (services.connectors ?? []).flatMap((c) => {
    if (!c.oauth) return [];
    const settings = settingsOf(c, config);
    const setup = c.setup(settings);
    return [{ provider: c.oauth.provider(settings, setup.baseUrl ?? setup.realBaseUrl), refreshBeforeMs: c.oauth.refreshBeforeMinutes(settings) * 60_000 }];
  });
  services.tokens = await openTokenStore({ ...services, providers });
  return services.tokens;
}

/** "23 h 5 min", "29 d 23 h", "expired 2 h ago". */
export function formatDuration(seconds: number): string {
  const s = Math.abs(seconds);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const text = d ? `${d} d ${h} h` : h ? `${h} h ${m} min` : `${m} min`;
  return seconds < 0 ? `expired ${text} ago` : text;
}

export async function tokenStatus(services: Services, platform?: string): Promise<TokenStatus[]> {
  return (await tokensOf(services)).status(platform === undefined ? undefined : tokenPlatform(services, platform));
}

/** One line per grant, for the CLI and the chat card. */
export function describeTokenStatus(rows: TokenStatus[], services?: Pick<Services, 'connectors'>): string[] {
  if (!rows.length) {
    const how = services ? oauthPlatforms(services).map((o) => `\`tongbu auth ${o.platform}\` (${o.title})`) : [];
    return [`No platform is authorised yet.${how.length ? ` Run ${how.join(' or ')} to authorise.` : ''}`];
  }
  return rows.map((r) => {
    const last =
      r.lastRefreshAt === null
        ? 'not refreshed yet'
        : `last refresh ${formatBusinessTime(r.lastRefreshAt)} ${r.lastRefreshOk ? 'ok' : `FAILED: ${r.lastRefreshError ?? ''}`}`;
    const accounts = r.grantedAccounts.length ? ` [accounts ${r.grantedAccounts.join(', ')}]` : '';
    const left = (sec: number) => `${formatDuration(sec)}${sec >= 0 ? ' left' : ''}`;
    return `${r.platform}/${r.account}${accounts}: access token ${left(r.accessSecondsLeft)}, refresh token ${left(r.refreshSecondsLeft)}; ${last}`;
  });
}

export interface TokenRefreshResult {
  platform: string;
  account: string;
  ok: boolean;
  /** Error code and message when it failed (the alert with the re-authorise link went out). */
  error?: { code: string; message: string; action: string };
}

/** Force a refresh of every grant of a platform (or of all platforms). */
export async function tokenRefresh(services: Services, platform?: string): Promise<TokenRefreshResult[]> {
  const store = await tokensOf(services);
  const grants = await store.status(platform === undefined ? undefined : tokenPlatform(services, platform));
  if (!grants.length) throw new TongbuError('TOKEN_MISSING', platform ? tokenPlatform(services, platform) : 'platform');
  const results: TokenRefreshResult[] = [];
  for (const g of grants) {
    try {
      await store.refresh(g.platform, g.account, { force: true });
      results.push({ platform: g.platform, account: g.account, ok: true });
    } catch (e) {
      const err = e instanceof TongbuError ? e : new TongbuError('TOKEN_REFRESH_FAILED', `${g.platform} (${g.account}): ${(e as Error).message}`);
      results.push({ platform: g.platform, account: g.account, ok: false, error: err.toJSON() });
    }
  }
  return results;
}

/**
 * OAuth grants and declared credentials together (what every door lists). A name that is a
 * connector with credentials but no OAuth (a seller-token platform) lists its credentials alone.
 */
export async function allTokenStatus(services: Services, platform?: string): Promise<{ oauth: TokenStatus[]; credentials: CredentialRow[] }> {
  if (platform !== undefined && credentialConnectors(services, platform).length) {
    const oauth = oauthPlatforms(services).length && isOAuthName(services, platform) ? await tokenStatus(services, platform) : [];
    return { oauth, credentials: await credentialStatus(services, platform) };
  }
  const oauth = await tokenStatus(services, platform);
  return { oauth, credentials: platform === undefined ? await credentialStatus(services) : [] };
}

function isOAuthName(services: Services, name: string): boolean {
  try {
    tokenPlatform(services, name);
    return true;
  } catch {
    return false;
  }
}

/** The tokens section of /status (only when some grant or credential exists); credentials in brief. */
export const tokenStatusContributor: StatusContributor = async (services) => {
  const rows = services.tokens ? await services.tokens.status() : [];
  const creds = await credentialStatus(services);
  const lines = [...(rows.length ? describeTokenStatus(rows, services) : []), ...briefCredentialStatus(creds)];
  return lines.length ? { title: 'Tokens', lines } : undefined;
};

/** `/token status` as a card body: { title, lines, ok } (ok false when a refresh last failed or a credential needs a person). */
export async function tokenStatusReport(services: Services, args: { platform?: string } = {}): Promise<{ title: string; lines: string[]; ok: boolean }> {
  const { oauth, credentials } = await allTokenStatus(services, args.platform);
  const oauthLines = oauth.length || !credentials.length ? describeTokenStatus(oauth, services) : [];
  return {
    title: 'Platform tokens',
    lines: [...oauthLines, ...describeCredentialStatus(credentials)],
    ok: oauth.every((r) => r.lastRefreshOk !== false && r.refreshSecondsLeft > 0) && !credentials.some(credentialNeedsAttention),
  };
}

/** `/token refresh` as a card body: one line per grant, then the status after it. */
export async function tokenRefreshReport(services: Services, args: { platform?: string } = {}): Promise<{ title: string; lines: string[]; ok: boolean }> {
  const results = await tokenRefresh(services, args.platform);
  const lines = results.map((r) => (r.ok ? `${r.platform}/${r.account}: refreshed` : `${r.platform}/${r.account}: FAILED — ${r.error?.message} ${r.error?.action}`));
  lines.push(...describeTokenStatus(await tokenStatus(services, args.platform), services));
  return { title: 'Token refresh', lines, ok: results.every((r) => r.ok) };
}

// Ocean Engine OAuth2 (contract: oceanengine-local.md, "Auth"). The authorisation page
// (https://open.oceanengine.com/audit/oauth.html?app_id&state&redirect_uri) sends the person back
// to the redirect URI with `auth_code` (single use, 10 min) and our `state`. The code is
// exchanged at POST /open_api/oauth2/access_token/; access tokens live 24 h, refresh tokens 30 d,
// and every refresh returns a NEW refresh token while the old one dies — so refreshes must never
// run twice at once (src/tokens/store.ts holds a row lock).
import type { TokenGrant, TokenProvider } from '../../tokens/types.js';
import { RefreshRejectedError } from '../../tokens/types.js';
import { TongbuError } from '../../errors.js';
import { parseJsonLossless } from '../../engine/lossless-json.js';

export const OCEANENGINE_PLATFORM = 'oceanengine';
/** Codes meaning "this refresh token is dead": only re-authorising helps (40107: emulator's choice, unconfirmed). */
const REFRESH_DEAD_CODES = new Set([40107, 40103, 40104, 40109]);

export interface OceanengineOAuthOptions {
  appId: string;
  secret: string;
  /** API host: https://api.oceanengine.com or the emulator. */
  baseUrl: string;
  /** The authorisation page. */
  authBaseUrl: string;
  redirectUri?: string;
  timeoutMs?: number;
}

export function oceanengineOAuth(opts: OceanengineOAuthOptions): TokenProvider {
  if (!/^\d+$/.test(opts.appId)) throw new TongbuError('CONFIG_INVALID', 'OCEANENGINE_APP_ID must be the numeric app id');

  async function post(path: string, fields: Record<string, string>): Promise<{ code?: unknown; message?: unknown; data?: Record<string, unknown> }> {
    // app_id is int64 in the API; written as a bare number without going through a JS double.
    const body = `{"app_id":${opts.appId},${Object.entries(fields)
      .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
      .join(',')}}`;
    const res = await fetch(`${opts.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
    });
    const text = await res.text();
    if (res.status >= 500) throw new Error(`HTTP ${res.status} from ${path}`);
    try {
      return parseJsonLossless(text) as { code?: unknown; message?: unknown; data?: Record<string, unknown> };
    } catch {
      throw new Error(`HTTP ${res.status} from ${path}: not JSON`);
    }
  }

  function toGrant(data: Record<string, unknown> | undefined, path: string): TokenGrant {
    const d = data ?? {};
    if (typeof d.access_token !== 'string' || typeof d.refresh_token !== 'string') throw new Error(`${path}: no tokens in the answer`);
    const ids = Array.isArray(d.advertiser_ids) ? d.advertiser_ids.map(String) : undefined;
    return {
      accessToken: d.access_token,
      refreshToken: d.refresh_token,
      accessExpiresIn: Number(d.expires_in ?? 86_400),
      refreshExpiresIn: Number(d.refresh_token_expires_in ?? 30 * 86_400),
      grantedAccounts: ids,
    };
  }

  return {
    platform: OCEANENGINE_PLATFORM,
    title: '巨量引擎',
    async exchangeCode(code) {
      const path = '/open_api/oauth2/access_token/';
      const res = await post(path, { secret: opts.secret, grant_type: 'auth_code', auth_code: code.trim() });
      if (res.code !== 0) throw new TongbuError('TOKEN_AUTH_CODE_REJECTED', `code ${String(res.code)}: ${String(res.message ?? '')}`);
      return toGrant(res.data, path);
    },
    async refresh(refreshToken) {
      const path = '/open_api/oauth2/refresh_token/';
      const res = await post(path, { secret: opts.secret, grant_type: 'refresh_token', refresh_token: refreshToken });
      if (res.code !== 0) {
        const code = Number(res.code);
        const message = `code ${String(res.code)}: ${String(res.message ?? '')}`;
        if (REFRESH_DEAD_CODES.has(code)) throw new RefreshRejectedError(message, code);
        throw new Error(message);
      }
      return toGrant(res.data, path);
    },
    authorizationUrl(state) {
      const u = new URL(opts.authBaseUrl);
      u.searchParams.set('app_id', opts.appId);
      u.searchParams.set('state', state);
      if (opts.redirectUri) u.searchParams.set('redirect_uri', opts.redirectUri);
      return u.toString();
    },
  };
}

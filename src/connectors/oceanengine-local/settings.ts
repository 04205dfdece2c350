// 巨量本地推 settings: the OAuth app, local-push accounts, hosts, schedule and token refresh. In
// sandbox mode the emulator (src/sandbox/oceanengine-local/sandbox.ts) supplies the app and
// accounts, pointing at itself. The old script's `.env` names (JULIANG_*) are accepted.
import { z } from 'zod';
import { cron, int, list, optionalString, stringWithDefault, url, urlWithDefault } from '../../config/fields.js';
import type { TokenProvider } from '../../tokens/types.js';
import { oceanengineOAuth } from './oauth.js';

export const OCEANENGINE_REAL_BASE_URL = 'https://api.oceanengine.com';
/** The production authorisation page (OCEANENGINE_AUTH_BASE_URL's default). */
export const OCEANENGINE_AUTH_PAGE_URL = 'https://open.oceanengine.com/audit/oauth.html';

export const oceanengineLocalSettings = z.object({
  /** Numeric (int64 in the API). */
  OCEANENGINE_APP_ID: optionalString().refine((v) => v === undefined || /^\d+$/.test(v), { error: 'must be the numeric app id' }),
  OCEANENGINE_SECRET: optionalString(),
  /** 本地推 account ids (local_account_id, not advertiser_id), comma-separated. */
  OCEANENGINE_ACCOUNT_IDS: list(),
  /** Real API: https://api.oceanengine.com. Empty: the emulator (sandbox) or the real host. */
  OCEANENGINE_BASE_URL: url(),
  /** Where people authorise the app (the emulator's own page in sandbox mode). */
  OCEANENGINE_AUTH_BASE_URL: urlWithDefault(OCEANENGINE_AUTH_PAGE_URL),
  /** The redirect URI registered with the app; Tongbu serves it at /oauth/oceanengine/callback. */
  OCEANENGINE_OAUTH_REDIRECT_URI: optionalString(),
  /** Name of the grant `tongbu auth oceanengine` stores when --grant is not given. */
  OCEANENGINE_GRANT: stringWithDefault('default'),
  OCEANENGINE_CRON: cron('0 7 * * *'),
  /** Full days re-pulled by each scheduled run, ending yesterday (the platform revises recent days). */
  OCEANENGINE_LOOKBACK_DAYS: int(3, 1, 365),
  /** Refresh the access token when fewer than this many minutes are left. */
  OCEANENGINE_REFRESH_BEFORE_MINUTES: int(60, 1, 1380),
  /** Report rows per page: the API accepts 10, 20, 50 or 100. */
  OCEANENGINE_PAGE_SIZE: int(100, 10, 100).refine((v) => [10, 20, 50, 100].includes(v), { error: 'must be 10, 20, 50 or 100' }),
});

export type OceanengineLocalSettings = z.infer<typeof oceanengineLocalSettings>;

export const oceanengineLocalAliases: Record<string, string> = {
  JULIANG_APP_ID: 'OCEANENGINE_APP_ID',
  JULIANG_SECRET: 'OCEANENGINE_SECRET',
  JULIANG_ADVERTISER_ID: 'OCEANENGINE_ACCOUNT_IDS',
};

/** The OAuth provider for the token store; `baseUrl` is the real host or the running emulator. */
export function oceanengineTokenProvider(s: OceanengineLocalSettings, baseUrl: string): TokenProvider | undefined {
  if (!s.OCEANENGINE_APP_ID || !s.OCEANENGINE_SECRET) return undefined;
  return oceanengineOAuth({
    appId: s.OCEANENGINE_APP_ID,
    secret: s.OCEANENGINE_SECRET,
    baseUrl,
    authBaseUrl: s.OCEANENGINE_AUTH_BASE_URL,
    redirectUri: s.OCEANENGINE_OAUTH_REDIRECT_URI,
  });
}

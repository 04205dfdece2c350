// The Ocean Engine app, accounts and hosts in use. In sandbox mode the emulator's factory
// (src/sandbox/oceanengine-local/sandbox.ts) supplies these settings, pointing at itself.
import type { Config } from '../../config.js';
import { oceanengineOAuth } from './oauth.js';
import type { TokenProvider } from '../../tokens/types.js';

export const OCEANENGINE_REAL_BASE_URL = 'https://api.oceanengine.com';

/** The OAuth provider for the token store; `baseUrl` is the real host or the running emulator. */
export function oceanengineTokenProvider(config: Config, baseUrl: string): TokenProvider | undefined {
  if (!config.OCEANENGINE_APP_ID || !config.OCEANENGINE_SECRET) return undefined;
  return oceanengineOAuth({
    appId: config.OCEANENGINE_APP_ID,
    secret: config.OCEANENGINE_SECRET,
    baseUrl,
    authBaseUrl: config.OCEANENGINE_AUTH_BASE_URL,
    redirectUri: config.OCEANENGINE_OAUTH_REDIRECT_URI,
  });
}

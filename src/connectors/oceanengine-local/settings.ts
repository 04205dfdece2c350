// Which Ocean Engine app, accounts and hosts are in use: the configured ones, or the emulator's
// own app and accounts in sandbox mode (SANDBOX=on, or auto without OCEANENGINE_APP_ID/SECRET).
import type { Config } from '../../config.js';
import { SANDBOX_ACCOUNTS, SANDBOX_APP } from '../../sandbox/oceanengine-local/emulator.js';
import { oceanengineOAuth } from './oauth.js';
import type { TokenProvider } from '../../tokens/types.js';

export const OCEANENGINE_REAL_BASE_URL = 'https://api.oceanengine.com';

export interface OceanengineSettings {
  configured: boolean;
  sandbox: boolean;
  appId: string;
  secret: string;
  accounts: string[];
}

export function oceanengineSettings(config: Config): OceanengineSettings {
  const configured = Boolean(config.OCEANENGINE_APP_ID && config.OCEANENGINE_SECRET);
  const sandbox = config.SANDBOX === 'on' || (config.SANDBOX === 'auto' && !configured);
  if (sandbox) return { configured, sandbox, ...SANDBOX_APP, accounts: SANDBOX_ACCOUNTS };
  return { configured, sandbox, appId: config.OCEANENGINE_APP_ID ?? '', secret: config.OCEANENGINE_SECRET ?? '', accounts: config.OCEANENGINE_ACCOUNT_IDS };
}

/** The OAuth provider for the token store; `baseUrl` is the real host or the running emulator. */
export function oceanengineTokenProvider(config: Config, baseUrl: string): TokenProvider | undefined {
  const s = oceanengineSettings(config);
  if (!s.sandbox && !s.configured) return undefined;
  return oceanengineOAuth({
    appId: s.appId,
    secret: s.secret,
    baseUrl,
    // In sandbox mode the emulator stands in for the authorisation page too.
    authBaseUrl: s.sandbox ? `${baseUrl}/sandbox/oauth/authorize` : config.OCEANENGINE_AUTH_BASE_URL,
    redirectUri: config.OCEANENGINE_OAUTH_REDIRECT_URI,
  });
}

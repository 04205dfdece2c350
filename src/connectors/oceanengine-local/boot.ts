// At start: point the token store's 巨量引擎 provider at the host the connector uses (the real
// API, or the emulator in sandbox mode), and in sandbox mode authorise once against the emulator
// so the connector works with no setup.
import type { Logger } from '../../logger.js';
import type { Services } from '../../services.js';
import type { TokenStore } from '../../tokens/store.js';
import { OCEANENGINE_PLATFORM } from './oauth.js';
import { oceanengineTokenProvider } from './settings.js';

export async function prepareOceanengineTokens(services: Services): Promise<void> {
  const rt = services.engine?.runtimes.get('oceanengine-local');
  const tokens = services.tokens;
  if (!rt || !tokens || rt.mode === 'disabled') return;
  const provider = oceanengineTokenProvider(rt.config, rt.baseUrl);
  if (!provider) return;
  tokens.register(provider);
  if (rt.mode === 'sandbox') await seedSandboxGrant(tokens, rt.config.OCEANENGINE_GRANT, services.log);
}

/**
 * Authorise through the emulator's authorisation page, as a person would (link → auth_code →
 * exchange), unless a grant is stored already (the emulator's tokens outlive restarts).
 */
export async function seedSandboxGrant(tokens: TokenStore, grant: string, log: Logger): Promise<boolean> {
  if ((await tokens.status(OCEANENGINE_PLATFORM)).length) return false;
  const link = await tokens.authorizationLink(OCEANENGINE_PLATFORM, grant);
  const res = await fetch(link, { redirect: 'manual' });
  let code: string | null;
  let state: string | null;
  if (res.status === 302) {
    // With OCEANENGINE_OAUTH_REDIRECT_URI set the page redirects there, like the real one.
    const back = new URL(res.headers.get('location') ?? '');
    code = back.searchParams.get('auth_code');
    state = back.searchParams.get('state');
  } else {
    const body = (await res.json()) as { data?: { auth_code?: string; state?: string } };
    code = body.data?.auth_code ?? null;
    state = body.data?.state ?? null;
  }
  if (!code || !state) throw new Error(`the 巨量引擎 emulator did not issue an auth code (HTTP ${res.status})`);
  const done = await tokens.completeAuthorization(OCEANENGINE_PLATFORM, state, code);
  log.info({ grant, accounts: done.grantedAccounts }, '巨量引擎 (sandbox): authorised against the built-in emulator');
  return true;
}

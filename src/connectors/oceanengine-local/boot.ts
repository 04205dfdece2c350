// At start, in sandbox mode: authorise once against the emulator, as a person would, so the
// connector works with no setup (the declaration's OAuth start-up hook).
import type { Logger } from '../../logger.js';
import type { TokenStore } from '../../tokens/store.js';
import { OCEANENGINE_PLATFORM } from './oauth.js';

/**
 * Authorise through the emulator's authorisation page, as a person would (link → auth_code →
 * exchange), unless a grant is stored already (the emulator's tokens outlive restarts).
 */
export async function seedSandboxGrant(tokens: TokenStore, grant: string, log: Logger, platform = OCEANENGINE_PLATFORM): Promise<boolean> {
  if ((await tokens.status(platform)).length) return false;
  const link = await tokens.authorizationLink(platform, grant);
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
  const done = await tokens.completeAuthorization(platform, state, code);
  log.info({ grant, accounts: done.grantedAccounts }, '巨量引擎 (sandbox): authorised against the built-in emulator');
  return true;
}

// OAuth callbacks: a platform's authorisation page sends the person back to the redirect URI
// registered with its app (→ GET /oauth/<platform>/callback) with an auth code (`auth_code`, or
// `code`) and our `state`. The state must be one we handed out (tongbu auth, or an alert's re-authorise link)
// and is used once, so nobody can plant their own grant by calling the callback. The answer is
// plain text for the person's browser; token values never appear in it.
import type { FastifyInstance } from 'fastify';
import { requireAdmin } from './admin-auth.js';
import { TongbuError, isTongbuError } from '../errors.js';
import { oauthPlatforms, tokenPlatform, tokensOf } from '../ops/tokens.js';
import type { Services } from '../services.js';
import { settingsOf } from '../engine/connector.js';

export async function oauthRoutes(app: FastifyInstance, { services }: { services: Services }) {
  // logLevel warn: the request log line would carry the (single-use) auth_code in its URL.
  app.get('/oauth/:platform/callback', { logLevel: 'warn' }, async (req, reply) => {
    const q = req.query as { auth_code?: string; code?: string; state?: string };
    reply.type('text/plain; charset=utf-8');
    try {
      const platform = tokenPlatform(services, (req.params as { platform: string }).platform);
      const title = oauthPlatforms(services).find((o) => o.platform === platform)?.title ?? platform;
      const code = q.auth_code ?? q.code;
      if (!q.state) throw new TongbuError('TOKEN_STATE_INVALID', 'missing');
      if (!code) throw new TongbuError('TOKEN_AUTH_CODE_REJECTED', 'the callback carried no auth_code (was access denied?)');
      const tokens = await tokensOf(services);
      const done = await tokens.completeAuthorization(platform, q.state, code);
      const accounts = done.grantedAccounts.length ? ` for accounts ${done.grantedAccounts.join(', ')}` : '';
      return `${title} is authorised (grant "${done.account}")${accounts}. You can close this page.\n`;
    } catch (e) {
      if (!isTongbuError(e)) throw e;
      return reply.code(e.status).send(`${e.message}\n${e.action}\n`);
    }
  });

  /** Admin API: a fresh authorisation link (e.g. for a chat card or a script). */
  app.get('/api/oauth/:platform/link', { preHandler: requireAdmin(services.config.ADMIN_TOKEN) }, async (req) => {
    const platform = tokenPlatform(services, (req.params as { platform: string }).platform);
    const decl = (services.connectors ?? []).find((c) => c.oauth?.platform === platform);
    const grant = (req.query as { grant?: string }).grant ?? (decl?.oauth ? decl.oauth.defaultGrant(settingsOf(decl, services.config)) : 'default');
    return { url: await (await tokensOf(services)).authorizationLink(platform, grant) };
  });
}

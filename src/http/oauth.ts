// OAuth callbacks: a platform's authorisation page sends the person back to the redirect URI
// registered with its app (→ GET /oauth/<platform>/callback) with an auth code (`auth_code`, or
// `code`) and our `state`. The state must be one we handed out (tongbu auth, or an alert's re-authorise link)
// and is used once, so nobody can plant their own grant by calling the callback. The answer is
// plain text for the person's browser; token values never appear in it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAdmin } from './admin-auth.js';
import { TongbuError, isTongbuError } from '../errors.js';
import { oauthPlatforms, tokenPlatform, tokensOf } from '../ops/tokens.js';
import type { Services } from '../services.js';
import { settingsOf } from '../engine/connector.js';
import { clientError } from './request-errors.js';
import { name } from './schemas.js';

/**
 * The callback's query is written by the platform, not by us, so it is not strict: a parameter the
 * platform adds some day is ignored rather than breaking every authorisation. Missing values are
 * named by the handler, in words for the person in the browser.
 */
export const OauthCallbackQuery = z.object({
  auth_code: z.string().max(1000).optional(),
  /** The OAuth 2 name, for platforms that use it. */
  code: z.string().max(1000).optional(),
  state: z.string().max(200).optional(),
});

/** GET /api/oauth/:platform/link?grant=NAME */
export const OauthLinkParams = z.strictObject({ platform: name(50) });
export const OauthLinkQuery = z.strictObject({ grant: name().optional() });

/** The callback answers a person's browser: plain text, message then what to do. */
function textError(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const known = isTongbuError(err) ? { status: err.status, error: err } : clientError(err, req);
  if (!known) throw err; // ours: the app's handler logs it and answers 500
  return reply.code(known.status).type('text/plain; charset=utf-8').send(`${known.error.message}\n${known.error.action}\n`);
}

export const oauthRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  // logLevel warn: the request log line would carry the (single-use) auth_code in its URL.
  app.get(
    '/oauth/:platform/callback',
    { logLevel: 'warn', errorHandler: textError, schema: { params: OauthLinkParams, querystring: OauthCallbackQuery } },
    async (req, reply) => {
      const q = req.query;
      const platform = tokenPlatform(services, req.params.platform);
      const title = oauthPlatforms(services).find((o) => o.platform === platform)?.title ?? platform;
      const code = q.auth_code ?? q.code;
      if (!q.state) throw new TongbuError('TOKEN_STATE_INVALID', 'missing');
      if (!code) throw new TongbuError('TOKEN_AUTH_CODE_REJECTED', 'the callback carried no auth_code (was access denied?)');
      const tokens = await tokensOf(services);
      const done = await tokens.completeAuthorization(platform, q.state, code);
      const accounts = done.grantedAccounts.length ? ` for accounts ${done.grantedAccounts.join(', ')}` : '';
      reply.type('text/plain; charset=utf-8');
      return `${title} is authorised (grant "${done.account}")${accounts}. You can close this page.\n`;
    },
  );

  /** Admin API: a fresh authorisation link (e.g. for a chat card or a script). */
  app.get(
    '/api/oauth/:platform/link',
    { onRequest: requireAdmin(services.config.ADMIN_TOKEN), schema: { params: OauthLinkParams, querystring: OauthLinkQuery } },
    async (req) => {
      const platform = tokenPlatform(services, req.params.platform);
      const decl = (services.connectors ?? []).find((c) => c.oauth?.platform === platform);
      const grant = req.query.grant ?? (decl?.oauth ? decl.oauth.defaultGrant(settingsOf(decl, services.config)) : 'default');
      return { url: await (await tokensOf(services)).authorizationLink(platform, grant) };
    },
  );
};

// The Fastify app: plugins and routes, in boot order. Tests use app.inject().
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { adminApiRoutes } from './http/admin-api.js';
import { healthRoutes } from './http/health.js';
import { oauthRoutes } from './http/oauth.js';
import { importRoutes } from './http/imports.js';
import { connectorRoutes, readTokensOf } from './http/connector-routes.js';
import { CONNECTORS } from './connectors/index.js';
import type { Services } from './services.js';
import { describeError, isTongbuError } from './errors.js';

export async function buildApp(services: Services): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({ // Per-request lines only at debug: health probes and scrapes would drown the log otherwise.
    loggerInstance: services.log.child({ mod: 'http' }, { level: ['debug', 'trace'].includes(services.log.level) ? services.log.level : 'warn' }) as FastifyBaseLogger, bodyLimit: 5 * 1024 * 1024 });

  app.setErrorHandler((err, _req, reply) => {
    if (isTongbuError(err)) return reply.code(err.status).send({ error: err.toJSON() });
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) services.log.error({ err }, 'request failed');
    return reply.code(status).send({ error: describeError(err) });
  });

  await app.register(healthRoutes, { services });
  await app.register(adminApiRoutes, { services });
  if (services.feishuBot) await app.register(services.feishuBot.routes);
  await app.register(oauthRoutes, { services });
  await app.register(importRoutes, { services });
  await app.register(connectorRoutes, { connectors: services.connectors ?? CONNECTORS, pool: services.pool, adminToken: services.config.ADMIN_TOKEN, readTokens: readTokensOf(services.config.API_READ_TOKENS) });
  return app;
}

// The Fastify app: plugins and routes, in boot order. Tests use app.inject().
// Every route's body, query and params are zod schemas (src/http/schemas.ts), validated before
// the handler; every error answers `{ error: { code, message, action } }` (src/http/request-errors.ts).
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RouteOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { adminApiRoutes } from './http/admin-api.js';
import { healthRoutes } from './http/health.js';
import { oauthRoutes } from './http/oauth.js';
import { importRoutes } from './http/imports.js';
import { createErrorHandler, frameworkErrorHandler, notFoundHandler } from './http/request-errors.js';
import { connectorRoutes, readTokensOf } from './http/connector-routes.js';
import { sandboxPages } from './http/sandbox-pages.js';
import { CONNECTORS } from './connectors/index.js';
import type { Services } from './services.js';

/** JSON bodies; Excel uploads (multipart) have their own limit, MAX_IMPORT_MB. */
export const BODY_LIMIT_BYTES = 5 * 1024 * 1024;

export interface BuildAppOptions {
  /** Called for each route as it is added (tests walk every route with it). */
  onRoute?: (route: RouteOptions) => void;
}

export async function buildApp(services: Services, opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({ // Per-request lines only at debug: health probes and scrapes would drown the log otherwise.
    loggerInstance: services.log.child({ mod: 'http' }, { level: ['debug', 'trace'].includes(services.log.level) ? services.log.level : 'warn' }) as FastifyBaseLogger, bodyLimit: BODY_LIMIT_BYTES, frameworkErrors: frameworkErrorHandler });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(createErrorHandler(services.log));
  app.setNotFoundHandler(notFoundHandler);
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);

  await app.register(healthRoutes, { services });
  await app.register(adminApiRoutes, { services });
  if (services.feishuBot) await app.register(services.feishuBot.routes);
  await app.register(oauthRoutes, { services });
  await app.register(importRoutes, { services });
  // Sandbox mode: the sandbox chat on the service's own port, and an index page at /.
  const sandbox = services.feishuBot?.sandbox;
  if (sandbox) await app.register(sandboxPages, { emulatorUrl: sandbox.emulator.baseUrl });
  await app.register(connectorRoutes, { connectors: services.connectors ?? CONNECTORS, pool: services.pool, adminToken: services.config.ADMIN_TOKEN, readTokens: readTokensOf(services.config.API_READ_TOKENS) });
  return app;
}

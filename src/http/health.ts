// GET /healthz (alive), GET /readyz (database reachable, migrations applied), GET /metrics.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { pendingMigrations } from '../db/migrate.js';
import type { Services } from '../services.js';
import { NoQuery } from './schemas.js';

export const healthRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get('/healthz', { schema: { querystring: NoQuery } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { querystring: NoQuery } }, async (_req, reply) => {
    try {
      await services.pool.query('SELECT 1');
    } catch (e) {
      return reply.code(503).send({ status: 'unavailable', reason: `database unreachable: ${(e as Error).message}` });
    }
    const pending = await pendingMigrations(services.pool);
    if (pending.length) return reply.code(503).send({ status: 'unavailable', reason: 'migrations pending', pending });
    return { status: 'ready' };
  });

  app.get('/metrics', { schema: { querystring: NoQuery } }, async (_req, reply) => {
    await services.refreshGauges?.();
    reply.header('content-type', services.metrics.registry.contentType);
    return services.metrics.registry.metrics();
  });
};

import type { FastifyInstance } from 'fastify';
import { pendingMigrations } from '../db/migrate.js';
import type { Services } from '../services.js';

export async function healthRoutes(app: FastifyInstance, { services }: { services: Services }) {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_req, reply) => {
    try {
      await services.pool.query('SELECT 1');
    } catch (e) {
      return reply.code(503).send({ status: 'unavailable', reason: `database unreachable: ${(e as Error).message}` });
    }
    const pending = await pendingMigrations(services.pool);
    if (pending.length) return reply.code(503).send({ status: 'unavailable', reason: 'migrations pending', pending });
    return { status: 'ready' };
  });

  app.get('/metrics', async (_req, reply) => {
    await services.refreshGauges?.();
    reply.header('content-type', services.metrics.registry.contentType);
    return services.metrics.registry.metrics();
  });
}

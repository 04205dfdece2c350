// GET /healthz (alive), GET /readyz (database reachable, migrations applied), GET /metrics.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { pendingMigrations } from '../db/migrate.js';
import { loadLastSuccess } from '../metrics.js';
import type { Services } from '../services.js';
import { NoQuery } from './schemas.js';

export const healthRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  // The last successful run of each connector/account, from before this process started: without
  // it a restart would hide a stall. Best effort: a database not yet migrated only costs the gauge.
  // Only connectors and accounts this service runs (all of them when it runs no engine).
  const running = services.engine
    ? new Set([...services.engine.runtimes.values()].filter((rt) => rt.mode !== 'disabled').flatMap((rt) => rt.accounts.map((a) => `${rt.decl.name}\n${a}`)))
    : undefined;
  const keep = (connector: string, account: string) => !running || running.has(`${connector}\n${account}`);
  await loadLastSuccess(services.pool, services.metrics, keep).catch((e: unknown) =>
    services.log.warn({ err: e }, 'could not read the last successful runs for tongbu_last_success_timestamp_seconds'),
  );

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
    // prom-client spells not-a-number "Nan"; the text format says "NaN" (strict parsers refuse the other).
    return (await services.metrics.registry.metrics()).replace(/ Nan$/gm, ' NaN');
  });
};

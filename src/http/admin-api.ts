// The HTTP admin API: the same operations as the CLI and chat, behind ADMIN_TOKEN.
// Each route's input is a zod schema (src/http/schemas.ts explains the pattern).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TongbuError } from '../errors.js';
import { getStatus } from '../ops/status.js';
import { getOverview } from '../ops/overview.js';
import { getRunByKey, getSyncProgress, requestSync } from '../ops/sync.js';
import { setTaskState } from '../ops/tasks.js';
import { allTokenStatus } from '../ops/tokens.js';
import type { Services } from '../services.js';
import { requireAdmin } from './admin-auth.js';
import { name, NoBody, NoQuery, oneOrMany } from './schemas.js';

/** POST /api/sync */
export const SyncBody = z.strictObject({
  connector: name(),
  /** "YYYY-MM-DD", "YYYY-MM-DD..YYYY-MM-DD" or date-times (Asia/Shanghai); default: the schedule's window. */
  range: z.string().max(100).optional(),
  /** Delete those days' records in Bitable first, then write them again. */
  force: z.boolean().optional(),
  /** One account of the connector; default: all of them. */
  account: name().optional(),
});

/** GET /api/sync?key=<runKey>[&key=…] */
export const SyncProgressQuery = z.strictObject({ key: oneOrMany(name(300)) });

/** GET /api/tokens[?platform=<platform or connector>] */
export const TokensQuery = z.strictObject({ platform: name().optional() });

/** POST /api/tasks/:name/stop|start */
export const TaskParams = z.strictObject({ name: name() });

export const adminApiRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  // onRequest: a caller without the token learns nothing, not even which fields a route takes.
  app.addHook('onRequest', requireAdmin(services.config.ADMIN_TOKEN));

  app.get('/api/status', { schema: { querystring: NoQuery } }, async () => getStatus(services));

  /** The overview across platforms: ?period=today|yesterday|7d|30d|YYYY-MM|from..to (default yesterday). */
  app.get('/api/overview', { schema: { querystring: z.strictObject({ period: z.string().max(40).optional() }) } }, async (req) => getOverview(services, req.query.period));

  app.post('/api/sync', { schema: { body: SyncBody, querystring: NoQuery } }, async (req, reply) => {
    const { connector, range, force, account } = req.body;
    const queued = await requestSync(services, { connector, range, force, account, trigger: 'api', requestedBy: 'api' });
    return reply.code(202).send(queued);
  });

  app.get('/api/sync', { schema: { querystring: SyncProgressQuery } }, async (req) => {
    const keys = req.query.key;
    const view = keys.length === 1 ? await getRunByKey(services, keys[0] as string) : await getSyncProgress(services, keys);
    if (!view) throw new TongbuError('RUN_UNKNOWN');
    return view;
  });

  /** What `/token status` lists, as JSON: OAuth grants and declared credentials (expiries, never a token). */
  app.get('/api/tokens', { schema: { querystring: TokensQuery } }, async (req) => {
    const { oauth, credentials } = await allTokenStatus(services, req.query.platform);
    return { tokens: oauth, credentials };
  });

  for (const verb of ['stop', 'start'] as const) {
    app.post(`/api/tasks/:name/${verb}`, { schema: { params: TaskParams, querystring: NoQuery, body: NoBody } }, async (req) =>
      setTaskState(services, req.params.name, verb === 'stop' ? 'STOPPED' : 'RUNNING', 'api'),
    );
  }
};

// The HTTP admin API: the same operations as the CLI and chat, behind ADMIN_TOKEN.
import type { FastifyInstance } from 'fastify';
import { getStatus } from '../ops/status.js';
import { getRunByKey, getSyncProgress, requestSync } from '../ops/sync.js';
import { setTaskState } from '../ops/tasks.js';
import type { Services } from '../services.js';
import { requireAdmin } from './admin-auth.js';

export async function adminApiRoutes(app: FastifyInstance, { services }: { services: Services }) {
  app.addHook('preHandler', requireAdmin(services.config.ADMIN_TOKEN));

  app.get('/api/status', async () => getStatus(services));

  app.post<{ Body: { connector?: string; range?: string; force?: boolean; account?: string } }>('/api/sync', async (req, reply) => {
    const body = req.body ?? {};
    if (!body.connector) return reply.code(400).send({ error: { code: 'BAD_REQUEST', message: 'connector is required', action: 'POST {"connector":"douyin-life","range":"2026-02-01..2026-02-11"}' } });
    const queued = await requestSync(services, { connector: body.connector, range: body.range, force: body.force, account: body.account, trigger: 'api', requestedBy: 'api' });
    return reply.code(202).send(queued);
  });

  app.get<{ Querystring: { key?: string | string[] } }>('/api/sync', async (req, reply) => {
    const keys = ([] as string[]).concat(req.query.key ?? []);
    const view = keys.length === 1 ? await getRunByKey(services, keys[0] as string) : await getSyncProgress(services, keys);
    if (!view) return reply.code(404).send({ error: { code: 'RUN_UNKNOWN', message: 'no run with that key', action: 'Use the runKeys POST /api/sync returned.' } });
    return view;
  });

  app.post<{ Params: { name: string; verb: string } }>('/api/tasks/:name/:verb', async (req, reply) => {
    const { name, verb } = req.params;
    if (verb !== 'stop' && verb !== 'start') return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `unknown action ${verb}`, action: 'Use /api/tasks/<name>/stop or /start.' } });
    return setTaskState(services, name, verb === 'stop' ? 'STOPPED' : 'RUNNING', 'api');
  });
}

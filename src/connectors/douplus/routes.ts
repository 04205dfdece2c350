// GET /api/douplus/{orders, orders/:id, videos, accounts}: the query API (read access: ADMIN_TOKEN
// or an API_READ_TOKENS token). Bad parameters get 400 naming each wrong one and what it accepts.
import type { z } from 'zod';
import type { ConnectorRoute } from '../../engine/types.js';
import { accountTotals, listOrders, orderDetail, orderListParams, PERIODS, rankingParams, videoRanking, type Period } from './query.js';

function badRequest(error: z.ZodError, example: string): { status: number; body: unknown } {
  const problems = error.issues.map((i) => {
    if (i.code === 'unrecognized_keys') return `unknown parameter(s): ${i.keys.join(', ')}`;
    return `${i.path.join('.')}: ${i.message}`;
  });
  return { status: 400, body: { error: { code: 'BAD_REQUEST', message: problems.join('; '), problems, action: `Fix the parameters, e.g. ${example}` } } };
}

/** Query values as strings (a repeated parameter: its last value). */
function flat(query: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) out[k] = Array.isArray(v) ? String(v[v.length - 1]) : String(v);
  return out;
}

export const douplusRoutes: ConnectorRoute[] = [
  {
    method: 'GET',
    path: '/orders',
    access: 'read',
    async handle(req, ctx) {
      const p = orderListParams.safeParse(flat(req.query));
      if (!p.success) return badRequest(p.error, '/api/douplus/orders?sort=cost&page=1&page_size=20&status=DELIVERING');
      return { body: await listOrders(ctx.pool, p.data) };
    },
  },
  {
    method: 'GET',
    path: '/orders/:id',
    access: 'read',
    async handle(req, ctx) {
      const id = req.params.id ?? '';
      if (!/^\d+$/.test(id)) return { status: 400, body: { error: { code: 'BAD_REQUEST', message: `order id must be digits, got ${JSON.stringify(id)}`, action: 'Use an order_id from /api/douplus/orders.' } } };
      const found = await orderDetail(ctx.pool, id);
      if (!found) return { status: 404, body: { error: { code: 'NOT_FOUND', message: `no DOU+ order ${id}`, action: 'Use an order_id from /api/douplus/orders; new orders appear within 5 minutes.' } } };
      return { body: found };
    },
  },
  {
    method: 'GET',
    path: '/videos',
    access: 'read',
    async handle(req, ctx) {
      const p = rankingParams.safeParse(flat(req.query));
      if (!p.success) return badRequest(p.error, '/api/douplus/videos?period=7d');
      const r = await videoRanking(ctx.pool, p.data);
      return { body: { period: p.data.period, account: p.data.account ?? null, as_of: r.asOf, videos: r.videos } };
    },
  },
  {
    method: 'GET',
    path: '/accounts',
    access: 'read',
    async handle(req, ctx) {
      const q = flat(req.query);
      const extra = Object.keys(q).filter((k) => k !== 'period');
      const period = (q.period ?? '7d') as Period;
      const problems = [
        ...(extra.length ? [`unknown parameter(s): ${extra.join(', ')}`] : []),
        ...((PERIODS as readonly string[]).includes(period) ? [] : [`period: must be one of ${PERIODS.join(', ')}`]),
      ];
      if (problems.length) return { status: 400, body: { error: { code: 'BAD_REQUEST', message: problems.join('; '), problems, action: 'Fix the parameters, e.g. /api/douplus/accounts?period=7d' } } };
      return { body: { period, accounts: await accountTotals(ctx.pool, period) } };
    },
  },
];

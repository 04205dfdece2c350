// The HTTP routes connectors declare (`routes` in their declaration), served at
// /api/<connector name><path>. 'read' routes accept ADMIN_TOKEN or any of API_READ_TOKENS (for
// dashboards and BI tools that must not trigger syncs); 'admin' routes ADMIN_TOKEN only.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Pool } from '../db/pool.js';
import type { ConnectorDeclaration } from '../engine/types.js';
import { TongbuError } from '../errors.js';

function bearer(req: FastifyRequest): Buffer {
  const header = req.headers.authorization ?? '';
  return Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
}

function matches(given: Buffer, token: string | undefined): boolean {
  if (!token) return false;
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** API_READ_TOKENS: comma-separated, blanks dropped. */
export function readTokensOf(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

export async function connectorRoutes(
  app: FastifyInstance,
  opts: { connectors: ConnectorDeclaration[]; pool: Pool; adminToken?: string; readTokens: string[]; now?: () => Date },
): Promise<void> {
  for (const c of opts.connectors) {
    for (const route of c.routes ?? []) {
      app.route({
        method: route.method,
        url: `/api/${c.name}${route.path}`,
        preHandler: async (req) => {
          const given = bearer(req);
          const ok = matches(given, opts.adminToken) || (route.access === 'read' && opts.readTokens.some((t) => matches(given, t)));
          if (!ok) throw new TongbuError('UNAUTHORIZED');
        },
        handler: async (req, reply) => {
          const answer = await route.handle(
            { params: (req.params ?? {}) as Record<string, string>, query: (req.query ?? {}) as Record<string, unknown> },
            { pool: opts.pool, now: opts.now?.() ?? new Date() },
          );
          return reply.code(answer.status ?? 200).send(answer.body);
        },
      });
    }
  }
}

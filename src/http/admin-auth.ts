import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TongbuError } from '../errors.js';

/**
 * Hook for the admin API: `Authorization: Bearer <ADMIN_TOKEN>`. No token configured = closed.
 * Use it as onRequest, so it runs before the body is read and validated.
 */
export function requireAdmin(adminToken: string | undefined) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const header = req.headers.authorization ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    const expected = Buffer.from(adminToken ?? '');
    if (!adminToken || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new TongbuError('UNAUTHORIZED');
    }
  };
}

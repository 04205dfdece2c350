// What every emulator does the same way: record each request (so tests can assert on what a
// client sent) with the status and `code` of its answer, and inject faults by `METHOD /path`.
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface RecordedRequest {
  at: number;
  method: string;
  path: string;
  query: Record<string, unknown>;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  /** HTTP status the emulator answered with. */
  status?: number;
  /** `code` of the JSON answer, when there was one. */
  code?: number;
}

type WithRecord = FastifyRequest & { recorded?: RecordedRequest };

/**
 * How many recorded requests each emulator keeps (the oldest go first). Tests keep all of them
 * to assert on; the service's sandbox (`tongbu serve` with nothing configured) runs for days, and
 * every page fetched and every Bitable batch written would otherwise stay in memory for good.
 */
let keepRequests = Number.POSITIVE_INFINITY;

/** Keep only the most recent `n` requests of every emulator (the running service's sandbox). */
export function keepRecentRequests(n: number): void {
  keepRequests = n;
}

/**
 * Record every request into `requests`. Call before the emulator adds its own preHandler hooks
 * (Fastify runs them in order), so a request refused by a fault or an auth check is recorded too.
 */
export function recordRequests(app: FastifyInstance, requests: RecordedRequest[]): { recorded(req: FastifyRequest): RecordedRequest | undefined } {
  app.addHook('preHandler', async (req) => {
    const rec: RecordedRequest = {
      at: Date.now(),
      method: req.method,
      path: req.url.split('?')[0] ?? req.url,
      query: (req.query ?? {}) as Record<string, unknown>,
      body: req.body,
      headers: req.headers,
    };
    requests.push(rec);
    // Trimmed by a quarter at a time, so the copy happens once per many requests.
    if (requests.length > keepRequests * 1.25) requests.splice(0, requests.length - keepRequests);
    (req as WithRecord).recorded = rec;
  });
  app.addHook('onSend', async (req, reply, payload) => {
    const rec = (req as WithRecord).recorded;
    if (rec) {
      rec.status = reply.statusCode;
      if (typeof payload === 'string' && payload.startsWith('{')) {
        // Envelopes put `code` first: read it without parsing a large answer (Bitable batches).
        const head = /^\{"code":(-?\d+)/.exec(payload);
        if (head) rec.code = Number(head[1]);
        else if (payload.length < 65_536) {
          try {
            rec.code = (JSON.parse(payload) as { code?: number }).code;
          } catch {
            /* not JSON */
          }
        }
      }
    }
    return payload;
  });
  return { recorded: (req) => (req as WithRecord).recorded };
}

/** A fault to inject on the next `times` calls whose `METHOD /path` matches. */
export interface FaultRule {
  match: RegExp;
  times: number;
}

/** The first unspent fault matching `METHOD /path` (and `accept`), spent by one. */
export function takeFault<F extends FaultRule>(faults: F[], line: string, accept: (f: F) => boolean = () => true): F | undefined {
  const fault = faults.find((f) => f.times > 0 && f.match.test(line) && accept(f));
  if (fault) fault.times -= 1;
  return fault;
}

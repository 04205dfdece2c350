// Emulator of the Feishu Open Platform (open.feishu.cn) for tests and sandbox mode: the real
// @larksuiteoapi/node-sdk is pointed at it with `domain: emulator.baseUrl`. It follows the
// contract in ../shared/contracts/feishu.md: top-level tenant_access_token, Bearer auth,
// `{code,msg,data}` envelopes, HTTP 429 + 99991400 with x-ogw-ratelimit-reset on rate limits.
// Each area (IM, Bitable, custom bot) is a plugin that registers its routes on this server
// and keeps its state in `emulator.state`. Every request is recorded for assertions.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';

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

/** A fault to inject on the next matching calls (tests and benchmarks). */
export interface FeishuFault {
  /** Regular expression over `METHOD /path`. */
  match: RegExp;
  /** How many matching calls fail (then the fault is spent). */
  times: number;
  /** HTTP 429 + 99991400 (rateLimit), or HTTP 200 with this business code, or an HTTP 5xx. */
  kind: 'rateLimit' | { code: number; msg?: string; httpStatus?: number };
  /** Seconds for x-ogw-ratelimit-reset. */
  resetSeconds?: number;
}

export interface FeishuEmulatorOptions {
  appId?: string;
  appSecret?: string;
  /** Seconds a tenant_access_token lives (≥ 180: the SDK caches for expire − 3 min). */
  tokenTtlSeconds?: number;
  log?: boolean;
}

export interface FeishuEmulator {
  app: FastifyInstance;
  appId: string;
  appSecret: string;
  /** Set by listen(): `http://127.0.0.1:PORT`, no trailing slash. */
  baseUrl: string;
  requests: RecordedRequest[];
  faults: FeishuFault[];
  /** Per-area state; plugins add their own keys. */
  state: Record<string, unknown>;
  /** Tokens issued and still valid. */
  tokens: Map<string, number>;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
  /** Answer with the Feishu error envelope. */
  fail(reply: FastifyReply, code: number, msg: string, httpStatus?: number): FastifyReply;
  /** Answer `{code:0,msg:'success',data}`. */
  ok(reply: FastifyReply, data?: unknown): FastifyReply;
}

export function createFeishuEmulator(opts: FeishuEmulatorOptions = {}): FeishuEmulator {
  const app = Fastify({ logger: opts.log ?? false, bodyLimit: 110 * 1024 * 1024 });
  const ttl = opts.tokenTtlSeconds ?? 7200;
  const emu: FeishuEmulator = {
    app,
    appId: opts.appId ?? 'cli_a1b2c3d4e5f60718',
    appSecret: opts.appSecret ?? 'sandbox-feishu-secret',
    baseUrl: '',
    requests: [],
    faults: [],
    state: {},
    tokens: new Map(),
    async listen(port = 0, host = '127.0.0.1') {
      const addr = await app.listen({ port, host });
      emu.baseUrl = addr.replace(/\/+$/, '').replace('localhost', '127.0.0.1');
      return emu.baseUrl;
    },
    async close() {
      await app.close();
    },
    fail(reply, code, msg, httpStatus = 200) {
      return reply.code(httpStatus).send({ code, msg, error: { log_id: randomBytes(8).toString('hex') } });
    },
    ok(reply, data = {}) {
      return reply.code(200).send({ code: 0, msg: 'success', data });
    },
  };

  // Multipart and binary bodies are kept raw; plugins parse what they need.
  app.addContentTypeParser(/^multipart\/form-data/, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.addHook('onRequest', async (req) => {
    (req as FastifyRequest & { recorded?: RecordedRequest }).recorded = undefined;
  });
  app.addHook('preHandler', async (req, reply) => {
    const rec: RecordedRequest = {
      at: Date.now(),
      method: req.method,
      path: req.url.split('?')[0] ?? req.url,
      query: (req.query ?? {}) as Record<string, unknown>,
      body: req.body,
      headers: req.headers,
    };
    emu.requests.push(rec);
    (req as FastifyRequest & { recorded?: RecordedRequest }).recorded = rec;

    const line = `${req.method} ${rec.path}`;
    const fault = emu.faults.find((f) => f.times > 0 && f.match.test(line));
    if (fault) {
      fault.times -= 1;
      if (fault.kind === 'rateLimit') {
        reply.header('x-ogw-ratelimit-limit', '50');
        reply.header('x-ogw-ratelimit-reset', String(fault.resetSeconds ?? 1));
        return emu.fail(reply, 99991400, 'request trigger frequency limit', 429);
      }
      return emu.fail(reply, fault.kind.code, fault.kind.msg ?? 'injected fault', fault.kind.httpStatus ?? 200);
    }

    // Every /open-apis call except the auth endpoints needs a live tenant token.
    if (rec.path.startsWith('/open-apis/') && !rec.path.startsWith('/open-apis/auth/') && !rec.path.startsWith('/open-apis/bot/v2/hook/')) {
      const auth = req.headers.authorization;
      if (!auth?.startsWith('Bearer ')) return emu.fail(reply, 99991661, 'Missing access token for authorization', 400);
      const token = auth.slice(7);
      const exp = emu.tokens.get(token);
      if (!exp || exp < Date.now()) return emu.fail(reply, 99991663, 'Invalid access token for authorization', 400);
    }
  });
  app.addHook('onSend', async (req, reply, payload) => {
    const rec = (req as FastifyRequest & { recorded?: RecordedRequest }).recorded;
    if (rec) {
      rec.status = reply.statusCode;
      if (typeof payload === 'string' && payload.startsWith('{')) {
        // ok()/fail() put `code` first: read it without parsing a large answer (Bitable batches).
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

  app.post('/open-apis/auth/v3/tenant_access_token/internal', async (req, reply) => {
    const body = (req.body ?? {}) as { app_id?: string; app_secret?: string };
    if (body.app_id !== emu.appId || body.app_secret !== emu.appSecret) {
      return reply.send({ code: 10014, msg: 'app secret invalid' });
    }
    // Same token while ≥ 30 min remain, a new one otherwise (both stay valid), as documented.
    const now = Date.now();
    let token = [...emu.tokens.entries()].find(([, exp]) => exp - now >= 30 * 60_000 || (ttl < 1800 && exp > now))?.[0];
    if (!token) {
      token = `t-${randomBytes(16).toString('hex')}`;
      emu.tokens.set(token, now + ttl * 1000);
    }
    const expire = Math.round(((emu.tokens.get(token) ?? now) - now) / 1000);
    return reply.send({ code: 0, msg: 'ok', tenant_access_token: token, expire });
  });

  return emu;
}

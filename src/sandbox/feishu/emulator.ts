// Emulator of the Feishu Open Platform (open.feishu.cn) for tests and sandbox mode: the real
// @larksuiteoapi/node-sdk is pointed at it with `domain: emulator.baseUrl`. It follows the
// contract in ../shared/contracts/feishu.md: top-level tenant_access_token, Bearer auth,
// `{code,msg,data}` envelopes, HTTP 429 + 99991400 with x-ogw-ratelimit-reset on rate limits.
// Each area (IM, Bitable, custom bot) is a plugin that registers its routes on this server
// and keeps its state in `emulator.state`. Every request is recorded for assertions.
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { recordRequests, takeFault, type FaultRule, type RecordedRequest } from '../request-recorder.js';
import { randomBytes } from 'node:crypto';

export type { RecordedRequest };

/** A fault to inject on the next matching calls (tests and benchmarks). */
export interface FeishuFault extends FaultRule {
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

  recordRequests(app, emu.requests);
  app.addHook('preHandler', async (req, reply) => {
    const path = req.url.split('?')[0] ?? req.url;
    const fault = takeFault(emu.faults, `${req.method} ${path}`);
    if (fault) {
      if (fault.kind === 'rateLimit') {
        reply.header('x-ogw-ratelimit-limit', '50');
        reply.header('x-ogw-ratelimit-reset', String(fault.resetSeconds ?? 1));
        return emu.fail(reply, 99991400, 'request trigger frequency limit', 429);
      }
      return emu.fail(reply, fault.kind.code, fault.kind.msg ?? 'injected fault', fault.kind.httpStatus ?? 200);
    }

    // Every /open-apis call except the auth endpoints needs a live tenant token.
    if (path.startsWith('/open-apis/') && !path.startsWith('/open-apis/auth/') && !path.startsWith('/open-apis/bot/v2/hook/')) {
      const auth = req.headers.authorization;
      if (!auth?.startsWith('Bearer ')) return emu.fail(reply, 99991661, 'Missing access token for authorization', 400);
      const token = auth.slice(7);
      const exp = emu.tokens.get(token);
      if (!exp || exp < Date.now()) return emu.fail(reply, 99991663, 'Invalid access token for authorization', 400);
    }
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

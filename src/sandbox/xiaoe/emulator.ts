// Emulator of the 小鹅通 open API (../shared/contracts/xiaoe.md), for tests and sandbox mode:
//   GET /token — app_id, client_id, secret_key, grant_type=client_credential, in the query
//     string (PHP SDK) or a JSON body on the GET (Python SDK); tokens live 2 h, fetching a new one
//     leaves the previous valid for 5 more minutes; 100 calls per 10 minutes, then refused.
//   POST /xe.order.list.get/1.0.1 — flat JSON body with access_token, page_index from 1,
//     page_size ≤ 200, begin_time/end_time unix seconds on the creation time, span ≤ 7 days
//     (defaults end = now, begin = end − 24 h), order_by created_at:asc|desc;
//     `{code:0,msg:"",data:{total,list}}` with records in the doc example's shape.
// Orders move with the emulator's clock (paid, refunded days later, partial refunds), so the
// rescan and welfare paths run. Error codes the platform has not published are options
// (defaults 40001 token invalid, 40002 token expired, 40003 rate limited, 2002 bad parameter);
// 2001 invalid secret_key is the documented one. Faults are injected by `METHOD /path`
// (src/sandbox/request-recorder.ts).
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { recordRequests, takeFault, type FaultRule, type RecordedRequest } from '../request-recorder.js';
import { generateOrders, wireRecord, type OrderColumns } from './dataset.js';

export const SANDBOX_APP = { appId: 'appsandbox0xiaoe', clientId: 'xopsandbox0xiaoe00000001', secretKey: 'sandbox-xiaoe-secret-key-0123456789' };

export interface XiaoeErrorCodes {
  tokenInvalid: number;
  tokenExpired: number;
  rateLimited: number;
  badParams: number;
}

export const DEFAULT_XIAOE_CODES: XiaoeErrorCodes = { tokenInvalid: 40001, tokenExpired: 40002, rateLimited: 40003, badParams: 2002 };

export interface XiaoeFault extends FaultRule {
  /**
   * rateLimit: the rate-limit code in a 200; http429: HTTP 429; serverError: HTTP 502 (HTML);
   * malformedPage: a 200 whose body is not JSON; tokenExpired: the token used stops working;
   * or any code and message.
   */
  kind: 'rateLimit' | 'http429' | 'serverError' | 'malformedPage' | 'tokenExpired' | { code: number; msg?: string };
  /** Let this many matching calls through first (a fault on the third page: after 2). */
  after?: number;
}

/** A fault's turn: spends one of its `after` passes and says no until they are gone. */
function due(f: XiaoeFault): boolean {
  if (f.after && f.after > 0) {
    f.after -= 1;
    return false;
  }
  return true;
}

export interface XiaoeEmulatorOptions {
  appId?: string;
  clientId?: string;
  secretKey?: string;
  /** Generated orders, created evenly over [from, to) unix seconds. */
  orders?: number;
  from?: number;
  to?: number;
  seed?: number;
  tokenTtlSeconds?: number;
  /** Token endpoint calls allowed per 10 minutes (100). */
  tokenCallsPer10Min?: number;
  codes?: Partial<XiaoeErrorCodes>;
  /** Milliseconds before each order-list answer. */
  latencyMs?: number;
  /** Milliseconds before each token answer (tests: a renewal that takes a while). */
  tokenLatencyMs?: number;
  /** Clock start: emulated now = real now + offset. */
  clockOffsetMs?: number;
  /** Keep every request's body in `requests` (off for the benchmark's 300,000 orders). */
  recordBodies?: boolean;
}

export interface XiaoeEmulator {
  app: FastifyInstance;
  baseUrl: string;
  appId: string;
  clientId: string;
  secretKey: string;
  codes: XiaoeErrorCodes;
  data: OrderColumns;
  requests: RecordedRequest[];
  faults: XiaoeFault[];
  latencyMs: number;
  /** Successful calls per endpoint. */
  counts: { token: number; orderList: number; refusedToken: number };
  clock: { offsetMs: number; now(): number; nowSeconds(): number; advance(ms: number): void };
  /** Orders put by hand (tests): by order_id, with their creation time; they win over generated ones. */
  put(record: Record<string, unknown>): void;
  remove(orderId: string): void;
  /** Every order created in [from, to] as the list shows it now, oldest first. */
  listed(from: number, to: number): Record<string, unknown>[];
  /** Make every token issued so far stop working (as if 2 h had passed). */
  expireTokens(): void;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

interface Issued {
  expiresAt: number;
}

const SHANGHAI_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
function secondsOf(created: unknown): number {
  const m = typeof created === 'string' ? SHANGHAI_RE.exec(created) : null;
  if (!m) return NaN;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h! - 8, mi!, s!) / 1000;
}

export function createXiaoeEmulator(opts: XiaoeEmulatorOptions = {}): XiaoeEmulator {
  const app = Fastify({ logger: false, bodyLimit: 1 << 20 });
  const now0 = Math.floor(Date.now() / 1000);
  const tokens = new Map<string, Issued>();
  const tokenCalls: number[] = [];
  const extras = new Map<string, { created: number; record: Record<string, unknown> }>();
  const removed = new Set<string>();
  const ttl = opts.tokenTtlSeconds ?? 7200;
  const tokenLimit = opts.tokenCallsPer10Min ?? 100;

  const emu: XiaoeEmulator = {
    app,
    baseUrl: '',
    appId: opts.appId ?? SANDBOX_APP.appId,
    clientId: opts.clientId ?? SANDBOX_APP.clientId,
    secretKey: opts.secretKey ?? SANDBOX_APP.secretKey,
    codes: { ...DEFAULT_XIAOE_CODES, ...opts.codes },
    data: generateOrders({ orders: opts.orders ?? 500, from: opts.from ?? now0 - 30 * 86_400, to: opts.to ?? now0, seed: opts.seed }),
    requests: [],
    faults: [],
    latencyMs: opts.latencyMs ?? 0,
    counts: { token: 0, orderList: 0, refusedToken: 0 },
    clock: {
      offsetMs: opts.clockOffsetMs ?? 0,
      now: () => Date.now() + emu.clock.offsetMs,
      nowSeconds: () => Math.floor(emu.clock.now() / 1000),
      advance: (ms) => {
        emu.clock.offsetMs += ms;
      },
    },
    put(record) {
      const created = secondsOf(record.created_time);
      if (!Number.isFinite(created)) throw new Error(`put: created_time ${String(record.created_time)} is not "YYYY-MM-DD HH:mm:ss"`);
      extras.set(String(record.order_id), { created, record });
      removed.delete(String(record.order_id));
    },
    remove(orderId) {
      extras.delete(orderId);
      removed.add(orderId);
    },
    listed(from, to) {
      return listing(from, to, emu.clock.nowSeconds(), 'asc');
    },
    expireTokens() {
      for (const t of tokens.values()) t.expiresAt = 0;
    },
    async listen(port = 0, host = '127.0.0.1') {
      const addr = await app.listen({ port, host });
      emu.baseUrl = addr.replace(/\/+$/, '').replace('localhost', '127.0.0.1');
      return emu.baseUrl;
    },
    async close() {
      await app.close();
    },
  };

  /** Index of the first generated order created at or after `t`. */
  const lowerBound = (t: number) => {
    const c = emu.data.created;
    let lo = 0;
    let hi = emu.data.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((c[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  function listing(from: number, to: number, now: number, order: 'asc' | 'desc'): Record<string, unknown>[] {
    const end = Math.min(to, now);
    const out: { created: number; record: Record<string, unknown> }[] = [];
    for (let i = lowerBound(from); i < emu.data.n && (emu.data.created[i] as number) <= end; i++) {
      const record = wireRecord(emu.data, i, now);
      const id = record.order_id as string;
      if (extras.has(id) || removed.has(id)) continue;
      out.push({ created: emu.data.created[i] as number, record });
    }
    if (extras.size) {
      for (const e of extras.values()) if (e.created >= from && e.created <= end) out.push(e);
      out.sort((a, b) => a.created - b.created || String(a.record.order_id).localeCompare(String(b.record.order_id)));
    }
    const list = out.map((e) => e.record);
    return order === 'desc' ? list.reverse() : list;
  }

  const send = (reply: FastifyReply, code: number, msg: string, data: unknown = null, status = 200) =>
    reply.code(status).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify({ code, msg, data }));

  recordRequests(app, emu.requests);
  if (opts.recordBodies === false) {
    app.addHook('onResponse', async () => {
      const last = emu.requests[emu.requests.length - 1];
      if (last) last.body = undefined;
    });
  }

  // The Python SDK sends the token parameters as a JSON body on a GET.
  app.addHook('onRequest', async (req) => {
    if (req.method === 'GET' && req.headers['content-type']?.includes('application/json') && Number(req.headers['content-length'] ?? 0) > 0) {
      const chunks: Buffer[] = [];
      for await (const chunk of req.raw) chunks.push(chunk as Buffer);
      try {
        (req as FastifyRequest & { getBody?: unknown }).getBody = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        (req as FastifyRequest & { getBody?: unknown }).getBody = undefined;
      }
    }
  });

  app.addHook('preHandler', async (req, reply) => {
    const line = `${req.method} ${req.url.split('?')[0] ?? req.url}`;
    const fault = takeFault(emu.faults, line, (f) => f.kind !== 'malformedPage' && f.kind !== 'tokenExpired' && due(f));
    if (!fault) return;
    if (fault.kind === 'rateLimit') return send(reply, emu.codes.rateLimited, '请求过于频繁，请稍后再试');
    if (fault.kind === 'http429') return reply.code(429).header('retry-after', '0').send('Too Many Requests');
    if (fault.kind === 'serverError') return reply.code(502).header('content-type', 'text/html').send('<html><body>502 Bad Gateway</body></html>');
    if (typeof fault.kind === 'object') return send(reply, fault.kind.code, fault.kind.msg ?? 'injected fault');
  });

  app.get('/token', async (req, reply) => {
    if (opts.tokenLatencyMs) await new Promise((r) => setTimeout(r, opts.tokenLatencyMs));
    const q = { ...((req.query ?? {}) as Record<string, unknown>), ...(((req as FastifyRequest & { getBody?: unknown }).getBody ?? {}) as Record<string, unknown>) };
    const now = emu.clock.now();
    while (tokenCalls.length && (tokenCalls[0] as number) <= now - 600_000) tokenCalls.shift();
    if (tokenCalls.length >= tokenLimit) {
      emu.counts.refusedToken += 1;
      return send(reply, emu.codes.rateLimited, '获取access_token过于频繁，10分钟内最多100次');
    }
    tokenCalls.push(now);
    if (q.grant_type !== 'client_credential') return send(reply, emu.codes.badParams, 'grant_type 必须为 client_credential');
    if (q.app_id !== emu.appId || q.client_id !== emu.clientId) return send(reply, emu.codes.badParams, 'app_id 或 client_id 错误');
    if (q.secret_key !== emu.secretKey) return send(reply, 2001, 'invalid secret_key');
    // A new token leaves the earlier ones valid for five more minutes.
    for (const t of tokens.values()) t.expiresAt = Math.min(t.expiresAt, now + 5 * 60_000);
    const token = `xe_${randomBytes(6).toString('hex')}_${randomBytes(30).toString('base64url')}`;
    tokens.set(token, { expiresAt: now + ttl * 1000 });
    emu.counts.token += 1;
    return send(reply, 0, 'success', { access_token: token, expires_in: ttl });
  });

  app.post('/xe.order.list.get/1.0.1', async (req, reply) => {
    if (emu.latencyMs) await new Promise((r) => setTimeout(r, emu.latencyMs));
    const b = (req.body ?? {}) as Record<string, unknown>;
    const bad = (why: string) => send(reply, emu.codes.badParams, `参数错误: ${why}`);
    const token = typeof b.access_token === 'string' ? b.access_token : '';
    const issued = tokens.get(token);
    if (!issued) return send(reply, emu.codes.tokenInvalid, 'access_token无效');
    if (takeFault(emu.faults, 'POST /xe.order.list.get/1.0.1', (f) => f.kind === 'tokenExpired' && due(f))) issued.expiresAt = 0;
    if (issued.expiresAt <= emu.clock.now()) return send(reply, emu.codes.tokenExpired, 'access_token已过期');
    const num = (v: unknown, def: number): number => (v === undefined || v === null || v === '' ? def : typeof v === 'number' ? v : /^-?\d+$/.test(String(v).trim()) ? Number(v) : NaN);
    const page = num(b.page_index, 1);
    const size = num(b.page_size, 200);
    if (!Number.isInteger(page) || page < 1) return bad('page_index 从 1 开始');
    if (!Number.isInteger(size) || size < 1) return bad('page_size 必须为正整数');
    if (size > 200) return bad('page_size 最大为 200');
    const now = emu.clock.nowSeconds();
    const end = num(b.end_time, now);
    const begin = num(b.begin_time, end - 86_400);
    if (!Number.isInteger(begin) || !Number.isInteger(end)) return bad('begin_time/end_time 为秒级时间戳');
    if (begin > end) return bad('begin_time 不能大于 end_time');
    if (end - begin > 7 * 86_400) return bad('begin_time 与 end_time 的跨度不能超过7天');
    const orderBy = b.order_by === undefined || b.order_by === '' ? 'created_at:asc' : String(b.order_by);
    if (orderBy !== 'created_at:asc' && orderBy !== 'created_at:desc') return bad('order_by 只支持 created_at:asc / created_at:desc');
    const filters = (['order_id', 'user_id', 'resource_id', 'order_state', 'sales_state', 'ship_state'] as const)
      .map((k) => [k, b[k] === undefined || b[k] === '' ? undefined : String(b[k])] as const)
      .filter(([, v]) => v !== undefined);
    let total: number;
    let pageList: Record<string, unknown>[];
    if (!extras.size && !removed.size && !filters.length && orderBy === 'created_at:asc') {
      // The common case, cheap at 300,000 orders: only the page's records are built.
      const lo = lowerBound(begin);
      const hi = lowerBound(Math.min(end, now) + 1);
      total = hi - lo;
      pageList = [];
      for (let i = lo + (page - 1) * size; i < Math.min(hi, lo + page * size); i++) pageList.push(wireRecord(emu.data, i, now));
    } else {
      let list = listing(begin, end, now, orderBy === 'created_at:desc' ? 'desc' : 'asc');
      for (const [k, v] of filters) list = list.filter((r) => String(r[k]) === v);
      total = list.length;
      pageList = list.slice((page - 1) * size, page * size);
    }
    emu.counts.orderList += 1;
    if (takeFault(emu.faults, 'POST /xe.order.list.get/1.0.1', (f) => f.kind === 'malformedPage' && due(f))) {
      return reply.code(200).header('content-type', 'text/html; charset=utf-8').send('<html><head><title>504 Gateway Time-out</title></head><body>nginx</body></html>');
    }
    return send(reply, 0, '', { total, list: pageList });
  });

  return emu;
}

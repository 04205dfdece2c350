// Emulator of the 抖音来客 Open API (../shared/contracts/douyin-life.md): POST /oauth/client_token/,
// GET /goodlife/v1/trade/order/query/ (also the /hermes/ alias) with the `access-token` header,
// the data+extra envelope, page_num/page_size paging (max 200), unix-second windows on create or
// update time, encrypted phones, and the documented error codes. Faults are injectable.
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { randomBytes } from 'node:crypto';
import { generateOrders, updateSomeOrders, type EmulatedOrder } from './dataset.js';

export interface DouyinLifeFaults {
  /** Share of order queries answered with HTTP 500 / system busy (0..1), deterministic per call number. */
  errorRate?: number;
  /** The next N order queries get a rate-limit answer (alternating HTTP 429 and code 2119003). */
  rateLimitBurst?: number;
  /** The next N order queries answer HTTP 502 (5xx back-off tests). */
  serverErrors?: number;
  /** The next N order queries find their token expired (2190008), and it is dropped. */
  expireTokens?: number;
  /** Milliseconds added to every order query. */
  latencyMs?: number;
  /** A token stops working after this many order queries (answers 2190008 until a new one is fetched). */
  tokenExpiresAfterCalls?: number;
  /** The answer to this page number (of any slice) is malformed, once per `malformedTimes`. */
  malformedPage?: number;
  malformedTimes?: number;
}

export interface OrderQueryLog {
  account_id: string;
  page_num: number;
  page_size: number;
  from?: number;
  to?: number;
  status: 'ok' | 'error';
}

export interface DouyinLifeEmulator {
  app: FastifyInstance;
  baseUrl: string;
  clientKey: string;
  clientSecret: string;
  accounts: string[];
  orders: EmulatedOrder[];
  faults: DouyinLifeFaults;
  queries: OrderQueryLog[];
  tokenRequests: number;
  listen(port?: number): Promise<string>;
  close(): Promise<void>;
  updateOrders(count: number, at?: number): EmulatedOrder[];
}

export interface DouyinLifeEmulatorOptions {
  clientKey?: string;
  clientSecret?: string;
  accounts?: string[];
  orders?: number;
  seed?: number;
  /** Unix seconds range of create times. */
  from?: number;
  to?: number;
  encryptedPhones?: boolean;
  faults?: DouyinLifeFaults;
}

function envelope(reply: FastifyReply, code: number, description: string, data: Record<string, unknown> = {}, http = 200) {
  return reply.code(http).send({
    data: { ...data, error_code: code, description },
    extra: { error_code: code, description, sub_error_code: 0, sub_description: '', now: Math.floor(Date.now() / 1000), logid: randomBytes(12).toString('hex') },
  });
}

export function createDouyinLifeEmulator(opts: DouyinLifeEmulatorOptions = {}): DouyinLifeEmulator {
  const now = Math.floor(Date.now() / 1000);
  const clientKey = opts.clientKey ?? 'awsandboxdouyinlife';
  const clientSecret = opts.clientSecret ?? 'sandbox-secret-0123456789abcdef';
  const accounts = opts.accounts ?? ['7000000000000000001'];
  const app = Fastify({ logger: false });
  const tokens = new Map<string, { calls: number; expiresAt: number }>();
  let queryNo = 0;
  let malformedLeft = opts.faults?.malformedTimes ?? 1;
  let sorted: EmulatedOrder[] | undefined;
  let sortedLength = -1;
  const sortedByCreate = () => {
    if (!sorted || sortedLength !== emu.orders.length) {
      sorted = [...emu.orders].sort((a, b) => b.create - a.create || (a.record.order_id as string).localeCompare(b.record.order_id as string));
      sortedLength = emu.orders.length;
    }
    return sorted;
  };
  /** Index of the first order (newest first) created at or before `t`. */
  const firstAtOrBelow = (list: EmulatedOrder[], t: number) => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as EmulatedOrder).create > t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const emu: DouyinLifeEmulator = {
    app,
    baseUrl: '',
    clientKey,
    clientSecret,
    accounts,
    orders: generateOrders({
      seed: opts.seed,
      orders: opts.orders,
      accounts,
      from: opts.from ?? now - 30 * 86400,
      to: opts.to ?? now,
      clientSecret,
      encryptedPhones: opts.encryptedPhones ?? true,
    }),
    faults: { ...opts.faults },
    queries: [],
    tokenRequests: 0,
    async listen(port = 0) {
      const addr = await app.listen({ port, host: '127.0.0.1' });
      emu.baseUrl = addr.replace('localhost', '127.0.0.1');
      return emu.baseUrl;
    },
    async close() {
      await app.close();
    },
    updateOrders(count, at = Math.floor(Date.now() / 1000)) {
      return updateSomeOrders(emu.orders, count, at);
    },
  };

  app.post('/oauth/client_token/', async (req, reply) => {
    emu.tokenRequests += 1;
    const b = (req.body ?? {}) as Record<string, string>;
    if (b.grant_type !== 'client_credential') return envelope(reply, 2100005, '参数不合法: grant_type');
    if (b.client_key !== clientKey || b.client_secret !== clientSecret) return envelope(reply, 2190004, 'client_key 或 client_secret 错误');
    const token = `clt.${randomBytes(16).toString('hex')}`;
    tokens.set(token, { calls: 0, expiresAt: Date.now() + 7200_000 });
    // The official sample sends these as strings; keep it that way so clients stay tolerant.
    return reply.send({ data: { access_token: token, description: '', error_code: '0', expires_in: '7200' }, message: 'success' });
  });

  const query = async (req: { headers: Record<string, unknown>; query: unknown }, reply: FastifyReply) => {
    const q = req.query as Record<string, string | undefined>;
    const f = emu.faults;
    queryNo += 1;
    const log: OrderQueryLog = {
      account_id: q.account_id ?? '',
      page_num: Number(q.page_num ?? 0),
      page_size: Number(q.page_size ?? 0),
      from: Number(q.create_order_start_time ?? q.update_order_start_time) || undefined,
      to: Number(q.create_order_end_time ?? q.update_order_end_time) || undefined,
      status: 'error',
    };
    emu.queries.push(log);
    if (f.latencyMs) await new Promise((r) => setTimeout(r, f.latencyMs));

    const token = String(req.headers['access-token'] ?? '');
    const t = tokens.get(token);
    if (!t || t.expiresAt < Date.now()) return envelope(reply, 2190008, 'access_token过期,请刷新或更新');
    if (f.expireTokens && f.expireTokens > 0) {
      f.expireTokens -= 1;
      tokens.delete(token);
      return envelope(reply, 2190008, 'access_token过期,请刷新或更新');
    }
    if (f.serverErrors && f.serverErrors > 0) {
      f.serverErrors -= 1;
      return reply.code(502).send('Bad Gateway');
    }
    t.calls += 1;
    if (f.tokenExpiresAfterCalls !== undefined && t.calls > f.tokenExpiresAfterCalls) {
      tokens.delete(token);
      return envelope(reply, 2190008, 'access_token过期,请刷新或更新');
    }
    if (f.rateLimitBurst && f.rateLimitBurst > 0) {
      f.rateLimitBurst -= 1;
      if (f.rateLimitBurst % 2 === 0) return reply.code(429).send({ message: 'Too Many Requests' });
      return envelope(reply, 2119003, '请求太过频繁,请稍后再试');
    }
    if (f.errorRate && ((queryNo * 2654435761) % 1000) / 1000 < f.errorRate) {
      return queryNo % 2 ? reply.code(502).send('Bad Gateway') : envelope(reply, 2100004, '系统繁忙,请稍后重试');
    }
    if (!q.account_id) return envelope(reply, 2100005, '参数不合法: account_id 必填');
    if (!accounts.includes(q.account_id)) return envelope(reply, 2100007, '无权限操作该商家');
    const pageNum = Number(q.page_num);
    const pageSize = Number(q.page_size);
    // "page_size和page_num必填,否则不返回内容"; max 200.
    if (!Number.isInteger(pageNum) || pageNum < 1 || !Number.isInteger(pageSize) || pageSize < 1) {
      return envelope(reply, 0, '', { orders: [], page: { page_num: pageNum || 0, page_size: pageSize || 0, total: 0 } });
    }
    if (pageSize > 200) return envelope(reply, 2100005, '参数不合法: page_size 最大 200');
    if (f.malformedPage === pageNum && malformedLeft > 0) {
      malformedLeft -= 1;
      return reply.code(200).header('content-type', 'application/json').send('{"data": {"orders": [{"order_id": "7000') as unknown;
    }

    const byCreate = q.create_order_start_time !== undefined || q.create_order_end_time !== undefined;
    const from = Number(byCreate ? q.create_order_start_time : q.update_order_start_time) || 0;
    const to = Number(byCreate ? q.create_order_end_time : q.update_order_end_time) || Number.MAX_SAFE_INTEGER;
    const status = q.order_status !== undefined && q.order_status !== '' ? Number(q.order_status) : undefined;
    // Orders are kept sorted newest first (as the back office lists them; order_id breaks ties,
    // so pages are stable); a create-time window is a binary-searched range of that list.
    let candidates: EmulatedOrder[];
    if (byCreate) {
      const sorted = sortedByCreate();
      candidates = sorted.slice(firstAtOrBelow(sorted, to), firstAtOrBelow(sorted, from - 1));
    } else {
      candidates = sortedByCreate().filter((o) => o.update >= from && o.update <= to);
    }
    const matching = candidates.filter((o) => o.account_id === q.account_id && (status === undefined || o.status === status));
    const page = matching.slice((pageNum - 1) * pageSize, pageNum * pageSize).map((o) => o.record);
    log.status = 'ok';
    return envelope(reply, 0, '', { orders: page, page: { page_num: pageNum, page_size: pageSize, total: matching.length } });
  };
  app.get('/goodlife/v1/trade/order/query/', query);
  app.get('/goodlife/v1/hermes/trade/order/query/', query);
  return emu;
}

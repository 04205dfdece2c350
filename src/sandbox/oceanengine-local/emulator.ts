// Emulator of the Ocean Engine (巨量引擎) open API for 巨量本地推, for tests and sandbox mode.
// Follows ../shared/contracts/oceanengine-local.md: `{code,message,request_id,data}` envelopes,
// OAuth2 code exchange and refresh with rotation (the old refresh token dies on use), access
// token 24 h / refresh token 30 d (injectable TTLs and clock), `Access-Token` header on data calls,
// GET /open_api/v3.0/local/report/promotion/get/ with JSON-encoded query values and page_info.
//
// Error codes. Confirmed: 40102 access token expired. Chosen here (not found in any source,
// see the contract): 40100 rate limited, 40105 access token unknown, 40103 auth_code invalid or
// used, 40107 refresh token invalid/expired/already used, 40001 bad parameters, 40002 account
// not covered by the token, 50000 internal error.
//
// Sandbox extra: GET /sandbox/oauth/authorize issues an auth code itself (redirecting to
// redirect_uri with auth_code and state when given, like the real authorisation page).
// Tokens are signed with the app secret rather than kept in memory, so tokens stored by an
// earlier process (or by the CLI's emulator) stay valid after a restart; a used refresh token is
// remembered as spent by the emulator that saw it used.
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { recordRequests, takeFault, type FaultRule, type RecordedRequest } from '../request-recorder.js';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { stringifyWithBigInts } from '../../engine/lossless-json.js';
import { rowsFor, unitsFor, type EmulatedRow, type EmulatedUnit } from './data.js';

export const OE_CODES = {
  RATE_LIMITED: 40100,
  ACCESS_TOKEN_EXPIRED: 40102,
  AUTH_CODE_INVALID: 40103,
  ACCESS_TOKEN_INVALID: 40105,
  REFRESH_TOKEN_INVALID: 40107,
  BAD_PARAMS: 40001,
  NO_PERMISSION: 40002,
  INTERNAL: 50000,
} as const;

/** The app and accounts the emulator knows when nothing is configured (sandbox mode). */
export const SANDBOX_APP = { appId: '1800000000000001', secret: 'sandbox-oceanengine-secret' };
export const SANDBOX_ACCOUNTS = ['1835880409219083', '1835880409219084'];

export const KNOWN_METRICS = ['stat_cost', 'show_cnt', 'click_cnt', 'convert_cnt', 'clue_pay_order_cnt', 'ctr', 'conversion_cost'] as const;

/** Query values arrive as strings (the SDK JSON-encodes arrays and objects into them). */
export type OceanengineRecordedRequest = RecordedRequest & { query: Record<string, string> };

export interface OceanengineFault extends FaultRule {
  /** rateLimit: code 40100; serverError: HTTP 502; malformedPage: a 200 whose data lacks page_info; or a code. */
  kind: 'rateLimit' | 'serverError' | 'malformedPage' | { code: number; message?: string };
}

export interface OceanengineEmulatorOptions {
  appId?: string;
  secret?: string;
  /** Local-push account ids with data; every issued grant covers all of them. */
  accounts?: string[];
  seed?: string;
  unitsPerAccount?: number;
  accessTtlSeconds?: number;
  refreshTtlSeconds?: number;
  log?: boolean;
}

interface Issued {
  expiresAt: number;
  advertiserIds: string[];
}

interface TokenClaims {
  k: 'a' | 'r';
  iat: number;
  exp: number;
  ids: string[];
  n: string;
  g: number;
}

export interface OceanengineEmulator {
  app: FastifyInstance;
  /** The envelope's business codes (what a product's emulator built on this one answers with). */
  codes: typeof OE_CODES;
  appId: string;
  secret: string;
  accounts: string[];
  seed: string;
  baseUrl: string;
  requests: OceanengineRecordedRequest[];
  faults: OceanengineFault[];
  /** Answer matching calls (`METHOD /path`) only after this many ms (races, timeouts). */
  latency: { match: RegExp; ms: number }[];
  /** Calls that succeeded, per endpoint kind. */
  counts: { accessToken: number; refresh: number; report: number };
  /** Emulated clock = real clock + offsetMs; `advance` moves it (token expiry tests). */
  clock: { offsetMs: number; now(): number; advance(ms: number): void };
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
  /** A single-use auth code (10 min), as the authorisation page would hand out. */
  issueAuthCode(advertiserIds?: string[]): string;
  /** Forget every refresh token (as when the user revokes the app). */
  revokeRefreshTokens(): void;
  /** The platform revises a day: new figures, one unit fewer, on the next pull. */
  revise(account: string, day: string): void;
  /** Units of an account and what a day's report holds now (for assertions). */
  units(account: string): EmulatedUnit[];
  rows(account: string, day: string): EmulatedRow[];
}

export function createOceanengineEmulator(opts: OceanengineEmulatorOptions = {}): OceanengineEmulator {
  const app = Fastify({ logger: opts.log ?? false });
  const spentRefreshTokens = new Set<string>();
  /** Bumped by revokeRefreshTokens(): refresh tokens of an earlier generation are dead. */
  let generation = 0;
  const authCodes = new Map<string, Issued>();
  const revisions = new Map<string, number>();
  const unitCache = new Map<string, EmulatedUnit[]>();

  const emu: OceanengineEmulator = {
    app,
    codes: OE_CODES,
    appId: opts.appId ?? SANDBOX_APP.appId,
    secret: opts.secret ?? SANDBOX_APP.secret,
    accounts: opts.accounts ?? SANDBOX_ACCOUNTS,
    seed: opts.seed ?? 'tongbu-oceanengine',
    baseUrl: '',
    requests: [],
    faults: [],
    latency: [],
    counts: { accessToken: 0, refresh: 0, report: 0 },
    clock: {
      offsetMs: 0,
      now: () => Date.now() + emu.clock.offsetMs,
      advance: (ms) => {
        emu.clock.offsetMs += ms;
      },
    },
    accessTtlSeconds: opts.accessTtlSeconds ?? 86_400,
    refreshTtlSeconds: opts.refreshTtlSeconds ?? 30 * 86_400,
    async listen(port = 0, host = '127.0.0.1') {
      const addr = await app.listen({ port, host });
      emu.baseUrl = addr.replace(/\/+$/, '').replace('localhost', '127.0.0.1');
      return emu.baseUrl;
    },
    async close() {
      await app.close();
    },
    issueAuthCode(advertiserIds = emu.accounts) {
      const code = randomBytes(20).toString('hex');
      authCodes.set(code, { expiresAt: emu.clock.now() + 10 * 60_000, advertiserIds });
      return code;
    },
    revokeRefreshTokens() {
      generation += 1;
    },
    revise(account, day) {
      const key = `${account}|${day}`;
      revisions.set(key, (revisions.get(key) ?? 0) + 1);
    },
    units(account) {
      let u = unitCache.get(account);
      if (!u) unitCache.set(account, (u = unitsFor(emu.seed, account, opts.unitsPerAccount ?? 8)));
      return u;
    },
    rows(account, day) {
      return rowsFor(emu.seed, account, day, emu.units(account), revisions.get(`${account}|${day}`) ?? 0);
    },
  };

  const requestId = () => `${new Date(emu.clock.now()).toISOString().replace(/\D/g, '').slice(0, 14)}${randomBytes(8).toString('hex').toUpperCase()}`;
  const send = (reply: FastifyReply, code: number, message: string, data: unknown = {}, httpStatus = 200) =>
    reply.code(httpStatus).header('content-type', 'application/json; charset=utf-8').send(stringifyWithBigInts({ code, message, request_id: requestId(), data }));
  const { recorded } = recordRequests(app, emu.requests as RecordedRequest[]);

  app.addHook('preHandler', async (req, reply) => {
    const line = `${req.method} ${req.url.split('?')[0] ?? req.url}`;
    const slow = emu.latency.find((l) => l.match.test(line));
    if (slow) await new Promise((r) => setTimeout(r, slow.ms));
    // A malformed page is answered by the report route itself (it needs the real data).
    const fault = takeFault(emu.faults, line, (f) => f.kind !== 'malformedPage');
    if (!fault) return;
    if (fault.kind === 'rateLimit') return send(reply, OE_CODES.RATE_LIMITED, 'Too many requests. 请求过于频繁');
    if (fault.kind === 'serverError') return reply.code(502).header('content-type', 'text/html').send('<html><body>502 Bad Gateway</body></html>');
    if (typeof fault.kind === 'object') return send(reply, fault.kind.code, fault.kind.message ?? 'injected fault');
  });

  const signingKey = () => createHmac('sha256', emu.secret).update('tongbu sandbox tokens').digest();
  const sign = (claims: TokenClaims) => {
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${body}.${createHmac('sha256', signingKey()).update(body).digest('base64url')}`;
  };
  const verify = (token: string, kind: 'a' | 'r'): TokenClaims | undefined => {
    const [body = '', sig = ''] = token.split('.');
    const expected = createHmac('sha256', signingKey()).update(body).digest();
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as TokenClaims;
    return claims.k === kind ? claims : undefined;
  };
  const grant = (advertiserIds: string[]) => {
    const now = emu.clock.now();
    const n = () => randomBytes(8).toString('hex');
    const access = sign({ k: 'a', iat: now, exp: now + emu.accessTtlSeconds * 1000, ids: advertiserIds, n: n(), g: generation });
    const refresh = sign({ k: 'r', iat: now, exp: now + emu.refreshTtlSeconds * 1000, ids: advertiserIds, n: n(), g: generation });
    return { access_token: access, expires_in: emu.accessTtlSeconds, refresh_token: refresh, refresh_token_expires_in: emu.refreshTtlSeconds };
  };
  const appOk = (body: Record<string, unknown>) => String(body.app_id ?? '') === emu.appId && body.secret === emu.secret;

  app.post('/open_api/oauth2/access_token/', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!appOk(body)) return send(reply, OE_CODES.BAD_PARAMS, 'app_id or secret is wrong');
    const code = typeof body.auth_code === 'string' ? authCodes.get(body.auth_code) : undefined;
    if (!code || code.expiresAt < emu.clock.now()) return send(reply, OE_CODES.AUTH_CODE_INVALID, 'auth_code is invalid or expired');
    authCodes.delete(body.auth_code as string); // single use
    emu.counts.accessToken += 1;
    // advertiser_ids are int64 on the wire.
    return send(reply, 0, 'OK', { ...grant(code.advertiserIds), advertiser_ids: code.advertiserIds.map((id) => BigInt(id)) });
  });

  app.post('/open_api/oauth2/refresh_token/', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!appOk(body)) return send(reply, OE_CODES.BAD_PARAMS, 'app_id or secret is wrong');
    const token = typeof body.refresh_token === 'string' ? body.refresh_token : '';
    const claims = verify(token, 'r');
    if (!claims || claims.exp < emu.clock.now() || claims.g !== generation || spentRefreshTokens.has(token)) {
      return send(reply, OE_CODES.REFRESH_TOKEN_INVALID, 'refresh_token is invalid or expired');
    }
    spentRefreshTokens.add(token); // rotation: the old refresh token dies now
    emu.counts.refresh += 1;
    return send(reply, 0, 'OK', grant(claims.ids));
  });

  app.get('/sandbox/oauth/authorize', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    if (q.app_id !== emu.appId) return send(reply, OE_CODES.BAD_PARAMS, 'unknown app_id');
    const code = emu.issueAuthCode();
    if (q.redirect_uri) {
      const target = new URL(q.redirect_uri);
      target.searchParams.set('auth_code', code);
      if (q.state) target.searchParams.set('state', q.state);
      return reply.redirect(target.toString(), 302);
    }
    return send(reply, 0, 'OK', { auth_code: code, state: q.state ?? '' });
  });

  app.get('/open_api/v3.0/local/report/promotion/get/', async (req, reply) => {
    const header = req.headers['access-token'];
    const claims = typeof header === 'string' ? verify(header, 'a') : undefined;
    if (!claims) return send(reply, OE_CODES.ACCESS_TOKEN_INVALID, 'access_token is invalid');
    const token = { expiresAt: claims.exp, advertiserIds: claims.ids };
    if (token.expiresAt < emu.clock.now()) return send(reply, OE_CODES.ACCESS_TOKEN_EXPIRED, 'access_token 已过期');

    const q = req.query as Record<string, string | undefined>;
    const bad = (why: string) => send(reply, OE_CODES.BAD_PARAMS, `参数错误: ${why}`);
    const account = q.local_account_id;
    if (!account || !/^\d+$/.test(account)) return bad('local_account_id is required (int64)');
    for (const k of ['start_date', 'end_date'] as const) if (!q[k] || !/^\d{4}-\d{2}-\d{2}$/.test(q[k] as string)) return bad(`${k} is required (YYYY-MM-DD)`);
    const start = q.start_date as string;
    const end = q.end_date as string;
    if (start > end) return bad('start_date is after end_date');
    if ((Date.parse(end) - Date.parse(start)) / 86_400_000 > 365) return bad('the span is at most 365 days');
    let metrics: unknown;
    try {
      // JSON array per the SDK's query encoding; a comma list is accepted too.
      metrics = q.metrics?.trim().startsWith('[') ? JSON.parse(q.metrics) : q.metrics?.split(',').filter(Boolean);
    } catch {
      return bad('metrics must be a JSON array');
    }
    if (!Array.isArray(metrics) || metrics.length === 0) return bad('metrics is required (JSON array)');
    const unknownMetric = metrics.find((m) => !(KNOWN_METRICS as readonly unknown[]).includes(m));
    if (unknownMetric !== undefined) return bad(`unknown metric ${String(unknownMetric)}`);
    if (q.time_granularity && q.time_granularity !== 'TIME_GRANULARITY_DAILY') return bad('the emulator serves TIME_GRANULARITY_DAILY only');
    const page = q.page === undefined ? 1 : Number(q.page);
    const pageSize = q.page_size === undefined ? 10 : Number(q.page_size);
    if (!Number.isInteger(page) || page < 1) return bad('page must be ≥ 1');
    if (![10, 20, 50, 100].includes(pageSize)) return bad('page_size must be 10, 20, 50 or 100');
    if (!emu.accounts.includes(account) || !token.advertiserIds.includes(account)) {
      return send(reply, OE_CODES.NO_PERMISSION, `no permission for local_account_id ${account}`);
    }

    const all: Record<string, unknown>[] = [];
    const today = new Date(emu.clock.now() + 8 * 3600_000).toISOString().slice(0, 10); // Asia/Shanghai
    for (let d = start; d <= end && d <= today; d = nextDay(d)) {
      for (const r of emu.rows(account, d)) all.push(toWire(r, metrics as string[]));
    }
    const totalPage = Math.ceil(all.length / pageSize);
    const list = all.slice((page - 1) * pageSize, page * pageSize);
    emu.counts.report += 1;
    if (takeFault(emu.faults, `GET ${recorded(req)?.path}`, (f) => f.kind === 'malformedPage')) return send(reply, 0, 'OK', { promotion_list: list });
    return send(reply, 0, 'OK', { promotion_list: list, page_info: { page, page_size: pageSize, total_number: all.length, total_page: totalPage } });
  });

  return emu;
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function toWire(r: EmulatedRow, metrics: string[]): Record<string, unknown> {
  const values: Record<string, number> = {
    stat_cost: r.costCents / 100,
    show_cnt: r.show_cnt,
    click_cnt: r.click_cnt,
    convert_cnt: r.convert_cnt,
    clue_pay_order_cnt: r.clue_pay_order_cnt,
    ctr: r.show_cnt ? Math.round((r.click_cnt / r.show_cnt) * 10000) / 100 : 0,
    conversion_cost: r.convert_cnt ? Math.round(r.costCents / r.convert_cnt) / 100 : 0,
  };
  const row: Record<string, unknown> = {
    project_id: r.unit.projectId,
    project_name: r.unit.projectName,
    promotion_id: r.unit.promotionId,
    promotion_name: r.unit.promotionName,
    stat_time_day: r.stat_time_day,
  };
  for (const m of metrics) row[m] = values[m];
  return row;
}

// 小鹅通 (Xiaoe-tech) open API client. Contract: xiaoe.md; docs:
//   token       https://api-doc.xiaoe-tech.com (获取access_token), GET /token
//   order list  https://api-doc.xiaoe-tech.com/api_list/order/get_order_list_1.0.1.html
// Auth: app-level access_token (client_credential; 2 h; no refresh token, fetched again). The
// token endpoint allows 100 calls per 10 minutes, so the token lives in the token store
// (platform_tokens, encrypted, shared by replicas, renewed under a row lock) and is fetched again
// only XIAOE_TOKEN_REFRESH_BEFORE_MINUTES before expiry or after an invalid-token answer; a new
// token leaves the old one valid for 5 more minutes, so a replica holding it is not cut off.
// The token goes in the JSON body of every call (not a header); no request signing.
// Paging: page_index from 1, page_size ≤ 200, begin_time/end_time unix seconds on the creation
// time, span ≤ 7 days, order_by created_at:asc (so an order created while paging lands on the
// last page, not between pages already read). Rate limit: 3000 requests / 10 s.
// Errors come inside HTTP 200 bodies (`code` != 0). The codes for an invalid/expired token and
// for rate limiting are unpublished (UNCONFIRMED): they are settings (default 40001/40002 and
// 40003), and the message is read too ("access_token … 过期/无效", "频繁").
import type { Pool } from '../../db/pool.js';
import { TongbuError } from '../../errors.js';
import { platformFetch, type Classification } from '../../engine/platform-fetch.js';
import type { ConnectorClient, ConnectorContext } from '../../engine/types.js';
import { PlatformError } from '../../engine/types.js';
import { openTokenStore, type TokenStore } from '../../tokens/index.js';
import { RefreshRejectedError, type TokenGrant, type TokenProvider } from '../../tokens/types.js';
import { XiaoeMappingError, toXiaoeOrderRow, type XiaoeOrderRecord, type XiaoeOrderRow } from './mapping.js';
import type { XiaoeSettings } from './settings.js';

export const XIAOE_PLATFORM = 'xiaoe';
export const TOKEN_PATH = '/token';
export const ORDER_LIST_PATH = '/xe.order.list.get/1.0.1';
/** The API refuses a creation-time span over 7 days. */
export const MAX_SPAN_SECONDS = 7 * 86_400;
export const MAX_PAGE_SIZE = 200;
/** The token endpoint's documented code for a wrong secret_key. */
const INVALID_SECRET = 2001;

export interface XiaoeCodes {
  authExpired: number[];
  rateLimited: number[];
}

const DEFAULT_CODES: XiaoeCodes = { authExpired: [40001, 40002], rateLimited: [40003] };

const AUTH_WORDS = /access_token|token.*(过期|失效|无效|expired|invalid)|(过期|失效|无效|invalid|expired).*token/i;
const RATE_WORDS = /频繁|限流|超过.*(频率|次数|限制)|rate.?limit|too many/i;

/** The one place a (status, body) pair becomes a class (STYLE.md §2). */
export function classifyWith(codes: XiaoeCodes): (status: number, body: unknown) => Classification {
  return (status, body) => {
    if (status === 429) return { kind: 'rateLimited', message: 'HTTP 429 Too Many Requests' };
    if (status >= 500) return { kind: 'retryable', message: `HTTP ${status}` };
    if (body === null || body === undefined || typeof body !== 'object' || Array.isArray(body)) {
      return { kind: status >= 400 ? 'fatal' : 'malformed', message: `HTTP ${status}: the answer is not a JSON object` };
    }
    const env = body as { code?: unknown; msg?: unknown; message?: unknown };
    const code = typeof env.code === 'number' ? env.code : typeof env.code === 'string' && /^-?\d+$/.test(env.code) ? Number(env.code) : undefined;
    const msg = typeof env.msg === 'string' ? env.msg : typeof env.message === 'string' ? env.message : '';
    if (code === undefined) return { kind: 'malformed', message: `HTTP ${status}: the answer has no numeric code` };
    const text = `code ${code}${msg ? `: ${msg}` : ''}`;
    if (code === 0) return status >= 400 ? { kind: 'fatal', code, message: `HTTP ${status} with ${text}` } : { kind: 'ok', code, message: '' };
    if (codes.rateLimited.includes(code) || RATE_WORDS.test(msg)) return { kind: 'rateLimited', code, message: text };
    if (code === INVALID_SECRET) return { kind: 'fatal', code, message: text };
    if (codes.authExpired.includes(code) || AUTH_WORDS.test(msg)) return { kind: 'authExpired', code, message: text };
    return { kind: 'fatal', code, message: text };
  };
}

export const classify = classifyWith(DEFAULT_CODES);

export interface XiaoeApp {
  appId: string;
  clientId: string;
  secretKey: string;
}

export function codesOf(s: XiaoeSettings): XiaoeCodes {
  return { authExpired: s.XIAOE_AUTH_ERROR_CODES, rateLimited: s.XIAOE_RATE_LIMIT_CODES };
}

/**
 * GET /token with grant_type=client_credential. The parameters go in the query string (as the
 * official PHP SDK sends them; the emulator also takes the Python SDK's JSON body on a GET).
 */
export async function fetchXiaoeToken(baseUrl: string, app: XiaoeApp, codes: XiaoeCodes = DEFAULT_CODES, signal?: AbortSignal): Promise<{ accessToken: string; expiresIn: number }> {
  const url = new URL(`${baseUrl}${TOKEN_PATH}`);
  url.searchParams.set('app_id', app.appId);
  url.searchParams.set('client_id', app.clientId);
  url.searchParams.set('secret_key', app.secretKey);
  url.searchParams.set('grant_type', 'client_credential');
  let body: unknown;
  try {
    body = await platformFetch({ url, method: 'GET', signal, label: `小鹅通 ${TOKEN_PATH}`, classify: classifyWith(codes), timeoutMs: 15_000 });
  } catch (e) {
    if (e instanceof PlatformError && e.info.code === INVALID_SECRET) {
      throw new TongbuError('SYNC_AUTH_FAILED', `小鹅通 ${TOKEN_PATH}: ${e.message.replace(/^小鹅通 \/token: /, '')} (check XIAOE_APP_ID, XIAOE_CLIENT_ID and XIAOE_SECRET_KEY)`, { cause: e });
    }
    throw e;
  }
  const data = (body as { data?: { access_token?: unknown; expires_in?: unknown } }).data;
  if (!data || typeof data.access_token !== 'string' || !data.access_token) {
    throw new PlatformError('malformed', `小鹅通 ${TOKEN_PATH}: the answer has no data.access_token`);
  }
  const ttl = Number(data.expires_in);
  return { accessToken: data.access_token, expiresIn: Number.isFinite(ttl) && ttl > 0 ? ttl : 7200 };
}

/** There is no refresh token: a "refresh" fetches a new access token with the app's credentials. */
const NO_REFRESH_TOKEN = 'client_credential';

/** The token store's provider for 小鹅通 (one grant per 店铺ID). */
export function xiaoeTokenProvider(app: XiaoeApp, baseUrl: string, codes: XiaoeCodes = DEFAULT_CODES): TokenProvider {
  const grant = async (): Promise<TokenGrant> => {
    try {
      const t = await fetchXiaoeToken(baseUrl, app, codes);
      // No refresh token to expire: the app credentials last until someone changes them.
      return { accessToken: t.accessToken, refreshToken: NO_REFRESH_TOKEN, accessExpiresIn: t.expiresIn, refreshExpiresIn: 10 * 365 * 86_400, grantedAccounts: [app.appId] };
    } catch (e) {
      if (e instanceof TongbuError && e.code === 'SYNC_AUTH_FAILED') throw new RefreshRejectedError(e.detail, INVALID_SECRET);
      throw e;
    }
  };
  return {
    platform: XIAOE_PLATFORM,
    title: '小鹅通',
    exchangeCode: () => grant(),
    refresh: () => grant(),
    // No authorisation page: the app's credentials are set in .env and the server's IP must be
    // on the whitelist of 云服务控制台.
    authorizationUrl: () => 'https://admin.xiaoe-tech.com',
  };
}

export interface OrderListQuery {
  page: number;
  pageSize: number;
  /** Unix seconds, creation time, inclusive. */
  begin: number;
  end: number;
}

export interface OrderListPage {
  rows: XiaoeOrderRow[];
  /** Records in the answer's list, including any skipped. */
  listed: number;
  /** List items without an order_id (the official example has one): skipped, reported. */
  skipped: number;
  total: number;
}

export interface XiaoeClientOptions {
  ctx: ConnectorContext<XiaoeSettings>;
  settings: XiaoeSettings;
  app: XiaoeApp;
  baseUrl: string;
}

/**
 * A renewal the platform refused for the app's credentials (2001 invalid secret_key) is a
 * credentials problem, not an authorisation to redo: say which settings to check.
 */
function credentialsRefused(e: unknown): unknown {
  if (e instanceof TongbuError && e.code === 'TOKEN_REFRESH_FAILED' && e.cause instanceof RefreshRejectedError) {
    return new TongbuError('SYNC_AUTH_FAILED', e.cause.message, { cause: e });
  }
  return e;
}

/** Token stores opened by clients whose context carried none (CLI tools, tests), per pool. */
const ownStores = new WeakMap<Pool, Promise<TokenStore>>();
/** A first token being fetched, per app: slices of one run starting together ask once. */
const firstFetch = new Map<string, Promise<void>>();

export class XiaoeClient implements ConnectorClient {
  /**
   * When the token an expired-token answer was given for had been read: a forced renewal is
   * skipped if someone renewed after that, so requests in flight that all saw the same expired
   * token renew it once.
   */
  private staleReadAt?: Date;
  /** The token the platform last called expired: a renewal is skipped once the store holds another. */
  private staleToken?: string;
  private cached?: { value: string; until: number };
  /**
   * A renewal in progress (refreshAuth): pages wait for it before reading the token, and a token
   * read while one ran is not kept. Otherwise a page could read the expired token from the store
   * while it was being replaced and keep it for a minute, and the page whose answer started the
   * renewal would be sent with it again: a second expired-token answer, which fails the run.
   */
  private renewal?: Promise<void>;
  /** Counts renewals started: a token read that saw the count change may be the replaced one. */
  private renewals = 0;
  private readonly classify: (status: number, body: unknown) => Classification;
  private readonly provider: TokenProvider;

  constructor(private readonly o: XiaoeClientOptions) {
    this.classify = classifyWith(codesOf(o.settings));
    this.provider = xiaoeTokenProvider(o.app, o.baseUrl, codesOf(o.settings));
  }

  get appId(): string {
    return this.o.app.appId;
  }

  get settings(): XiaoeSettings {
    return this.o.settings;
  }

  async tokens(): Promise<TokenStore> {
    const { ctx } = this.o;
    const refreshBeforeMs = this.o.settings.XIAOE_TOKEN_REFRESH_BEFORE_MINUTES * 60_000;
    let store = ctx.tokens;
    if (!store) {
      let opened = ownStores.get(ctx.pool);
      if (!opened) ownStores.set(ctx.pool, (opened = openTokenStore({ config: ctx.config, log: ctx.log, pool: ctx.pool })));
      store = await opened;
    }
    // The provider talks to this client's host (the real one or the emulator).
    store.register(this.provider, refreshBeforeMs);
    return store;
  }

  /** A valid access token from the store (kept here a minute); the first one is fetched and stored. */
  async accessToken(): Promise<string> {
    for (;;) {
      if (this.renewal) await this.renewal.catch(() => undefined);
      // A token renewed by another replica leaves this one valid for 5 more minutes, so a minute
      // in memory is safe and saves a read of the store per page.
      if (this.cached && this.cached.until > Date.now()) return this.cached.value;
      const renewals = this.renewals;
      const value = await this.readToken();
      if (renewals === this.renewals && !this.renewal) {
        this.cached = { value, until: Date.now() + 60_000 };
        return value;
      }
      // A renewal started while the store was read: read again once it is done.
    }
  }

  private async readToken(): Promise<string> {
    const store = await this.tokens();
    try {
      return await store.getValidAccessToken(XIAOE_PLATFORM, this.appId);
    } catch (e) {
      if (!(e instanceof TongbuError && e.code === 'TOKEN_MISSING')) throw credentialsRefused(e);
    }
    let first = firstFetch.get(this.appId);
    if (!first) {
      first = (async () => store.save(XIAOE_PLATFORM, this.appId, await this.provider.exchangeCode('')))().finally(() => firstFetch.delete(this.appId));
      firstFetch.set(this.appId, first);
    }
    try {
      await first;
    } catch (e) {
      if (e instanceof RefreshRejectedError) throw new TongbuError('SYNC_AUTH_FAILED', e.message, { cause: e });
      throw e;
    }
    return store.getValidAccessToken(XIAOE_PLATFORM, this.appId);
  }

  async refreshAuth(): Promise<void> {
    // Renewals of one client take turns (the store skips one whose token was replaced already).
    const run = (this.renewal ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.renew())
      .finally(() => {
        if (this.renewal === run) this.renewal = undefined;
        this.cached = undefined;
      });
    this.renewals += 1;
    this.cached = undefined;
    this.renewal = run;
    await run;
  }

  private async renew(): Promise<void> {
    const store = await this.tokens();
    if (!(await store.status(XIAOE_PLATFORM)).some((s) => s.account === this.appId)) {
      await this.readToken();
      return;
    }
    try {
      await store.refresh(XIAOE_PLATFORM, this.appId, { force: true, unlessRefreshedSince: this.staleReadAt, unlessChangedFrom: this.staleToken });
    } catch (e) {
      throw credentialsRefused(e);
    }
  }

  /** One page of the order list (creation-time window), mapped to rows. */
  async listOrders(q: OrderListQuery, signal?: AbortSignal): Promise<OrderListPage> {
    if (q.end - q.begin > MAX_SPAN_SECONDS) {
      throw new PlatformError('fatal', `小鹅通 ${ORDER_LIST_PATH}: a query spans at most 7 days (asked ${((q.end - q.begin) / 86_400).toFixed(2)} days)`);
    }
    if (q.pageSize > MAX_PAGE_SIZE || q.pageSize < 1) throw new PlatformError('fatal', `小鹅通 ${ORDER_LIST_PATH}: page_size must be 1..200 (asked ${q.pageSize})`);
    const token = await this.accessToken();
    // After the token is in hand: the read may have waited for a renewal, which must not count
    // as "renewed since" should this token be answered expired (the store's token check covers
    // a renewal by another replica meanwhile).
    const readAt = new Date();
    const label = `小鹅通 ${ORDER_LIST_PATH} (page ${q.page})`;
    const body = await platformFetch({
      url: `${this.o.baseUrl}${ORDER_LIST_PATH}`,
      method: 'POST',
      json: {
        access_token: token,
        page_index: q.page,
        page_size: q.pageSize,
        begin_time: String(q.begin),
        end_time: String(q.end),
        order_by: 'created_at:asc',
      },
      signal,
      label,
      classify: this.classify,
      onApiError: this.o.ctx.onApiError,
    }).catch((e: unknown) => {
      if (e instanceof PlatformError && e.kind === 'authExpired') {
        this.staleReadAt = readAt;
        this.staleToken = token;
        if (this.cached?.value === token) this.cached = undefined;
      }
      throw e;
    });
    const data = (body as { data?: unknown }).data as { list?: unknown; total?: unknown } | null | undefined;
    if (!data || typeof data !== 'object' || !Array.isArray(data.list)) {
      this.o.ctx.onApiError?.('malformed');
      throw new PlatformError('malformed', `${label}: the answer has no data.list`);
    }
    const total = Number(data.total ?? 0);
    const rows: XiaoeOrderRow[] = [];
    let skipped = 0;
    for (const item of data.list as unknown[]) {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        this.o.ctx.onApiError?.('malformed');
        throw new PlatformError('malformed', `${label}: a list item is not an object`);
      }
      const rec = item as XiaoeOrderRecord;
      if (rec.order_id === undefined || rec.order_id === null || rec.order_id === '') {
        skipped += 1;
        continue;
      }
      try {
        rows.push(toXiaoeOrderRow(rec, this.appId));
      } catch (e) {
        if (!(e instanceof XiaoeMappingError)) throw e;
        this.o.ctx.onApiError?.('malformed');
        throw new PlatformError('malformed', `${label}: ${e.message}`);
      }
    }
    if (skipped) this.o.ctx.log.warn({ page: q.page, skipped }, `小鹅通: ${skipped} list item(s) without order_id skipped`);
    return { rows, listed: data.list.length, skipped, total: Number.isFinite(total) ? total : 0 };
  }
}

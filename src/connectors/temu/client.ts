// Temu Partner API client (contract temu.md; docs: https://partner-us.temu.com/documentation,
// "API integration guide"). One router per region (settings.ts TEMU_HOSTS), every call a POST of
// one flat JSON object: `type`, `app_key`, `timestamp` (unix SECONDS, ±300 s of the platform's
// clock), `data_type: "JSON"`, the shop's `access_token`, the business parameters beside them,
// and `sign` (sign.ts). Auth: a seller-issued access token per shop, no refresh flow: 3000034
// means "ask the seller for a new token". Rate limit: 20 calls/s per app_key for all shops
// (4000004 beyond), see rate-gate.ts. Envelope: {success, errorCode, errorMsg, requestId, result};
// ok is success === true and errorCode === 1000000; `classify` is the one place that decides.
// Times on the wire are unix seconds (goods crtFrom/crtTo: milliseconds); money is
// {currency, amount} in the currency's minor unit (mapping.ts turns it into major units).
import { platformFetch } from '../../engine/platform-fetch.js';
import type { ConnectorClient, ConnectorContext, Partition, ResponseClass } from '../../engine/types.js';
import { PlatformError } from '../../engine/types.js';
import { TongbuError } from '../../errors.js';
import { gateFor, type RateGate } from './rate-gate.js';
import { appFor, hostFor, TEMU_ROUTER_PATH, type TemuRegion, type TemuSettings } from './settings.js';
import { signParams } from './sign.js';

export const TEMU_OK = 1_000_000;
/** Error codes the client acts on (contract temu.md "Rate limits / errors"). */
export const TEMU_CODES = {
  SIGN_INVALID: 3000001,
  TIMESTAMP_MISSING: 3000010,
  TIMESTAMP_INVALID: 3000011,
  TIMESTAMP_EXPIRED: 3000012,
  NO_ACCESS_TOKEN: 3000030,
  TOKEN_NOT_EXISTS: 3000031,
  NO_API_ACCESS: 3000032,
  TOKEN_APP_MISMATCH: 3000033,
  TOKEN_EXPIRED: 3000034,
  NO_SIGN: 3000040,
  SYSTEM: 4000000,
  RATE_LIMIT: 4000004,
  AUTHORIZE_NOT_ALLOW: 5000000,
  IP_NOT_WHITELISTED: 5000003,
} as const;

/** What a person should do about a refusal, by code. */
const ADVICE: Record<number, string> = {
  [TEMU_CODES.SIGN_INVALID]: 'the signature was refused: check TEMU_APP_SECRET (TEMU_CN_APP_SECRET for cn shops) belongs to TEMU_APP_KEY',
  [TEMU_CODES.NO_SIGN]: 'the request carried no signature',
  [TEMU_CODES.TIMESTAMP_INVALID]: "the timestamp was refused: this server's clock must be within 300 s of real time (check NTP)",
  [TEMU_CODES.TIMESTAMP_EXPIRED]: "this server's clock is more than 300 s off real time: fix the clock (NTP) and sync again",
  [TEMU_CODES.NO_ACCESS_TOKEN]: 'no access token was sent for the shop',
  [TEMU_CODES.TOKEN_NOT_EXISTS]: "the platform does not know the shop's access token (or it belongs to another region): ask the seller for a new token",
  [TEMU_CODES.TOKEN_APP_MISMATCH]: "the shop's access token was issued to another app key: ask the seller to authorise this app",
  [TEMU_CODES.TOKEN_EXPIRED]: "the shop's access token expired or was replaced: ask the seller for a new token",
  [TEMU_CODES.NO_API_ACCESS]: 'the app has no access to this API: add it to the app in the Temu partner console',
  [TEMU_CODES.AUTHORIZE_NOT_ALLOW]: 'the seller has not authorised this API for the app',
  [TEMU_CODES.IP_NOT_WHITELISTED]: "this server's IP address is not on the app's whitelist: add it in the Temu partner console",
};

export interface Classified {
  kind: ResponseClass;
  code?: number;
  message: string;
}

/** The one place a Temu answer is classified (STYLE.md §2). */
export function classify(status: number, body: unknown): Classified {
  if (status === 429) return { kind: 'rateLimited', message: 'HTTP 429' };
  if (status >= 500) return { kind: 'retryable', message: `HTTP ${status}` };
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { kind: status >= 400 ? 'fatal' : 'malformed', message: `HTTP ${status}: the answer is not a JSON object` };
  const env = body as { success?: unknown; errorCode?: unknown; errorMsg?: unknown };
  const code = typeof env.errorCode === 'string' && /^\d+$/.test(env.errorCode) ? Number(env.errorCode) : env.errorCode;
  if (typeof code !== 'number') return { kind: 'malformed', message: `HTTP ${status}: the envelope has no errorCode` };
  const platformText = typeof env.errorMsg === 'string' && env.errorMsg ? ` ${env.errorMsg}` : '';
  const advice = ADVICE[code];
  const message = `error ${code}${platformText}${advice ? ` — ${advice}` : ''}`;
  if (code === TEMU_OK) {
    if (env.success !== true) return { kind: 'malformed', code, message: `errorCode ${code} but success is ${JSON.stringify(env.success)}` };
    return status === 200 ? { kind: 'ok', code, message: '' } : { kind: 'retryable', code, message: `HTTP ${status} with a success envelope` };
  }
  if (code === TEMU_CODES.RATE_LIMIT) return { kind: 'rateLimited', code, message };
  if (code === TEMU_CODES.TOKEN_EXPIRED) return { kind: 'authExpired', code, message };
  if (code === TEMU_CODES.SYSTEM) return { kind: 'retryable', code, message };
  return { kind: 'fatal', code, message };
}

/** One shop as the client needs it. */
export interface ShopCredentials {
  name: string;
  region: TemuRegion;
  token: string;
}

export interface OrderListQuery {
  /** Unix seconds, both ends inclusive. */
  updateAtStart: number;
  updateAtEnd: number;
  pageNumber: number;
  pageSize: number;
}

export interface OrderListPage {
  total: number;
  items: TemuOrderItem[];
}

/** pageItems[] of bg.order.list.v2.get: a parent order and its child orders. */
export interface TemuOrderItem {
  parentOrderMap: Record<string, unknown> & { parentOrderSn: string };
  orderList: (Record<string, unknown> & { orderSn: string })[];
}

export interface GoodsListPage {
  total: number;
  goods: TemuGoods[];
}

export type TemuGoods = Record<string, unknown> & { goodsId: string | number };

export interface TokenInfo {
  expiresAt?: Date;
  mallId?: string;
  regionId?: number;
  scopes: string[];
}

export interface TemuClientOptions {
  ctx: ConnectorContext<TemuSettings>;
  shop: ShopCredentials;
  /** The shop's host when it differs from the settings' (the partition's baseUrl). */
  baseUrl?: string;
  /** Reads the shop again (a new token stored after 3000034). */
  reload?: () => Promise<ShopCredentials | undefined>;
  /** Seconds since the epoch; tests move it to show the 300 s window. */
  now?: () => number;
  gate?: RateGate;
}

export class TemuClient implements ConnectorClient {
  readonly shop: ShopCredentials;
  readonly appKey: string;
  private readonly secret: string;
  private readonly url: string;
  private readonly gate: RateGate;
  private token: string;

  constructor(private readonly o: TemuClientOptions) {
    this.shop = o.shop;
    this.token = o.shop.token;
    const app = appFor(o.ctx.settings, o.shop.region);
    if (!app) throw new TongbuError('CONFIG_INVALID', `Temu shop ${o.shop.name} (${o.shop.region}): TEMU_APP_KEY and TEMU_APP_SECRET${o.shop.region === 'cn' ? ' (or TEMU_CN_APP_KEY and TEMU_CN_APP_SECRET)' : ''} are not set`);
    this.appKey = app.key;
    this.secret = app.secret;
    this.url = `${hostFor(o.ctx.settings, o.shop.region, o.baseUrl)}${TEMU_ROUTER_PATH}`;
    this.gate = o.gate ?? gateFor(this.appKey, o.ctx.settings.TEMU_RATE_PER_SECOND);
  }

  get settings(): TemuSettings {
    return this.o.ctx.settings;
  }

  /** The shared per-app-key budget the engine applies to follow-up calls across replicas. */
  rateLimit(): { key: string; perSecond: number } {
    return { key: `temu:${this.appKey}`, perSecond: this.o.ctx.settings.TEMU_RATE_PER_SECOND };
  }

  /**
   * 3000034: read the shop again and use a new token stored since; else ask the platform whether
   * the token is really dead (bg.open.accesstoken.info.get). Still alive: retry with it; dead:
   * only the seller can issue a new one, and the run stops with that message.
   */
  async refreshAuth(): Promise<void> {
    const fresh = await this.o.reload?.();
    if (fresh && fresh.token !== this.token) {
      this.token = fresh.token;
      return;
    }
    try {
      const info = await this.tokenInfo();
      if (!info.expiresAt || info.expiresAt.getTime() > Date.now()) return;
    } catch (e) {
      if (!(e instanceof PlatformError) || e.kind !== 'authExpired') throw e;
    }
    throw new TongbuError(
      'SYNC_TOKEN_EXPIRED',
      `Temu shop ${this.shop.name}: the access token expired or was replaced (3000034). Ask the seller for a new token, then run \`tongbu temu shop add --name ${this.shop.name} --region ${this.shop.region} --token <new token>\`; the other shops keep syncing.`,
    );
  }

  /** The signed body of a call (exported for tests and the benchmark). */
  signedBody(type: string, params: Record<string, unknown>): Record<string, unknown> {
    const now = this.o.now?.() ?? Math.floor(Date.now() / 1000);
    const body: Record<string, unknown> = { type, app_key: this.appKey, timestamp: now, data_type: 'JSON', access_token: this.token, ...params };
    body.sign = signParams(body, this.secret);
    return body;
  }

  /** One call: throttled, signed, classified; returns `result`. */
  async call(type: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<unknown> {
    await this.gate.take(signal);
    const body = await platformFetch({
      url: this.url,
      method: 'POST',
      json: this.signedBody(type, params),
      signal,
      timeoutMs: this.o.ctx.settings.TEMU_REQUEST_TIMEOUT_MS,
      label: `Temu ${type} (shop ${this.shop.name})`,
      classify,
      lossless: true,
      onApiError: this.o.ctx.onApiError,
    });
    return (body as { result?: unknown }).result;
  }

  private malformed(type: string, why: string): PlatformError {
    this.o.ctx.onApiError?.('malformed');
    return new PlatformError('malformed', `Temu ${type} (shop ${this.shop.name}): ${why}`);
  }

  async orderPage(q: OrderListQuery, signal?: AbortSignal): Promise<OrderListPage> {
    const type = 'bg.order.list.v2.get';
    const result = (await this.call(
      type,
      { pageNumber: q.pageNumber, pageSize: q.pageSize, updateAtStart: q.updateAtStart, updateAtEnd: q.updateAtEnd, sortby: 'updateTime' },
      signal,
    )) as { totalItemNum?: unknown; pageItems?: unknown } | undefined;
    if (!result || typeof result !== 'object') throw this.malformed(type, `page ${q.pageNumber}: no result object`);
    if (result.totalItemNum === undefined || result.totalItemNum === null) throw this.malformed(type, `page ${q.pageNumber}: totalItemNum is missing`);
    const total = Number(result.totalItemNum);
    if (!Number.isInteger(total) || total < 0) throw this.malformed(type, `page ${q.pageNumber}: totalItemNum is ${JSON.stringify(result.totalItemNum)}`);
    const items = result.pageItems ?? [];
    if (!Array.isArray(items)) throw this.malformed(type, `page ${q.pageNumber}: pageItems is not a list`);
    for (const it of items as TemuOrderItem[]) {
      if (!it || typeof it.parentOrderMap?.parentOrderSn !== 'string' || !Array.isArray(it.orderList)) {
        throw this.malformed(type, `page ${q.pageNumber}: an item lacks parentOrderMap.parentOrderSn or orderList`);
      }
      if (it.orderList.some((o) => typeof o?.orderSn !== 'string')) throw this.malformed(type, `page ${q.pageNumber}: a child order of ${it.parentOrderMap.parentOrderSn} has no orderSn`);
    }
    return { total, items: items as TemuOrderItem[] };
  }

  /** bg.order.amount.query for one parent order: `result` as sent. */
  async amount(parentOrderSn: string, signal?: AbortSignal): Promise<Record<string, unknown>> {
    const type = 'bg.order.amount.query';
    const result = await this.call(type, { parentOrderSn }, signal);
    if (!result || typeof result !== 'object' || typeof (result as { parentOrderMap?: unknown }).parentOrderMap !== 'object') {
      throw this.malformed(type, `${parentOrderSn}: no result.parentOrderMap`);
    }
    return result as Record<string, unknown>;
  }

  async goodsPage(pageNo: number, pageSize: number, signal?: AbortSignal): Promise<GoodsListPage> {
    const type = 'bg.local.goods.list.query';
    // goodsSearchType 1: on sale and delisted (the catalogue a seller runs).
    const result = (await this.call(type, { pageNo, pageSize, goodsSearchType: 1 }, signal)) as { total?: unknown; goodsList?: unknown } | undefined;
    if (!result || typeof result !== 'object') throw this.malformed(type, `page ${pageNo}: no result object`);
    if (result.total === undefined || result.total === null) throw this.malformed(type, `page ${pageNo}: total is missing`);
    const total = Number(result.total);
    if (!Number.isInteger(total) || total < 0) throw this.malformed(type, `page ${pageNo}: total is ${JSON.stringify(result.total)}`);
    const goods = result.goodsList ?? [];
    if (!Array.isArray(goods)) throw this.malformed(type, `page ${pageNo}: goodsList is not a list`);
    if (goods.some((g) => !g || (typeof g.goodsId !== 'number' && typeof g.goodsId !== 'string'))) throw this.malformed(type, `page ${pageNo}: a product has no goodsId`);
    return { total, goods: goods as TemuGoods[] };
  }

  /** Stored products of this shop not yet marked removed and not in `seen` (as they were stored). */
  async storedProductsNotIn(seen: Set<string>, signal?: AbortSignal): Promise<TemuGoods[]> {
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    const r = await this.o.ctx.pool.query<{ raw_data: TemuGoods }>(
      `SELECT raw_data FROM temu_products WHERE shop = $1 AND removed_at IS NULL AND NOT (goods_id = ANY($2::text[]))`,
      [this.shop.name, [...seen]],
    );
    return r.rows.map((x) => x.raw_data);
  }

  /** bg.open.accesstoken.info.get: the token's expiry and the shop's mall id. */
  async tokenInfo(signal?: AbortSignal): Promise<TokenInfo> {
    const type = 'bg.open.accesstoken.info.get';
    const r = (await this.call(type, {}, signal)) as Record<string, unknown> | undefined;
    if (!r || typeof r !== 'object') throw this.malformed(type, 'no result object');
    const exp = Number(r.expiredTime);
    return {
      expiresAt: Number.isFinite(exp) && exp > 0 ? new Date(exp * 1000) : undefined,
      mallId: r.mallId === undefined || r.mallId === null ? undefined : String(r.mallId),
      regionId: typeof r.regionId === 'number' ? r.regionId : undefined,
      scopes: Array.isArray(r.apiScopeList) ? r.apiScopeList.map(String) : [],
    };
  }
}

/** A partition's shop (id = name, region, token in credentials). */
export function shopOf(p: Partition): ShopCredentials {
  const token = p.credentials?.token;
  if (!token) throw new TongbuError('CONFIG_INVALID', `Temu shop ${p.id} has no access token`);
  return { name: p.id, region: (p.region ?? 'us') as TemuRegion, token };
}

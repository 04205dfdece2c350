// 抖音来客 (Douyin local life) Open API client.
// Docs: client_token https://developer.open-douyin.com/docs/resource/zh-CN/local-life/develop/OpenAPI/preparation/client_token
//       order query https://partner.open-douyin.com/docs/resource/zh-CN/local-life/develop/OpenAPI/catering/group-buy-solution/order-query/order-inquiry
// Auth: app-level client_token (2 h, no refresh token: fetch again), sent as the `access-token`
// header. Errors live inside HTTP-200 bodies (`data.error_code` / `extra.error_code`, numbers or
// strings). Rate limit of the order endpoint is undocumented; the token endpoint allows 500/5 min.
import type { ConnectorClient, ConnectorContext, ResponseClass } from '../../engine/types.js';
import { PlatformError } from '../../engine/types.js';
import { platformFetch } from '../../engine/platform-fetch.js';
import type { DouyinLifeSettings } from './settings.js';

const AUTH_EXPIRED = new Set([2190008, 2190002, 28001008, 28001003]);
const RATE_LIMITED = new Set([2119003, 28003018, 10020]);
const RETRYABLE = new Set([2100004, 28001005, 5000001]);

interface Envelope {
  data?: { error_code?: number | string; description?: string; [k: string]: unknown };
  extra?: { error_code?: number | string; description?: string; sub_error_code?: number | string; logid?: string };
  message?: string;
}

const num = (v: unknown): number => (typeof v === 'string' ? Number(v) : typeof v === 'number' ? v : 0);

/** The one place a (status, body) pair becomes a class (STYLE.md §2). */
export function classify(status: number, body: unknown): { kind: ResponseClass; code?: number; message: string } {
  if (status === 429) return { kind: 'rateLimited', message: 'HTTP 429 Too Many Requests' };
  if (status >= 500) return { kind: 'retryable', message: `HTTP ${status}` };
  if (body === null || typeof body !== 'object') return { kind: 'malformed', message: `HTTP ${status} with a body that is not JSON` };
  const env = body as Envelope;
  const code = num(env.extra?.error_code) || num(env.data?.error_code);
  const message = env.data?.description || env.extra?.description || env.message || '';
  if (code === 0) {
    if (status >= 400) return { kind: 'fatal', message: `HTTP ${status}` };
    if (!env.data || typeof env.data !== 'object') return { kind: 'malformed', message: 'the answer has no data object' };
    return { kind: 'ok', message: '' };
  }
  if (AUTH_EXPIRED.has(code)) return { kind: 'authExpired', code, message: message || 'access_token expired' };
  if (RATE_LIMITED.has(code)) return { kind: 'rateLimited', code, message: message || 'too many requests' };
  if (RETRYABLE.has(code)) return { kind: 'retryable', code, message: message || 'system busy' };
  return { kind: 'fatal', code, message: message || 'request refused' };
}

export interface DouyinOrderQuery {
  account_id: string;
  page_num: number;
  page_size: number;
  create_order_start_time?: number;
  create_order_end_time?: number;
  update_order_start_time?: number;
  update_order_end_time?: number;
  order_status?: number;
  get_secret_number?: boolean;
}

export interface DouyinOrderPage {
  orders: Record<string, unknown>[];
  page: { page_num: number; page_size: number; total: number };
}

export class DouyinLifeClient implements ConnectorClient {
  private token?: { value: string; expiresAt: number };
  private tokenInFlight?: Promise<string>;

  constructor(
    private readonly ctx: ConnectorContext,
    readonly clientKey: string,
    readonly clientSecret: string,
    readonly settings: DouyinLifeSettings,
  ) {}

  private async call(method: 'GET' | 'POST', path: string, init: { query?: Record<string, string>; body?: unknown; headers?: Record<string, string> }, signal?: AbortSignal): Promise<Envelope> {
    const url = new URL(path, `${this.ctx.baseUrl}/`);
    for (const [k, v] of Object.entries(init.query ?? {})) url.searchParams.set(k, v);
    return (await platformFetch({ url, method, headers: init.headers, json: init.body, signal, label: `抖音来客 /${path}`, classify, onApiError: this.ctx.onApiError })) as Envelope;
  }

  /** A client_token, cached until five minutes before it expires. */
  async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt - 5 * 60_000 > Date.now()) return this.token.value;
    this.tokenInFlight ??= this.fetchToken().finally(() => {
      this.tokenInFlight = undefined;
    });
    return this.tokenInFlight;
  }

  private async fetchToken(): Promise<string> {
    const env = await this.call('POST', 'oauth/client_token/', {
      body: { client_key: this.clientKey, client_secret: this.clientSecret, grant_type: 'client_credential' },
    });
    const token = env.data?.access_token;
    if (typeof token !== 'string' || !token) throw new PlatformError('malformed', 'client_token answer has no access_token');
    // expires_in arrives as a number or a string (both seen in official samples).
    const ttl = num(env.data?.expires_in) || 7200;
    this.token = { value: token, expiresAt: Date.now() + ttl * 1000 };
    return token;
  }

  async refreshAuth(): Promise<void> {
    this.token = undefined;
    await this.accessToken();
  }

  async queryOrders(q: DouyinOrderQuery, signal?: AbortSignal): Promise<DouyinOrderPage> {
    const token = await this.accessToken();
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries(q)) if (v !== undefined) query[k] = String(v);
    const env = await this.call('GET', 'goodlife/v1/trade/order/query/', { query, headers: { 'access-token': token, 'Rpc-Transit-Life-Account': q.account_id } }, signal);
    const data = env.data as { orders?: unknown; page?: { total?: unknown; page_num?: unknown; page_size?: unknown } };
    if (data.orders !== undefined && data.orders !== null && !Array.isArray(data.orders)) {
      throw new PlatformError('malformed', `page ${q.page_num}: "orders" is not a list`);
    }
    const orders = (data.orders ?? []) as unknown[];
    if (orders.some((o) => o === null || typeof o !== 'object' || typeof (o as { order_id?: unknown }).order_id !== 'string')) {
      throw new PlatformError('malformed', `page ${q.page_num}: an order has no order_id`);
    }
    return {
      orders: orders as Record<string, unknown>[],
      page: { page_num: num(data.page?.page_num) || q.page_num, page_size: num(data.page?.page_size) || q.page_size, total: num(data.page?.total) },
    };
  }
}

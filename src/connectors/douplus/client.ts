// DOU+ client. API (contract: douplus.md; the 巨量引擎 official Go SDK `ad_open_sdk_go`), on the
// platform's API host (the open platform's realBaseUrl, or DOUPLUS_BASE_URL):
//   GET /open_api/v3.0/douplus/order/list/
//   GET /open_api/v3.0/douplus/order/report/
//   GET /open_api/oauth2/advertiser/get/?access_token=… (the 抖音号)
// Auth: `Access-Token` header with the 巨量引擎 OAuth access token (no signing); the token store
// refreshes it. Query values: strings raw, objects and arrays JSON-encoded (64-bit ids written as
// bare numbers, never through a JS double). Business errors come in HTTP 200 bodies; `douplusClassify` is
// the one place that maps them. Rate limits: not published (40100 is treated as rate limited).
// Paging: `page` from DOUPLUS_FIRST_PAGE (1 by default; the contract leaves 0 or 1 open), pages
// counted with page_info.total_page (total_num rows).
import type { Pool } from '../../db/pool.js';
import type { Logger } from '../../logger.js';
import type { ConnectorClient, ConnectorContext } from '../../engine/types.js';
import { PlatformError } from '../../engine/types.js';
import type { Classification } from '../../engine/platform-fetch.js';
import { platformFetch } from '../../engine/platform-fetch.js';

/** Key of DOU+'s grants in the token store. */
export const DOUPLUS_PLATFORM = 'douplus';
import type { TokenStore } from '../../tokens/store.js';
import type { DouplusSettings } from './settings.js';

export const ORDER_LIST_PATH = '/open_api/v3.0/douplus/order/list/';
export const ORDER_REPORT_PATH = '/open_api/v3.0/douplus/order/report/';
export const ADVERTISER_GET_PATH = '/open_api/oauth2/advertiser/get/';

/** One order_list item as sent (ids past 2^53 arrive as strings via the lossless parser). */
export interface OrderListItem {
  order?: {
    order_id?: string | number;
    task_id?: string | number;
    scene_type?: string;
    order_create_time?: string;
    task_status?: string;
    budget?: number | string;
    live_scene?: string;
    renew_count?: number;
  };
  ad_list?: Record<string, unknown>[];
  item_info_list?: { aweme_item_id?: string | number; aweme_item_title?: string; aweme_author_name?: string }[];
  live_room_info?: { room_id?: string | number; room_title?: string };
}

/** One order_metrics item as sent. */
export interface ReportItem {
  dimension_data?: { order_id?: string | number; ad_id?: string | number; item_id?: string | number; task_id?: string | number };
  metrics_data?: Record<string, unknown>;
}

export interface ListPage<T> {
  records: T[];
  totalPage: number;
  totalNum: number;
}

type Classify = (status: number, body: unknown) => Classification;

/**
 * The one place a response is classified: the 巨量引擎 envelope, read as the open platform reads
 * it (40102/40105 token, 40100 rate limit, 5xx and 5xxxx retryable, any other code a refusal),
 * plus 40108, the code the old DOU+ service logged for an expired token.
 */
export function douplusClassify(platform: Classify): Classify {
  return (status, body) => {
    const c = platform(status, body);
    return c.kind === 'fatal' && c.code === 40108 ? { ...c, kind: 'authExpired' } : c;
  };
}

/** Digits of an int64 id as sent (a bare number is only safe under 2^53: the parser makes longer ones strings). */
export function idText(v: unknown): string | undefined {
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return v.trim();
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  return undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** An instant as "YYYY-MM-DD HH:mm:ss" in Asia/Shanghai (the API's time format). */
export function shanghaiDateTime(d: Date): string {
  const s = new Date(d.getTime() + 8 * 3_600_000);
  return `${s.getUTCFullYear()}-${pad(s.getUTCMonth() + 1)}-${pad(s.getUTCDate())} ${pad(s.getUTCHours())}:${pad(s.getUTCMinutes())}:${pad(s.getUTCSeconds())}`;
}
export function shanghaiDate(d: Date): string {
  return shanghaiDateTime(d).slice(0, 10);
}

export interface DouplusClientOptions {
  ctx: ConnectorContext<DouplusSettings>;
  /** The 抖音号 (aweme_sec_uid). */
  account: string;
  tokens: () => Promise<TokenStore>;
  /** douplusClassify() of the open platform's. */
  classify: Classify;
}

export class DouplusClient implements ConnectorClient {
  private tokenReadAt = new Date(0);
  /** Order ids a stats slice covers, with the bucket they are read for (kept for the slice's pages). */
  readonly statsPlans = new Map<string, { ids: string[]; statTime: Date; firstDay: Map<string, string> }>();

  constructor(private readonly o: DouplusClientOptions) {}

  get account(): string {
    return this.o.account;
  }
  get settings(): DouplusSettings {
    return this.o.ctx.settings;
  }
  get pool(): Pool {
    return this.o.ctx.pool;
  }
  get log(): Logger {
    return this.o.ctx.log;
  }

  private async token(): Promise<string> {
    const store = await this.o.tokens();
    this.tokenReadAt = new Date();
    return store.getValidAccessToken(DOUPLUS_PLATFORM, await store.grantFor(DOUPLUS_PLATFORM, this.o.account, this.settings.DOUPLUS_GRANT));
  }

  async refreshAuth(): Promise<void> {
    const store = await this.o.tokens();
    const grant = await store.grantFor(DOUPLUS_PLATFORM, this.o.account, this.settings.DOUPLUS_GRANT);
    await store.refresh(DOUPLUS_PLATFORM, grant, { force: true, unlessRefreshedSince: this.tokenReadAt });
  }

  private async get(path: string, query: Record<string, string>, signal?: AbortSignal, headerToken = true): Promise<Record<string, unknown>> {
    const token = await this.token();
    const url = new URL(`${this.o.ctx.baseUrl}${path}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    if (!headerToken) url.searchParams.set('access_token', token);
    const body = await platformFetch({
      url,
      headers: headerToken ? { 'Access-Token': token } : {},
      signal,
      label: `DOU+ ${path} (${this.o.account.slice(0, 16)}…)`,
      classify: this.o.classify,
      lossless: true,
      onApiError: this.o.ctx.onApiError,
    });
    const data = (body as { data?: unknown }).data;
    if (!data || typeof data !== 'object') throw this.malformed(path, 'no data object in the answer');
    return data as Record<string, unknown>;
  }

  private malformed(path: string, why: string): PlatformError {
    this.o.ctx.onApiError?.('malformed');
    return new PlatformError('malformed', `DOU+ ${path} (${this.o.account.slice(0, 16)}…): ${why}`);
  }

  private pageInfo(path: string, data: Record<string, unknown>): { totalPage: number; totalNum: number } {
    const info = data.page_info as { total_page?: unknown; total_num?: unknown } | undefined;
    if (!info || typeof info.total_page !== 'number' || typeof info.total_num !== 'number') throw this.malformed(path, 'data.page_info (total_page, total_num) missing');
    return { totalPage: info.total_page, totalNum: info.total_num };
  }

  /** One page (1-based) of the orders created within [from, to], oldest first. */
  async orderPage(range: { from: Date; to: Date }, page: number, signal?: AbortSignal): Promise<ListPage<OrderListItem>> {
    const s = this.settings;
    const data = await this.get(
      ORDER_LIST_PATH,
      {
        aweme_sec_uid: this.o.account,
        page: String(page - 1 + s.DOUPLUS_FIRST_PAGE),
        page_size: String(s.DOUPLUS_PAGE_SIZE),
        // Oldest first: orders created while we page land after the pages already read.
        order_by_field: 'CREATE_TIME',
        order_by_type: 'ASC',
        filter: JSON.stringify({ order_create_time: { start_time: shanghaiDateTime(range.from), end_time: shanghaiDateTime(range.to) } }),
      },
      signal,
    );
    if (!Array.isArray(data.order_list)) throw this.malformed(ORDER_LIST_PATH, 'data.order_list is not a list');
    return { records: data.order_list as OrderListItem[], ...this.pageInfo(ORDER_LIST_PATH, data) };
  }

  /**
   * The cumulative report of the given orders over [beginDay, endDay] (per ad: GROUP_BY_AD_ID), every
   * page of it. Order ids are written into the filter as bare int64 numbers.
   */
  async report(orderIds: string[], beginDay: string, endDay: string, signal?: AbortSignal): Promise<ReportItem[]> {
    const s = this.settings;
    const out: ReportItem[] = [];
    for (let page = 1; ; page++) {
      const data = await this.get(
        ORDER_REPORT_PATH,
        {
          aweme_sec_uid: this.o.account,
          stat_time: JSON.stringify({ begin_time: beginDay, end_time: endDay }),
          group_by: s.DOUPLUS_GROUP_BY_FORMAT === 'csv' ? 'GROUP_BY_AD_ID' : '["GROUP_BY_AD_ID"]',
          filter: `{"order_ids":[${orderIds.join(',')}]}`,
          page: String(page - 1 + s.DOUPLUS_FIRST_PAGE),
          page_size: String(s.DOUPLUS_PAGE_SIZE),
        },
        signal,
      );
      if (!Array.isArray(data.order_metrics)) throw this.malformed(ORDER_REPORT_PATH, 'data.order_metrics is not a list');
      out.push(...(data.order_metrics as ReportItem[]));
      const { totalPage } = this.pageInfo(ORDER_REPORT_PATH, data);
      if (page >= totalPage || data.order_metrics.length === 0) return out;
    }
  }

  /** The 抖音号 (aweme_sec_uid) the grant covers: the accounts with an account_string_id. */
  async awemeAccounts(signal?: AbortSignal): Promise<{ id: string; label: string }[]> {
    const data = await this.get(ADVERTISER_GET_PATH, {}, signal, false);
    if (!Array.isArray(data.list)) throw this.malformed(ADVERTISER_GET_PATH, 'data.list is not a list');
    return (data.list as { account_string_id?: unknown; advertiser_name?: unknown; is_valid?: unknown }[])
      .filter((a) => typeof a.account_string_id === 'string' && a.account_string_id && a.is_valid !== false)
      .map((a) => ({ id: a.account_string_id as string, label: typeof a.advertiser_name === 'string' ? a.advertiser_name : (a.account_string_id as string) }));
  }
}

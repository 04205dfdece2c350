// 巨量本地推 report client. API: https://api.oceanengine.com/open_api/v3.0/local/report/promotion/get/
// (contract: oceanengine-local.md). Auth: `Access-Token` header with the OAuth access token of
// the grant covering the account (src/tokens). Query values: strings raw, numbers and arrays
// JSON-encoded (`metrics=["stat_cost",…]`), as the official SDK sends them. Business errors come
// inside HTTP 200 bodies; `classify` is the one place that maps them. Rate limits: not published.
import type { ConnectorClient, ConnectorContext, ResponseClass } from '../../engine/types.js';
import { PlatformError } from '../../engine/types.js';
import type { TokenStore } from '../../tokens/store.js';
import { platformFetch } from '../../engine/platform-fetch.js';
import { OCEANENGINE_PLATFORM } from './oauth.js';
import type { OceanengineLocalSettings } from './settings.js';

export const REPORT_PATH = '/open_api/v3.0/local/report/promotion/get/';
export const REPORT_METRICS = ['stat_cost', 'convert_cnt', 'clue_pay_order_cnt', 'show_cnt', 'click_cnt'] as const;

/** One `promotion_list` item as the API sends it (64-bit ids arrive as strings via parseJsonLossless). */
export interface PromotionReportRecord {
  promotion_id: string | number;
  promotion_name?: string;
  project_id?: string | number;
  project_name?: string;
  stat_time_day: string;
  stat_cost: number | string;
  convert_cnt?: number;
  clue_pay_order_cnt?: number;
  show_cnt?: number;
  click_cnt?: number;
}

export interface ReportPage {
  records: PromotionReportRecord[];
  page: number;
  totalPage: number;
}

export interface Classified {
  kind: ResponseClass;
  code?: number;
  message: string;
}

/**
 * The one place a response is classified. 40102 (expired, confirmed) and 40105 (invalid) mean
 * the access token; 40100 is the emulator's rate-limit code (the real one is unpublished);
 * 5xx statuses and 5xxxx codes are the platform's trouble; any other code is a refusal.
 */
export function classify(status: number, body: unknown): Classified {
  if (status === 429) return { kind: 'rateLimited', message: 'HTTP 429' };
  if (status >= 500) return { kind: 'retryable', message: `HTTP ${status}` };
  if (!body || typeof body !== 'object') return { kind: status >= 400 ? 'fatal' : 'malformed', message: `HTTP ${status}: not a JSON object` };
  const { code, message } = body as { code?: unknown; message?: unknown };
  if (typeof code !== 'number') return { kind: 'malformed', message: `HTTP ${status}: no numeric code in the envelope` };
  const text = `code ${code}: ${typeof message === 'string' ? message : ''}`;
  if (code === 0) return status === 200 ? { kind: 'ok', code, message: text } : { kind: 'retryable', code, message: `HTTP ${status} with ${text}` };
  if (code === 40100) return { kind: 'rateLimited', code, message: text };
  if (code === 40102 || code === 40105) return { kind: 'authExpired', code, message: text };
  if (code >= 50000 && code < 60000) return { kind: 'retryable', code, message: text };
  return { kind: 'fatal', code, message: text };
}

export interface OceanengineClientOptions {
  ctx: ConnectorContext<OceanengineLocalSettings>;
  /** 本地推 account id (local_account_id). */
  account: string;
  pageSize: number;
  tokens: () => Promise<TokenStore>;
}

export class OceanengineLocalClient implements ConnectorClient {
  /** When the access token in use was read; a forced refresh is skipped if someone renewed after. */
  private tokenReadAt = new Date(0);

  constructor(private readonly o: OceanengineClientOptions) {}

  private async grant(store: TokenStore): Promise<string> {
    return store.grantFor(OCEANENGINE_PLATFORM, this.o.account, this.o.ctx.settings.OCEANENGINE_GRANT);
  }

  async refreshAuth(): Promise<void> {
    const store = await this.o.tokens();
    await store.refresh(OCEANENGINE_PLATFORM, await this.grant(store), { force: true, unlessRefreshedSince: this.tokenReadAt });
  }

  /** One page of one day's promotion report. */
  async reportPage(day: string, page: number, signal?: AbortSignal): Promise<ReportPage> {
    const store = await this.o.tokens();
    this.tokenReadAt = new Date();
    const accessToken = await store.getValidAccessToken(OCEANENGINE_PLATFORM, await this.grant(store));
    const url = new URL(`${this.o.ctx.baseUrl}${REPORT_PATH}`);
    url.searchParams.set('local_account_id', this.o.account);
    url.searchParams.set('start_date', day);
    url.searchParams.set('end_date', day);
    url.searchParams.set('metrics', JSON.stringify(REPORT_METRICS));
    url.searchParams.set('time_granularity', 'TIME_GRANULARITY_DAILY');
    url.searchParams.set('page', String(page));
    url.searchParams.set('page_size', String(this.o.pageSize));

    const body = await platformFetch({
      url,
      headers: { 'Access-Token': accessToken },
      signal,
      label: `巨量本地推 ${REPORT_PATH} (account ${this.o.account})`,
      classify,
      lossless: true,
      onApiError: this.o.ctx.onApiError,
    });
    const data = (body as { data?: unknown }).data as { promotion_list?: unknown; page_info?: { page?: unknown; total_page?: unknown } } | undefined;
    const info = data?.page_info;
    if (!data || !Array.isArray(data.promotion_list) || !info || typeof info.total_page !== 'number') {
      this.o.ctx.onApiError?.('malformed');
      throw new PlatformError('malformed', `巨量本地推 ${REPORT_PATH} (account ${this.o.account}): data.promotion_list or data.page_info missing`);
    }
    return { records: data.promotion_list as PromotionReportRecord[], page, totalPage: info.total_page };
  }
}

// How a Feishu API answer is classified, in one place. Feishu puts business errors in the
// body's `code`: HTTP 200 + code ≠ 0 resolves in the SDK, HTTP 4xx/5xx throws an AxiosError
// whose response.data holds the same {code,msg}. Rate limits are HTTP 429 + 99991400 with
// x-ogw-ratelimit-reset (seconds); 230020 is the per-chat 5-per-second limit.
import { TongbuError } from '../errors.js';

export type FeishuFailureClass = 'rateLimited' | 'retryable' | 'fatal';

export interface FeishuFailure {
  class: FeishuFailureClass;
  /** Feishu's business code, when there was one. */
  code?: number;
  httpStatus?: number;
  msg: string;
  /** From x-ogw-ratelimit-reset. */
  retryAfterMs?: number;
}

/** Sends that retrying cannot fix: bad target, bot not in chat, cannot reply, no permission. */
export const PERMANENT_CODES = new Set([230001, 230002, 230006, 230011]);
const RATE_LIMIT_CODES = new Set([99991400, 230020]);
/** Internal errors and timeouts the docs say to retry. */
const RETRYABLE_CODES = new Set([99991663 /* token expired: the SDK refetches */, 1255040, 1254607, 1254291, 1254290]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ERR_NETWORK', 'UND_ERR_SOCKET']);

interface AxiosLike {
  isAxiosError?: boolean;
  code?: string;
  message?: string;
  response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
}

function bodyCode(data: unknown): { code?: number; msg?: string } {
  if (data && typeof data === 'object' && 'code' in data) {
    const d = data as { code?: unknown; msg?: unknown };
    return { code: typeof d.code === 'number' ? d.code : Number(d.code), msg: typeof d.msg === 'string' ? d.msg : undefined };
  }
  return {};
}

function classifyCode(code: number | undefined, httpStatus: number | undefined): FeishuFailureClass {
  if (code !== undefined && PERMANENT_CODES.has(code)) return 'fatal';
  if (httpStatus === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code))) return 'rateLimited';
  if (code !== undefined && RETRYABLE_CODES.has(code)) return 'retryable';
  if (httpStatus !== undefined && httpStatus >= 500) return 'retryable';
  return 'fatal';
}

/** A thrown error (AxiosError, network) as a classified failure. */
export function classifyThrown(e: unknown): FeishuFailure {
  const ax = e as AxiosLike;
  if (ax?.response) {
    const { code, msg } = bodyCode(ax.response.data);
    const reset = Number(ax.response.headers?.['x-ogw-ratelimit-reset']);
    return {
      class: classifyCode(code, ax.response.status),
      code,
      httpStatus: ax.response.status,
      msg: msg ?? ax.message ?? `HTTP ${ax.response.status}`,
      retryAfterMs: Number.isFinite(reset) && reset > 0 ? reset * 1000 : undefined,
    };
  }
  if (ax && (NETWORK_CODES.has(String(ax.code)) || ax.isAxiosError)) return { class: 'retryable', msg: ax.message ?? String(ax.code) };
  return { class: 'fatal', msg: e instanceof Error ? e.message : String(e) };
}

/** An HTTP 200 body with code ≠ 0 as a classified failure; undefined when the call succeeded. */
export function classifyBody(body: unknown): FeishuFailure | undefined {
  const { code, msg } = bodyCode(body);
  if (code === undefined || code === 0) return undefined;
  return { class: classifyCode(code, 200), code, httpStatus: 200, msg: msg ?? 'error' };
}

/** The TongbuError a caller sees once retries are over; `feishuCode` tells alerts what happened. */
export class FeishuApiError extends TongbuError {
  constructor(
    readonly failure: FeishuFailure,
    kind: string,
  ) {
    const detail = `${kind}: ${failure.code !== undefined ? `code ${failure.code}, ` : ''}${failure.msg}`;
    super(failure.class === 'rateLimited' ? 'FEISHU_RATE_LIMITED' : failure.code === undefined && failure.class === 'retryable' ? 'FEISHU_UNAVAILABLE' : 'FEISHU_API_ERROR', detail);
  }
  get feishuCode(): number | undefined {
    return this.failure.code;
  }
}

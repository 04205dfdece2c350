// The one way a connector's client calls its platform: a timeout, the run's abort signal,
// network failures as PlatformError('network'), the body parsed losslessly (ids past 2^53 stay
// exact), the client's own `classify` deciding the class (STYLE.md §2), and Retry-After read
// for the engine's backoff. A client adds only its paths, signing and envelope.
import { parseJsonLossless } from './lossless-json.js';
import { PlatformError, type ResponseClass } from './types.js';

export interface Classification {
  kind: ResponseClass;
  code?: number | string;
  message: string;
}

export interface PlatformRequest {
  url: URL | string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  signal?: AbortSignal;
  /** Default 30 s. */
  timeoutMs?: number;
  /** Prefix of error messages: `抖音来客 /goodlife/v1/trade/order/query/`. */
  label: string;
  classify(status: number, body: unknown): Classification;
  /**
   * Parse integers past 2^53 as strings (platforms that send 64-bit ids as bare numbers). Off by
   * default: the scan costs time on every body, and most platforms send ids as strings.
   */
  lossless?: boolean;
  /** Called for every non-ok class (metrics). */
  onApiError?: (kind: string) => void;
}

/** Call the platform; returns the parsed body of an `ok` answer, throws PlatformError otherwise. */
export async function platformFetch(req: PlatformRequest): Promise<unknown> {
  const timeout = AbortSignal.timeout(req.timeoutMs ?? 30_000);
  let res: Response;
  let text: string;
  try {
    res = await fetch(req.url, {
      method: req.method ?? (req.json === undefined ? 'GET' : 'POST'),
      headers: { ...(req.json === undefined ? {} : { 'content-type': 'application/json' }), ...req.headers },
      body: req.json === undefined ? undefined : JSON.stringify(req.json),
      signal: req.signal ? AbortSignal.any([req.signal, timeout]) : timeout,
    });
    text = await res.text();
  } catch (e) {
    // The run was stopped: not the platform's fault, and not worth a retry.
    if (req.signal?.aborted) throw req.signal.reason ?? e;
    req.onApiError?.('network');
    const why = timeout.aborted ? `no answer within ${(req.timeoutMs ?? 30_000) / 1000} s` : (e as Error).message;
    throw new PlatformError('network', `${req.label}: ${why}`);
  }
  let body: unknown;
  try {
    body = text ? (req.lossless ? parseJsonLossless(text) : JSON.parse(text)) : undefined;
  } catch {
    body = undefined;
  }
  const c = req.classify(res.status, body);
  if (c.kind === 'ok') return body;
  req.onApiError?.(c.kind);
  const retryAfter = Number(res.headers.get('retry-after'));
  throw new PlatformError(c.kind, `${req.label}: ${c.message}`, {
    code: c.code,
    status: res.status,
    retryAfterMs: retryAfter > 0 ? retryAfter * 1000 : undefined,
  });
}

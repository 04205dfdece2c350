// The one rule for errors in logs: short. An error keeps its type, message and code, our own
// context (a TongbuError's detail and action, a platform answer's class and code) and its
// cause, and its stack only when the log level is debug or trace. Everything else an error
// carries is dropped: a pg error holds its client (connection parameters, `secretKey`, the
// query queue), an axios error its request with headers, and neither belongs in a log.

export interface SerializedError {
  type: string;
  message: string;
  code?: string | number;
  [field: string]: unknown;
}

/** Primitive fields worth keeping when an error has them (TongbuError, PlatformError, …). */
const CONTEXT_FIELDS = ['kind', 'status', 'transient', 'retryAfterMs'] as const;
/** Primitive fields worth keeping from a nested info object (PlatformError.info, FeishuApiError.failure). */
const INFO_FIELDS = ['code', 'status', 'httpStatus', 'class', 'retryAfterMs'] as const;
const MAX_MESSAGE = 1000;
const MAX_DEPTH = 2;

const isPrimitive = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** `postgres://user:secret@host` → `postgres://user:***@host`, anywhere in a message. */
export function withoutUrlPasswords(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]*):[^@/?#\s]*@/gi, '$1:***@');
}

function shortMessage(v: unknown): string {
  const text = withoutUrlPasswords(typeof v === 'string' ? v : String(v));
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}… (${text.length} chars)` : text;
}

function isErrorLike(v: unknown): v is Error {
  return v instanceof Error || (typeof v === 'object' && v !== null && typeof (v as { message?: unknown }).message === 'string' && 'stack' in v);
}

function typeName(e: object): string {
  const ctor = (e as { constructor?: { name?: unknown } }).constructor?.name;
  if (typeof ctor === 'string' && ctor && ctor !== 'Object') return ctor;
  const name = (e as { name?: unknown }).name;
  return typeof name === 'string' && name ? name : 'Error';
}

export function serializeError(e: unknown, opts: { stack?: boolean } = {}, depth = 0): SerializedError {
  if (typeof e !== 'object' || e === null) return { type: typeof e, message: shortMessage(e) };
  const src = e as Record<string, unknown>;
  const out: SerializedError = { type: typeName(e), message: shortMessage(typeof src.message === 'string' ? src.message : '') };
  if (typeof src.code === 'string' || typeof src.code === 'number') out.code = src.code;
  // A TongbuError (src/errors.ts) says what went wrong and what to do.
  if (out.type === 'TongbuError' || src.name === 'TongbuError' || typeof src.action === 'string') {
    if (typeof src.detail === 'string' && src.detail) out.detail = shortMessage(src.detail);
    if (typeof src.action === 'string') out.action = src.action;
  }
  for (const f of CONTEXT_FIELDS) if (isPrimitive(src[f])) out[f] = src[f];
  for (const key of ['info', 'failure']) {
    const info = src[key];
    if (typeof info !== 'object' || info === null) continue;
    const picked: Record<string, unknown> = {};
    for (const f of INFO_FIELDS) if (isPrimitive((info as Record<string, unknown>)[f])) picked[f] = (info as Record<string, unknown>)[f];
    if (Object.keys(picked).length) out[key] = picked;
  }
  if (depth < MAX_DEPTH) {
    if (src.cause !== undefined && src.cause !== null) out.cause = serializeError(src.cause, { stack: false }, depth + 1);
    if (Array.isArray(src.errors) && src.errors.length) {
      // AggregateError (a connection refused on every address): the first few, short.
      out.errors = src.errors.slice(0, 3).map((x) => serializeError(x, { stack: false }, depth + 1));
    }
  }
  if (opts.stack && typeof src.stack === 'string') out.stack = withoutUrlPasswords(src.stack);
  return out;
}

/** A log record with every top-level Error value made short (the `err` key has its own serializer). */
export function shortErrorsIn(record: Record<string, unknown>, opts: { stack?: boolean } = {}): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const v = record[key];
    if (key !== 'err' && isErrorLike(v)) {
      copy ??= { ...record };
      copy[key] = serializeError(v, opts);
    }
  }
  return copy ?? record;
}

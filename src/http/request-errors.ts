// How the HTTP API answers a request it cannot take: one body shape for every error,
// `{ error: { code, message, action } }`, the same a TongbuError renders to. A client's mistake
// (a field of the wrong type, a missing or unknown field, malformed JSON, a body too large, an
// unknown route) is a 4xx naming what is wrong; only our own failures are 500.
import type { FastifyError, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { describeError, isTongbuError, TongbuError } from '../errors.js';
import type { Logger } from '../logger.js';

/** Where a field sits, as people read it: `body.connector`, `query.key`, `path.name`. */
const WHERE: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };
const MAX_ISSUES = 5;

function fieldName(context: string | undefined, instancePath: string): string {
  const base = WHERE[context ?? ''] ?? context ?? 'request';
  const rest = instancePath.split('/').filter(Boolean).join('.');
  return rest ? `${base}.${rest}` : base;
}

/** One zod issue (as fastify-type-provider-zod hands it over) in plain words. */
function describeIssue(context: string | undefined, issue: FastifySchemaValidationError): string[] {
  const where = fieldName(context, issue.instancePath);
  const params = issue.params as { keys?: unknown };
  if (issue.keyword === 'unrecognized_keys' && Array.isArray(params.keys)) {
    return params.keys.map((k) => `${where}.${String(k)} is not a field of this route`);
  }
  const reason = (issue.message ?? 'is not valid').replace(/^Invalid input: /, '');
  // A request without a body reaches the schema as null.
  const absent = /received undefined$/.test(reason) || (fieldName(context, issue.instancePath) === 'body' && /received null$/.test(reason));
  if (absent) return [`${where} is required`];
  return [`${where}: ${reason}`];
}

/** A validation failure's issues in one line, naming each field. */
export function describeValidation(context: string | undefined, issues: FastifySchemaValidationError[]): string {
  const lines = issues.flatMap((i) => describeIssue(context, i));
  const more = lines.length > MAX_ISSUES ? ` (and ${lines.length - MAX_ISSUES} more)` : '';
  return lines.slice(0, MAX_ISSUES).join('; ') + more;
}

/**
 * The client's mistake behind an error thrown while taking a request, as a TongbuError and the
 * status to answer with; undefined when the error is ours (a 500 with the details in the log).
 */
export function clientError(err: unknown, req?: FastifyRequest): { status: number; error: TongbuError } | undefined {
  if (isTongbuError(err)) return err.status < 500 ? { status: err.status, error: err } : undefined;
  // A plugin's own body parser (the Feishu routes keep the raw body) that lets JSON.parse throw:
  // a body was sent and never became request.body, so the parser refused it.
  if (err instanceof SyntaxError && req && req.body === undefined && req.headers['content-type'] !== undefined && !(err as { statusCode?: number }).statusCode) {
    return { status: 400, error: new TongbuError('BAD_REQUEST', 'the body is not valid JSON') };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    return { status: 400, error: new TongbuError('BAD_REQUEST', describeValidation((err as { validationContext?: string }).validationContext, err.validation)) };
  }
  const e = err as Partial<FastifyError> & { message?: string };
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status < 400 || status >= 500) return undefined;
  const message = String(e.message ?? '').slice(0, 300);
  if (status === 413) return { status, error: new TongbuError('REQUEST_TOO_LARGE', message) };
  if (status === 415) return { status, error: new TongbuError('UNSUPPORTED_MEDIA_TYPE', message) };
  if (e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return { status, error: new TongbuError('BAD_REQUEST', 'the body is empty but Content-Type says JSON') };
  if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError) return { status, error: new TongbuError('BAD_REQUEST', 'the body is not valid JSON') };
  // Other 4xx Fastify raises itself (a path parameter over 100 characters: 414, a broken
  // percent-encoding: 400, …) keep their status and get the common body.
  return { status, error: new TongbuError('BAD_REQUEST', message || `HTTP ${status}`) };
}

/** The app's error handler: a client mistake is its 4xx, anything else a logged 500. */
export function createErrorHandler(log: Logger) {
  return (err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    if (isTongbuError(err)) return reply.code(err.status).send({ error: err.toJSON() });
    const known = clientError(err, req);
    if (known) return reply.code(known.status).send({ error: known.error.toJSON() });
    log.error({ err, method: req.method, route: req.routeOptions.url }, 'request failed');
    return reply.code(500).send({ error: describeError(err) });
  };
}

/** Errors Fastify raises before a route is chosen (a bad URL): the same body as the rest. */
export function frameworkErrorHandler(err: FastifyError, _req: FastifyRequest, reply: FastifyReply) {
  const known = clientError(err) ?? { status: 400, error: new TongbuError('BAD_REQUEST', String(err.message).slice(0, 300)) };
  return reply.code(known.status).send({ error: known.error.toJSON() });
}

/** Unknown routes answer in the same shape (without echoing the query, which may hold a code). */
export function notFoundHandler(req: FastifyRequest, reply: FastifyReply) {
  const path = req.url.split('?')[0] ?? '';
  const e = new TongbuError('NOT_FOUND', `${req.method} ${path.length > 200 ? `${path.slice(0, 200)}…` : path}`);
  return reply.code(e.status).send({ error: e.toJSON() });
}

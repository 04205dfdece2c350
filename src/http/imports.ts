// POST /api/imports: upload an export (multipart field "file") and get the import summary as
// JSON, the same summary chat and the CLI show. GET /api/imports lists the ledger.
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isTongbuError, TongbuError } from '../errors.js';
import { importFile } from '../excel/import-service.js';
import type { Services } from '../services.js';
import { requireAdmin } from './admin-auth.js';
import { NoQuery } from './schemas.js';

/** GET /api/imports?limit=N (1-200, default 50) */
export const ImportsQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export const importRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const maxBytes = services.config.MAX_IMPORT_MB * 1024 * 1024;
  await app.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 10 } });
  const auth = requireAdmin(services.config.ADMIN_TOKEN);

  /** The multipart stream is the client's: anything it cannot be read as is a 4xx, never a 500. */
  const readUpload = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      if (isTongbuError(e)) throw e;
      const err = e as { code?: string; statusCode?: number; message?: string };
      if (err.code === 'FST_REQ_FILE_TOO_LARGE') throw new TongbuError('EXCEL_TOO_LARGE', `over the limit of ${services.config.MAX_IMPORT_MB} MB (MAX_IMPORT_MB)`);
      if (err.statusCode === 413) throw new TongbuError('REQUEST_TOO_LARGE', err.message ?? what);
      throw new TongbuError('BAD_REQUEST', `the ${what} could not be read as multipart/form-data (${err.message ?? 'malformed'})`, { cause: e });
    }
  };

  // The body is a multipart stream read in the handler, so only the query has a schema here.
  app.post('/api/imports', { onRequest: auth, schema: { querystring: NoQuery } }, async (req) => {
    if (!req.isMultipart()) throw new TongbuError('EXCEL_NO_FILE', 'the request is not multipart/form-data');
    const part = await readUpload('form', () => req.file());
    if (!part) throw new TongbuError('EXCEL_NO_FILE', 'the form has no file field');
    const buffer = await readUpload('file', () => part.toBuffer());
    // Browsers and curl send UTF-8 names; some clients send them percent-encoded.
    let fileName = part.filename || 'upload.xlsx';
    try {
      fileName = decodeURIComponent(fileName);
    } catch {
      /* keep as sent */
    }
    // Behind ADMIN_TOKEN: an admin door. A built-in report answers with its summary as before;
    // a connector sheet with { kind: 'sheet', connector, sheet, report }.
    const outcome = await importFile(services, { source: 'http', fileName: fileName.slice(0, 255), buffer, requestedBy: 'admin-api', admin: true });
    return outcome.kind === 'report' ? outcome.summary : outcome;
  });

  app.get('/api/imports', { onRequest: auth, schema: { querystring: ImportsQuery } }, async (req) => {
    const res = await services.pool.query(
      `SELECT id, file_name, report_type, source, requested_by, status, rows_read, inserted, updated, unchanged, skipped,
              error_code, error_message, sha256, started_at, finished_at, duration_ms
         FROM excel_imports ORDER BY id DESC LIMIT $1`,
      [req.query.limit],
    );
    return { imports: res.rows };
  });
};

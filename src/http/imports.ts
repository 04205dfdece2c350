// POST /api/imports: upload an export (multipart field "file") and get the import summary as
// JSON, the same summary chat and the CLI show. GET /api/imports lists the ledger.
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { TongbuError } from '../errors.js';
import { importExcel } from '../excel/import-service.js';
import type { Services } from '../services.js';
import { requireAdmin } from './admin-auth.js';

export async function importRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const maxBytes = services.config.MAX_IMPORT_MB * 1024 * 1024;
  await app.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 10 } });
  const auth = requireAdmin(services.config.ADMIN_TOKEN);

  app.post('/api/imports', { preHandler: auth }, async (req) => {
    if (!req.isMultipart()) throw new TongbuError('EXCEL_NO_FILE', 'the request is not multipart/form-data');
    const part = await req.file();
    if (!part) throw new TongbuError('EXCEL_NO_FILE', 'the form has no file field');
    let buffer: Buffer;
    try {
      buffer = await part.toBuffer();
    } catch (e) {
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new TongbuError('EXCEL_TOO_LARGE', `over the limit of ${services.config.MAX_IMPORT_MB} MB (MAX_IMPORT_MB)`);
      }
      throw e;
    }
    // Browsers and curl send UTF-8 names; some clients send them percent-encoded.
    let fileName = part.filename || 'upload.xlsx';
    try {
      fileName = decodeURIComponent(fileName);
    } catch {
      /* keep as sent */
    }
    return importExcel(services, { source: 'http', fileName, buffer, requestedBy: 'admin-api' });
  });

  app.get('/api/imports', { preHandler: auth }, async (req) => {
    const limit = Math.min(200, Math.max(1, Number((req.query as { limit?: string }).limit ?? 50) || 50));
    const res = await services.pool.query(
      `SELECT id, file_name, report_type, source, requested_by, status, rows_read, inserted, updated, unchanged, skipped,
              error_code, error_message, sha256, started_at, finished_at, duration_ms
         FROM excel_imports ORDER BY id DESC LIMIT $1`,
      [limit],
    );
    return { imports: res.rows };
  });
}

// Excel import settings (src/excel/).
import { bool, enumOf, int, stringWithDefault } from './fields.js';

export const excelSettings = {
  /** Folder watched for exports; new files are imported once they stop growing. */
  IMPORT_DIR: stringWithDefault('./data'),
  /** Watch IMPORT_DIR while the service runs. */
  IMPORT_WATCH: bool(true),
  /** Seconds between two scans of IMPORT_DIR (a file is stable when two scans agree). */
  IMPORT_POLL_SECONDS: int(5, 1, 3600),
  /** What happens to an imported file: delete it (as the old script did) or move it to IMPORT_DIR/imported/. */
  IMPORT_DONE_ACTION: enumOf(['delete', 'move'] as const, 'delete'),
  /** Largest file accepted, in MB (chat, folder, HTTP and CLI alike). */
  MAX_IMPORT_MB: int(50, 1, 2048),
  /** Rows per COPY + upsert chunk; while PostgreSQL loads one chunk the parser fills the next. */
  IMPORT_CHUNK_ROWS: int(2_000, 100, 1_000_000),
  /** Largest total uncompressed size of the workbook's parts, in MB (zip-bomb guard). */
  MAX_IMPORT_UNCOMPRESSED_MB: int(500, 1, 16384),
};

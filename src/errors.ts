// Every error the system can raise on purpose, with the plain-words message a user sees and
// what to do about it. Chat cards, CLI output and HTTP errors all render a TongbuError.

export interface ErrorSpec {
  /** What went wrong, in plain words. `{detail}` is replaced by the instance's detail. */
  message: string;
  /** What the user should do. */
  action: string;
  /** HTTP status for the admin API. */
  status?: number;
}

export const ERRORS = {
  CONFIG_INVALID: { message: 'A setting is invalid: {detail}', action: 'Fix the setting in .env (see .env.example) and start again.', status: 500 },
  DB_UNREACHABLE: { message: 'PostgreSQL cannot be reached: {detail}', action: 'Check DATABASE_URL and that the server is running.', status: 503 },
  DB_SCHEMA_BEHIND: { message: 'The database schema is older than this Tongbu ({detail})', action: 'Run `tongbu migrate` or start the service once.', status: 503 },
  WINDOW_INVALID: { message: 'The sync window is invalid: {detail}', action: 'Use YYYY-MM-DD or "YYYY-MM-DD HH:mm:ss" (Asia/Shanghai), unix seconds, or a number of days; the start must not be after the end.', status: 400 },
  CONNECTOR_UNKNOWN: { message: 'There is no connector called "{detail}".', action: 'Run `tongbu status` (or /status) to see the connectors.', status: 404 },
  CONNECTOR_DISABLED: { message: 'The connector {detail} is disabled: it has no credentials and sandbox mode is off.', action: 'Set its credentials in .env (see .env.example), or set SANDBOX=auto to use the emulator.', status: 409 },
  TASK_UNKNOWN: { message: 'There is no task called "{detail}".', action: 'Run `tongbu status` to see the task names.', status: 404 },
  TASK_STOPPED: { message: 'The task {detail} is STOPPED.', action: 'Start it with `tongbu task start <name>` (or /start in chat).', status: 409 },
  RUN_ALREADY_RUNNING: { message: 'The same sync is already running ({detail}).', action: 'Wait for it to finish; /status shows its progress.', status: 409 },
  RUN_INTERRUPTED: { message: 'The run was interrupted: {detail}', action: 'Nothing to do: it resumes from its last checkpoint by itself within a minute.', status: 409 },
  RUN_UNKNOWN: { message: 'There is no run with that key{detail}.', action: 'Use the runKeys POST /api/sync returned.', status: 404 },
  RUN_ABORTED: { message: 'The run was stopped before it finished ({detail}).', action: 'Nothing is lost: the next run resumes from the last checkpoint.', status: 409 },
  SYNC_AUTH_FAILED: { message: 'The platform refused our credentials: {detail}', action: 'Check the app key and secret in .env; re-authorise if the platform asks for it.', status: 502 },
  SYNC_TOKEN_EXPIRED: { message: 'The access token expired and could not be renewed: {detail}', action: 'Run `tongbu token refresh` (or /token refresh); if that fails, re-authorise the app.', status: 502 },
  SYNC_RATE_LIMITED: { message: 'The platform kept rate-limiting us after every retry: {detail}', action: 'Nothing is lost; the next run resumes. If it repeats, lower PAGE_SIZE or run less often.', status: 503 },
  SYNC_PLATFORM_UNAVAILABLE: { message: 'The platform kept failing after every retry: {detail}', action: 'Nothing is lost; the next run resumes from the last checkpoint. Check the platform status if it repeats.', status: 503 },
  SYNC_BAD_RESPONSE: { message: 'The platform sent a response we cannot read: {detail}', action: 'Rows before it are kept and the run stopped at the last good page. Report this with the run id; retrying may work if the platform recovers.', status: 502 },
  SYNC_PLATFORM_ERROR: { message: 'The platform refused the request: {detail}', action: 'Check the account id and the app\'s permissions on the platform.', status: 502 },
  // ── Tokens and OAuth (src/tokens, src/http/oauth.ts, tongbu auth/token) ──
  TOKEN_MISSING: { message: 'No {detail} authorisation is stored.', action: 'Authorise the app: run `tongbu auth <platform>` (`tongbu token status` lists them) and open the link it prints (or use the link in the alert).', status: 409 },
  TOKEN_REFRESH_FAILED: { message: 'The {detail} token could not be renewed.', action: 'Re-authorise the app with the link in the alert (or `tongbu auth <platform>`); syncs resume by themselves afterwards.', status: 502 },
  TOKEN_AUTH_CODE_REJECTED: { message: 'The platform refused the authorisation code: {detail}', action: 'Codes are single-use and live 10 minutes: open the authorisation link again and use the new code at once.', status: 400 },
  TOKEN_STATE_INVALID: { message: 'The authorisation callback carried an unknown or expired state ({detail}).', action: 'Start again from a fresh authorisation link (`tongbu auth <platform>`); links expire.', status: 400 },
  TOKEN_KEY_MISMATCH: { message: 'A stored token cannot be decrypted: {detail}', action: 'TOKEN_ENCRYPTION_KEY (or DATA_DIR/token-key) changed since the token was stored. Restore the old key, or re-authorise to store new tokens.', status: 500 },
  TOKEN_KEY_DIFFERS: {
    message: 'This process has a different token encryption key from the one that encrypted the tokens stored in this database: {detail}',
    action: 'Set the same TOKEN_ENCRYPTION_KEY on every replica (the key that stored the tokens; or copy that replica\'s DATA_DIR/token-key) and start again. If that key is lost: DELETE FROM platform_tokens; DELETE FROM token_key_fingerprint; then start and re-authorise (docs/operations.md).',
    status: 500,
  },
  TOKEN_PLATFORM_UNKNOWN: { message: 'There are no tokens for a platform called "{detail}".', action: 'Use the name of a platform with OAuth tokens, or of a connector that uses one (`tongbu token status` lists them).', status: 404 },
  OAUTH_NOT_CONFIGURED: { message: 'OAuth for {detail} is not configured.', action: 'Set the app id and secret of the connector that uses it in .env (see .env.example; and its redirect URI, /oauth/<platform>/callback); in sandbox mode the service authorises itself at start.', status: 409 },
  // ── Export (src/ops/export.ts, tongbu export) ──
  EXPORT_MONTH_INVALID: { message: 'The month "{detail}" is not valid.', action: 'Give a month as YYYY-MM, e.g. 2026-02.', status: 400 },
  EXPORT_NOT_SUPPORTED: { message: 'The connector {detail} has no monthly export.', action: 'Export a connector that has a monthly report (named above).', status: 400 },
  EXPORT_EMPTY: { message: 'There are no rows for {detail}.', action: 'Sync the month first, e.g. `/sync <connector> 2026-02-01..2026-02-28`, then export again.', status: 404 },
  // ── Notifications (src/notify, src/feishu/webhook.ts): a failed notification is logged, never thrown into a sync ──
  NOTIFY_WEBHOOK_SIGN_FAILED: { message: 'The Feishu custom bot refused our signature (19021): {detail}', action: 'Set FEISHU_WEBHOOK_SECRET to the secret shown in the bot\'s 签名校验 setting (or turn signing off there and leave it empty), and check this server\'s clock is within an hour of real time.', status: 502 },
  NOTIFY_WEBHOOK_IP_DENIED: { message: 'The Feishu custom bot refused this server\'s IP address (19022): {detail}', action: 'Add this server\'s public IP to the bot\'s IP allowlist (群设置 → 群机器人 → 安全设置), or remove the allowlist.', status: 502 },
  NOTIFY_WEBHOOK_KEYWORD: { message: 'The Feishu custom bot refused the message: it lacks the bot\'s keyword (19024): {detail}', action: 'Add the keyword "Tongbu" to the bot\'s 自定义关键词 (every card title starts with it), or turn keywords off.', status: 502 },
  NOTIFY_WEBHOOK_REJECTED: { message: 'The Feishu custom bot refused the message: {detail}', action: 'Check FEISHU_WEBHOOK_URL is the bot\'s current webhook address (the bot may have been removed from the group).', status: 502 },
  NOTIFY_WEBHOOK_UNAVAILABLE: { message: 'The Feishu custom bot webhook kept failing after every retry: {detail}', action: 'Nothing else is affected; the next notification tries again. Check the network to open.feishu.cn if it repeats.', status: 503 },
  NOTIFY_DAY_INVALID: { message: 'The day "{detail}" is not a calendar date.', action: 'Give the business day as YYYY-MM-DD (Asia/Shanghai), e.g. 2026-02-11; leave it out for yesterday.', status: 400 },
  // Excel imports (src/excel/): each names the problem; nothing of the file is imported.
  EXCEL_NOT_XLSX: { message: 'This is not an Excel .xlsx workbook: {detail}', action: 'Export the report again from the 抖音来客 back office as .xlsx and send that file.', status: 415 },
  EXCEL_OLD_XLS: { message: 'This is an old Excel 97-2003 (.xls) file: {detail}', action: 'Open it in Excel or WPS and save it as .xlsx (Excel Workbook), then send it again.', status: 415 },
  EXCEL_ENCRYPTED: { message: 'This workbook is password-protected: {detail}', action: 'Remove the password (File > Info > Protect Workbook), save as .xlsx and send it again.', status: 415 },
  EXCEL_CORRUPT: { message: 'The workbook is damaged and cannot be read: {detail}', action: 'Export or download the report again; if it opens in Excel, save it again as .xlsx.', status: 422 },
  EXCEL_TOO_LARGE: { message: 'The file is too large: {detail}', action: 'Export a shorter date range, or raise MAX_IMPORT_MB.', status: 413 },
  EXCEL_ZIP_BOMB: { message: 'The workbook unpacks to far more data than a report can hold: {detail}', action: 'This file is refused for safety. Export the report again; raise MAX_IMPORT_UNCOMPRESSED_MB only for a genuine, very large export.', status: 413 },
  EXCEL_UNKNOWN_TYPE: { message: 'Cannot tell which report this is: {detail}', action: 'Send a 售卖明细_*.xlsx or 旅行社预约明细_*.xlsx export from the 抖音来客 back office, with its header row.', status: 422 },
  EXCEL_MISSING_COLUMNS: { message: 'Required columns are missing: {detail}', action: 'Export the report again with all columns (do not delete or rename columns), then send it again.', status: 422 },
  EXCEL_NO_SHEET: { message: 'No sheet of the workbook holds the report: {detail}', action: 'Keep the original sheets of the export (for 旅行社预约明细: 未预约, 待接单, 已预约, 已完成, 已拒单) and send it again.', status: 422 },
  EXCEL_BAD_MONEY: { message: 'A money column holds text that is not an amount: {detail}', action: 'Correct that cell (an amount in 元, such as 429.00, or leave it empty) and send the file again; nothing was imported.', status: 422 },
  EXCEL_BAD_TIME: { message: 'A time column holds text that is not a time: {detail}', action: 'Correct that cell (such as 2025-12-07 14:31:54, or leave it empty) and send the file again; nothing was imported.', status: 422 },
  EXCEL_SHEET_REFUSED: { message: 'This sheet changes stored data and only admins may send it: {detail}', action: 'Ask an admin to send the file, or ask to be added to FEISHU_ADMIN_OPEN_IDS; nothing was imported.', status: 422 },
  EXCEL_SHEET_INVALID: { message: 'The sheet was not imported: {detail}', action: 'Correct the rows named above and send the file again; nothing was imported.', status: 422 },
  EXCEL_INTERRUPTED: { message: 'The database connection was lost during the import; nothing was saved: {detail}', action: 'Send the file again (a file in the watched folder is retried by itself).', status: 503 },
  EXCEL_NO_FILE: { message: 'No file was received: {detail}', action: 'Send the .xlsx file as a multipart form field named "file".', status: 400 },
  // ── HTTP requests (src/app.ts, src/http/): the client sent something the route does not take ──
  BAD_REQUEST: { message: 'The request is not right: {detail}', action: 'Correct what the message names and send the request again; the README\'s HTTP admin API table lists each route and its fields.', status: 400 },
  NOT_FOUND: { message: 'There is no route {detail}.', action: 'The README\'s HTTP admin API table lists the routes.', status: 404 },
  REQUEST_TOO_LARGE: { message: 'The request body is too large: {detail}', action: 'Send a smaller body (JSON bodies up to 5 MB; Excel uploads up to MAX_IMPORT_MB).', status: 413 },
  UNSUPPORTED_MEDIA_TYPE: { message: 'The request body has a content type this route does not take: {detail}', action: 'Send JSON with `Content-Type: application/json` (Excel uploads: multipart/form-data).', status: 415 },
  UNAUTHORIZED: { message: 'Missing or wrong admin token.', action: 'Send `Authorization: Bearer <ADMIN_TOKEN>`.', status: 401 },
  // ── Bitable mirror (src/mirror/, src/ops/dedup.ts) ──
  BITABLE_LOCK_LOST: { message: 'The Bitable writer lost its hold on the base {detail} (its database connection was cut).', action: 'Nothing to do: the next pass, here or on another replica, replays the saved batches and goes on.', status: 503 },
  BITABLE_OFF: { message: 'The Bitable mirror is off: {detail}', action: 'Set BITABLE_APP_TOKEN (and the Feishu app credentials) in .env; see docs/bitable-mirror.md.', status: 409 },
  BITABLE_MAPPING_INVALID: { message: 'The Bitable mapping is invalid: {detail}', action: 'Fix the entry in the BITABLE_MAPPING file (see docs/bitable-mirror.md for the format) and start again.', status: 500 },
  BITABLE_MAPPING_UNKNOWN: { message: 'There is no Bitable mapping for "{detail}".', action: 'Use a mapped table: its name, its Bitable table or its connector; /status lists them. Or add a mapping in the BITABLE_MAPPING file.', status: 404 },
  BITABLE_NO_DATE: { message: 'The mapping {detail} has no date column, so it cannot be checked or re-sent by date.', action: 'Add dateColumn and dateField to the mapping, or use a mapping that has them.', status: 400 },
  BITABLE_DATE_INVALID: { message: 'Not a date: "{detail}".', action: 'Use YYYY-MM-DD (Asia/Shanghai business day), e.g. 2026-02-11.', status: 400 },
  BITABLE_FIELD_TYPE_MISMATCH: { message: 'The Bitable field {detail}', action: 'Rename or delete that field in Bitable, or change the field name in the mapping; the mirror of this table waits until then.', status: 409 },
  BITABLE_SOURCE_MISSING: { message: 'The table or view {detail} does not exist in PostgreSQL.', action: 'Run the migrations (or fix `source` in the mapping); nothing is mirrored for it until then.', status: 409 },
  BITABLE_TABLE_FULL: { message: 'The Bitable table {detail} is full: the platform refuses new records (1254103, about 20,000 rows per table on most plans).', action: 'Archive or delete old records in Bitable, or point the mapping at a new table; waiting rows are retried once an hour (BITABLE_PARK_MINUTES) and nothing is lost in PostgreSQL.', status: 507 },
  FEISHU_QUOTA_EXCEEDED: {
    message: "This month's Feishu API call quota is used up (99991403; the free plan allows 10,000 calls a month for all of a tenant's apps together). {detail}",
    action: 'Nothing is lost: rows wait in the outbox and go to Bitable once the quota resets on the 1st. To resume sooner, upgrade the Feishu plan or stop other apps of the tenant that spend calls; `tongbu status` shows the calls spent.',
    status: 503,
  },
  BITABLE_API_FAILED: { message: 'Bitable refused the request: {detail}', action: 'Check that the app can edit the base (add it as a document app) and that BITABLE_APP_TOKEN is right; nothing is lost, rows wait in the outbox.', status: 502 },
  NOT_AVAILABLE_YET: { message: '{detail} is not available yet.', action: 'It arrives in a later version; nothing was changed.', status: 501 },
  // Feishu bot: API client, event intake, chat commands (src/feishu/).
  FEISHU_API_ERROR: { message: 'Feishu refused the request: {detail}', action: 'Check the app\'s permissions (im:message, im:resource, bitable:app) and that the bot is in the chat.', status: 502 },
  FEISHU_RATE_LIMITED: { message: 'Feishu kept rate-limiting us after every retry: {detail}', action: 'Wait a minute and try again; a chat takes at most 5 messages a second.', status: 503 },
  FEISHU_UNAVAILABLE: { message: 'Feishu could not be reached after every retry: {detail}', action: 'Check the network and FEISHU_DOMAIN; the message was not sent.', status: 503 },
  FEISHU_EVENT_REJECTED: { message: 'A Feishu event was rejected: {detail}', action: 'Check that FEISHU_VERIFICATION_TOKEN and FEISHU_ENCRYPT_KEY match the app\'s 事件与回调 > 加密策略 page.', status: 401 },
  COMMAND_UNKNOWN: { message: 'There is no command "{detail}".', action: 'Send /help to see the commands and examples.', status: 400 },
  COMMAND_BAD_ARGS: { message: 'The command is not complete or not right: {detail}', action: 'Send /help for the right form.', status: 400 },
  COMMAND_FORBIDDEN: { message: 'Only the bot\'s admins may {detail}.', action: 'Ask an admin to run it, or ask to be added to FEISHU_ADMIN_OPEN_IDS.', status: 403 },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

export class TongbuError extends Error {
  readonly action: string;
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly detail: string = '',
    options?: { cause?: unknown },
  ) {
    const spec: ErrorSpec = ERRORS[code];
    super(spec.message.replace('{detail}', detail), options);
    this.name = 'TongbuError';
    this.action = spec.action;
    this.status = spec.status ?? 500;
  }

  toJSON() {
    return { code: this.code, message: this.message, action: this.action };
  }
}

export function isTongbuError(e: unknown): e is TongbuError {
  return e instanceof TongbuError;
}

/** Any thrown value as { code, message, action } for cards, CLI and HTTP. */
export function describeError(e: unknown): { code: string; message: string; action: string } {
  if (isTongbuError(e)) return e.toJSON();
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', message, action: 'This is a bug or an unexpected failure; the logs have the details.' };
}

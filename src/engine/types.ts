// The shape of a connector: a declaration the engine reads (STYLE.md §1). Connectors never
// call the engine's internals; the engine owns windows, slices, checkpoints, retries,
// token refresh, upserts, run records, metrics and alerts. `defineConnector` (connector.ts)
// types a declaration against its own settings and client; the registry holds them erased.
import type { z } from 'zod';
import type { Config } from '../config.js';
import type { Pool, PoolClient } from '../db/pool.js';
import type { Logger } from '../logger.js';
import type { Notifier } from '../notifier.js';
import type { TokenProvider } from '../tokens/types.js';
import type { TokenStore } from '../tokens/store.js';

/** How a platform response is classified (STYLE.md §2): one function per client decides. */
export type ResponseClass = 'ok' | 'rateLimited' | 'authExpired' | 'retryable' | 'fatal' | 'malformed';

/** Thrown by a client for any response that is not `ok`; the engine acts on `kind`. */
export class PlatformError extends Error {
  constructor(
    readonly kind: Exclude<ResponseClass, 'ok'> | 'network',
    message: string,
    readonly info: { code?: number | string; status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'PlatformError';
  }
}

/** A piece of a window fetched on its own, both ends inclusive, with its own checkpoint. */
export interface SyncSlice {
  from: Date;
  to: Date;
  /** YYYY-MM-DD, Asia/Shanghai: the business day the slice starts on. */
  day: string;
}

export interface SyncWindow {
  from: Date;
  to: Date;
}

/**
 * An account, shop or advertiser: what a run is for. It may carry its own credentials and host
 * (a shop with its own token and region); most are just an id.
 */
export interface Partition {
  id: string;
  /** For people (a shop's name); default the id. */
  label?: string;
  /** This partition's API host, when it differs from the connector's. */
  baseUrl?: string;
  region?: string;
  credentials?: Record<string, string>;
}

export interface PageRequest {
  account: string;
  partition: Partition;
  slice: SyncSlice;
  /** 1-based. */
  page: number;
}

export interface Page<TRecord> {
  records: TRecord[];
  /** False on the last page of the slice. */
  hasMore: boolean;
}

export type ColumnType = 'text' | 'integer' | 'bigint' | 'numeric' | 'timestamptz' | 'date' | 'jsonb' | 'json' | 'boolean';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
}

/** A table the loader writes: its key, its columns, and the columns that do not count as a change. */
export interface LoadTarget {
  table: string;
  /** Natural key columns; rows upsert on these. */
  primaryKey: string[];
  /** Columns the loader writes (primary key included). */
  columns: ColumnSpec[];
  /** Columns ignored when deciding whether a row changed (e.g. synced_at). */
  volatileColumns?: string[];
  /** The table has a `synced_at` column the loader moves when a row changes (default true). */
  syncedAt?: boolean;
}

/**
 * How a window is cut: calendar days (the default, `{ days: 1 }`, aligned to Asia/Shanghai
 * midnight), runs of minutes, or not at all (`'none'`: one slice, e.g. a full product list).
 */
export type SliceSpec = { days: number } | { minutes: number } | 'none';

export type Row = Record<string, unknown>;

export interface RowContext<TClient> {
  account: string;
  partition: Partition;
  client: TClient;
}

export interface StreamDeclaration<TClient = unknown, TRecord = unknown> extends LoadTarget {
  name: string;
  /**
   * upsert: rows are keyed and a row whose content did not change is not rewritten (orders).
   * replace: a slice's rows are deleted and written again as a whole, in one transaction
   * (reports the platform revises); `replaceBy` names the account and day columns.
   * snapshot: a time series keyed by entity and time bucket (`snapshot`); a row equal to its
   * entity's previous snapshot is not written.
   */
  mode: 'upsert' | 'replace' | 'snapshot';
  replaceBy?: { account: string; day: string };
  snapshot?: { entity: string[]; time: string };
  /** How windows are sliced for this stream (default one Asia/Shanghai day per slice). */
  slice?: SliceSpec;
  fetchPage(client: TClient, req: PageRequest, signal: AbortSignal): Promise<Page<TRecord>>;
  toRows(records: TRecord[], ctx: RowContext<TClient>): Row[];
  /** More tables filled from the same page (child orders), written in the page's transaction. */
  children?: ChildTable<TClient, TRecord>[];
  /**
   * Details fetched for the rows of a page that are new or changed (compared with the table
   * before the page is written), then written in the page's transaction: a crash before the
   * commit fetches them again, so no detail is lost and none is fetched for an unchanged row.
   */
  followUp?: FollowUp<TClient>;
}

export interface ChildTable<TClient, TRecord> {
  target: LoadTarget;
  toRows(records: TRecord[], ctx: RowContext<TClient>): Row[];
}

export interface FollowUp<TClient> {
  target: LoadTarget;
  /** A rate limit shared by every partition (and replica) that uses the same key (an app key). */
  rateLimit?(client: TClient): { key: string; perSecond: number };
  /** Fetch the detail rows for one new or changed row of the stream's table. */
  fetch(client: TClient, row: Row, signal: AbortSignal): Promise<Row[]>;
}

/** When a stream (or several) runs, and over which window. */
export interface ScheduleDeclaration {
  /** Unique within the connector: `incremental`, `rescan`, `products`. */
  name: string;
  /** node-cron expression, evaluated in Asia/Shanghai. */
  cron: string;
  /** Streams this schedule runs (default: every stream of the connector). */
  streams?: string[];
  /** The window a scheduled run covers, at `now`. */
  window(now: Date): SyncWindow;
  /**
   * After downtime, widen the window back to its streams' cursor (default true). A rescan or a
   * full pass covers its own span and does not.
   */
  catchUp?: boolean;
  /**
   * The window of the very first run, when the schedule's streams have no cursor yet (the
   * history since a start date, or the first 90 days); default `window(now)`.
   */
  firstWindow?(now: Date): SyncWindow;
}

/** Tables computed from synced ones (aggregates, decisions), refreshed after a stream's run. */
export interface DerivedDeclaration {
  name: string;
  /** Refreshed after a run of any of these streams succeeds. */
  after: string[];
  /**
   * Runs in one transaction (`tx`) the engine commits. `settings`: the connector's parsed
   * settings (as `ConnectorContext.settings`), for rules a person configures (e.g. how many days
   * until a decision); `context`: the connector's whole context. The engine passes both.
   */
  refresh(tx: PoolClient, scope: { account: string; window: SyncWindow; now: Date; settings?: unknown; context?: ConnectorContext; slicesCovered?: boolean }): Promise<DerivedRefresh>;
  /**
   * Optional: what a slice of a source stream allows as soon as it is written (typically
   * entering its new rows), in a transaction of its own right after the slice's last page
   * commits, while the run's other slices are still fetched and written. The refresh after the
   * run then has less left: a history's first refresh no longer waits at the end for the work of
   * every order at once. It must be safe to repeat. A failure here is logged, never the run's.
   * At most one runs at a time per run. `refresh` gets `slicesCovered: true` only when this
   * succeeded for every slice of the run's streams it follows (none resumed from an earlier
   * attempt, none failed): then it may leave out what this already did; otherwise, and when the
   * refresh is called outside a run, it does everything.
   */
  afterSlice?(tx: PoolClient, scope: { account: string; stream: string; slice: SyncSlice; now: Date; settings?: unknown; context?: ConnectorContext }): Promise<DerivedRefresh>;
}

/** What a derived table's refresh did. */
export interface DerivedRefresh {
  /** Rows written, for the run record. */
  rows: number;
  /**
   * The rows it inserted, changed or deleted, by table and primary key (SQL `RETURNING`). The
   * engine hands them to the write hook in the refresh's transaction, as the loader does with a
   * page's rows, so a mirrored derived table reaches the Bitable outbox. A table whose changes
   * are not listed here is never mirrored after a refresh.
   */
  changed?: TableChange[];
}

/** Rows of one table that changed or vanished, by their primary-key values. */
export interface TableChange {
  table: string;
  keys: Record<string, unknown>[];
}

export interface ConnectorContext<TSettings = unknown> {
  config: Config;
  /** The connector's own settings, parsed from its declaration (sandbox values applied). */
  settings: TSettings;
  log: Logger;
  pool: Pool;
  /** Base URL of the platform API: the real host, or an emulator in sandbox mode. */
  baseUrl: string;
  /** Called by clients for every classified non-ok response (metrics). */
  onApiError?: (kind: string) => void;
  /** Platform OAuth tokens and other stored credentials. */
  tokens?: TokenStore;
}

export interface ConnectorClient {
  /** Force a new access token (called once by the engine on an authExpired response). */
  refreshAuth(): Promise<void>;
}

/** Where a connector's credentials come from and whether it runs against its emulator. */
export interface ConnectorSetup {
  /** Credentials present (real API). */
  configured: boolean;
  /** Partitions named in settings: accounts, advertisers. */
  accounts: string[];
  /** The base URL from settings (undefined: the real host, or the emulator in sandbox mode). */
  baseUrl?: string;
  realBaseUrl: string;
}

/** A connector's settings: a zod object of prefixed keys, and the old scripts' names for them. */
export interface SettingsDeclaration<TSettings> {
  schema: z.ZodType<TSettings>;
  /** Old name → new name, so an old `.env` keeps working (`PAGE_SIZE` → `<PREFIX>_PAGE_SIZE`). */
  aliases?: Record<string, string>;
}

/** A running emulator of the platform: where it listens and the settings that point at it. */
export interface PlatformEmulator {
  baseUrl: string;
  /** Settings (as environment strings) that make the connector talk to this emulator. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export type EmulatorFactory = (config: Config, opts: { port: number; log: Logger }) => Promise<PlatformEmulator>;

/** A platform's OAuth: the token store provider, its callback and how early it refreshes. */
export interface OAuthDeclaration<TSettings> {
  /** Key in platform_tokens (one per OAuth app family); connectors sharing an app share it. */
  platform: string;
  /** For people (`巨量引擎`). */
  title: string;
  /** Names people type for it (`/token status 巨量`). */
  aliases: string[];
  provider(settings: TSettings, baseUrl: string): TokenProvider | undefined;
  refreshBeforeMinutes(settings: TSettings): number;
  /** The grant `tongbu auth` stores when none is named. */
  defaultGrant(settings: TSettings): string;
  /** What the person authorising should sign in as (printed with the link). */
  signInHint?: string;
  /** At start, once the store knows the provider (sandbox mode: authorise against the emulator). */
  onStart?(ctx: { tokens: TokenStore; mode: 'live' | 'sandbox'; settings: TSettings; log: Logger }): Promise<void>;
}

/** A monthly export (`/export <connector> YYYY-MM`): columns and rows; ops builds the xlsx. */
export interface ExportDeclaration {
  name: string;
  title: string;
  month(pool: Pool, range: { first: string; last: string }): Promise<ExportSheet>;
}

export interface ExportSheet {
  columns: { header: string; key: string; width: number; money?: boolean }[];
  /** Money as decimal strings; the export writes them as 2-dp numbers. */
  rows: Row[];
  /** A bold last row (sums taken in SQL), or none. */
  totals?: Row;
}

/** A connector's section of the daily summary card. */
export interface SummarySection {
  title: string;
  /** Label/value pairs, values already formatted for people (e.g. "¥1,234.50"). */
  figures: { label: string; value: string }[];
  /** The main figure over the last 7 days, oldest first, for the trend chart (several lines when points name a series). */
  trend?: { label: string; points: { day: string; value: number; series?: string }[] };
}

/**
 * What a connector's own command or daily report says, for any door to render: a chat card
 * (figures, notes, the attachment uploaded as an .xlsx), CLI text (or `--json`: `data`), the
 * HTTP API (`data`). Money and times already formatted for people in `figures` and `notes`.
 */
export interface ConnectorReport {
  title: string;
  /** Card colour: info (blue), success (green), warning (orange: something needs a person). */
  tone?: 'info' | 'success' | 'warning';
  figures: { label: string; value: string }[];
  /** Short Markdown paragraphs (lists of ids, what to do). */
  notes?: string[];
  /** A table people act on, sent as an .xlsx file (chat) or written with `--xlsx <path>` (CLI). */
  attachment?: { fileName: string; sheet: ExportSheet };
  /** The same content as plain JSON (`--json`, HTTP). */
  data: unknown;
}

export interface ConnectorCommandContext<TSettings = unknown> {
  pool: Pool;
  settings: TSettings;
  log: Logger;
  now: Date;
}

/**
 * An operation of the connector's own, offered by every door alike: chat `/<name> args…` (or an
 * alias), CLI `tongbu <name> [args…] [--flag value] [--json]`, HTTP
 * `GET /api/connectors/<connector>/commands/<name>?flag=value`. Doors pass words and flags as
 * typed; the command checks them (TongbuError COMMAND_BAD_ARGS with the right form) and returns
 * a report. Read-only unless `adminOnly` says what it changes.
 */
export interface ConnectorCommand<TSettings = unknown> {
  /** The chat command, the CLI command and the API path (kebab-case). */
  name: string;
  /** Other names people type (Chinese names). */
  aliases?: string[];
  summary: string;
  /** Forms for /help and `tongbu help`, e.g. `/<name> [YYYY-MM-DD]`, `tongbu <name> [--day D] [--json]`. */
  usage: string[];
  examples?: string[];
  /** What it does when only admins may run it ("resend the report"); undefined = anyone. */
  adminOnly?: string;
  run(ctx: ConnectorCommandContext<TSettings>, input: { args: string[]; flags: Record<string, string | boolean> }): Promise<ConnectorReport>;
}

/**
 * An HTTP route of a connector's own (a query API for dashboards), served by the app at
 * `/api/<connector name><path>`. Framework-free: the handler gets the path and query values and
 * answers a status and a JSON body, so a connector imports no HTTP server.
 */
export interface ConnectorRoute {
  method: 'GET' | 'POST';
  /** Below `/api/<connector name>`, Fastify syntax: `/orders`, `/orders/:id`. */
  path: string;
  /** 'read': ADMIN_TOKEN or one of API_READ_TOKENS (read-only dashboards, BI tools); 'admin': ADMIN_TOKEN only. */
  access: 'read' | 'admin';
  handle(req: { params: Record<string, string>; query: Record<string, unknown> }, ctx: { pool: Pool; now: Date }): Promise<{ status?: number; body: unknown }>;
}

/**
 * A chat command of a connector's own (`/<name> 7d`). Framework-free: it answers plain content
 * (a title, markdown lines, an optional chart) that the chat door renders as a card; a bad
 * argument throws TongbuError('COMMAND_BAD_ARGS'), which the door shows with `usage`.
 */
export interface ChatCommandDeclaration {
  /** Without the slash. */
  name: string;
  aliases: string[];
  /** One line for /help. */
  summary: string;
  usage: string[];
  examples: string[];
  run(args: string[], ctx: { pool: Pool; now: Date }): Promise<ChatAnswer>;
}

export interface ChatAnswer {
  title: string;
  /** Markdown lines, in order. */
  lines: string[];
  /** A bar chart of one figure (e.g. cost per video), drawn like the summary's trend. */
  chart?: { label: string; points: { label: string; value: number }[] };
  note?: string;
}

/** What an operation answers, as every door renders it: a chat card, CLI text, HTTP JSON. */
export interface OpReport {
  title: string;
  lines: string[];
  /** False when the answer reports a problem (the card turns orange, the CLI exits 1). */
  ok: boolean;
}

export interface OperationContext<TSettings = unknown> extends ConnectorContext<TSettings> {
  notifier?: Notifier;
  /** Who asked (chat open id, `cli`, `api`), for logs. */
  requestedBy?: string;
}

/**
 * A connector's own operation (ARCHITECTURE "one operation, three doors"): chat `/<name> words…`
 * (or an alias), CLI `tongbu <name> words…`, HTTP `POST /api/ops/<name>` with `{ "args": [...] }`.
 * The doors split the words and render the OpReport; the operation parses its own arguments and
 * throws TongbuError('COMMAND_BAD_ARGS') for a wrong form.
 */
export interface OperationDeclaration<TSettings = unknown> {
  name: string;
  aliases?: string[];
  summary: string;
  usage: string[];
  examples: string[];
  /** For arguments that change state: what is being done (shown in the refusal), admins only. */
  needsAdmin?(args: string[]): string | undefined;
  run(ctx: OperationContext<TSettings>, args: string[]): Promise<OpReport>;
}

/**
 * A spreadsheet a connector imports itself (a cost sheet), offered next to the built-in report
 * types: a workbook whose file name matches, or whose header row has one name of every
 * `requiredHeaders` group, is handed to `import` (chat attachment, watched folder, upload route).
 */
export interface SheetDeclaration<TSettings = unknown> {
  name: string;
  /** For people: `成本价`. */
  label: string;
  fileNamePattern?: RegExp;
  requiredHeaders: string[][];
  import(ctx: OperationContext<TSettings>, sheet: { fileName: string; header: unknown[]; rows: unknown[][]; firstRow: number }): Promise<OpReport>;
}

/**
 * Credentials kept outside OAuth (seller-issued tokens with no refresh): listed by `/token status`,
 * and checked once a day by the scheduler (`check` reads expiries from the platform and alerts
 * ahead of them and on a dead credential).
 */
export interface CredentialsDeclaration<TSettings = unknown> {
  title: string;
  status(ctx: ConnectorContext<TSettings>): Promise<{ name: string; detail: string; expiresAt?: Date | null; problem?: string | null }[]>;
  check?(ctx: OperationContext<TSettings>): Promise<OpReport>;
  /** node-cron expression for `check`, Asia/Shanghai (default once a day). */
  checkCron?: string;
}

export interface ConnectorDeclaration<TSettings = any, TClient extends ConnectorClient = ConnectorClient> { // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Used in commands, task names and tables: kebab-case, e.g. `my-platform`. */
  name: string;
  /** For people: `抖音来客`. */
  title: string;
  /** Short aliases accepted in commands. */
  aliases?: string[];
  settings: SettingsDeclaration<TSettings>;
  setup(settings: TSettings): ConnectorSetup;
  /** Partitions that live outside settings (shops stored with their tokens); default `setup().accounts`. */
  partitions?(ctx: ConnectorContext<TSettings>): Promise<Partition[]>;
  createClient(ctx: ConnectorContext<TSettings>, partition: Partition): TClient;
  streams: StreamDeclaration<TClient, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  schedules(settings: TSettings): ScheduleDeclaration[];
  derived?: DerivedDeclaration[];
  /** Loaded only in sandbox mode: `() => import('../../sandbox/<name>/sandbox.js').then((m) => m.start)`. */
  emulator?: () => Promise<EmulatorFactory>;
  oauth?: OAuthDeclaration<TSettings>;
  /** Its tables to mirror into Bitable (src/mirror/ validates and applies them). */
  mirror?: MirrorMappingInput[];
  exports?: ExportDeclaration[];
  /** Log paths never written (pino redact syntax), for this connector's secrets. */
  redact?: string[];
  /** Its section of the daily summary for a business day (YYYY-MM-DD). */
  summary?(pool: Pool, day: string): Promise<SummarySection>;
  /** Its own HTTP routes under /api/<name> (a query API); see ConnectorRoute. */
  routes?: ConnectorRoute[];
  /** Chat-only commands answered with a card (lines and a chart); see ChatCommandDeclaration. */
  chatCommands?: ChatCommandDeclaration[];
  /** Its own operations (chat `/<name>`, `tongbu <name>`, the API), see ConnectorCommand. */
  commands?: ConnectorCommand<TSettings>[];
  /**
   * Cards of its own posted to the notification chats with the daily summary, about the business
   * day `day` (yesterday); none when it has nothing to say or a setting turns them off. Sent
   * right after the summary card, to the same places, rendered as its commands' reports are in
   * chat; an `attachment` goes as an .xlsx to the bot chats (a webhook cannot carry files). One
   * that throws is logged and the other connectors' still go.
   */
  dailyReports?(ctx: ConnectorCommandContext<TSettings>, day: string): Promise<ConnectorReport[]>;
  /** Operations of its own, each reachable from chat, CLI and HTTP. */
  operations?: OperationDeclaration<TSettings>[];
  /** Spreadsheets it imports itself (next to the built-in Excel report types). */
  sheets?: SheetDeclaration<TSettings>[];
  /** Stored non-OAuth credentials (shop tokens): status and a daily check. */
  credentials?: CredentialsDeclaration<TSettings>;
  /** Its daily figures for the cross-platform overview (refreshed after each run). */
  dailyMetrics?: DailyMetricsDeclaration;
}

/**
 * A connector's daily figures: SQL returning rows (day date, account text, metric text, value
 * numeric, currency text) for the business days `$1::date[]` and the account `$2`. Metrics:
 * `revenue`, `refunds`, `orders`, `units` (sellers); `ad_spend`, `conversions`, `plays` (ad
 * platforms). Money in major units with its ISO currency, one currency per row; counts with ''.
 */
export interface DailyMetricsDeclaration {
  sql: string;
  /**
   * false when the SQL reads only the streams' tables, never a derived one: the figures are then
   * refreshed at the same time as the derived tables, on another connection, instead of after
   * them. Default true (after them), which is always right.
   */
  afterDerived?: boolean;
}

/**
 * Called inside the write transaction with the keys of rows that changed or vanished: by the
 * loader for each page, and by the engine for what a derived refresh reports (`DerivedRefresh.changed`).
 */
export interface WriteHook {
  afterWrite(client: PoolClient, change: TableChange): Promise<void>;
}

/**
 * A table a connector offers to mirror into Bitable, as plain data (src/mirror/mapping.ts holds
 * the schema that validates it; a BITABLE_MAPPING file entry has the same shape).
 */
export interface MirrorMappingInput {
  /** Unique id; by default the source table's name. */
  name: string;
  /** PostgreSQL table or view. */
  source: string;
  /** Base override; default BITABLE_APP_TOKEN. */
  appToken?: string;
  /** Bitable table name; created when missing. */
  table: string;
  /** Columns forming the record key (the primary key of `source`). */
  key: string[];
  /** Text field holding the record key (default 记录键). */
  keyField?: string;
  /** Column and Bitable field that select one business day (/dedup, --force). */
  dateColumn?: string;
  dateField?: string;
  fields: { column: string; field: string; type: 'text' | 'number' | 'singleSelect' | 'date' | 'url' }[];
  enabled?: boolean;
  /** Other names accepted in commands. */
  aliases?: string[];
  /** Off unless its setting is on: `orders` is BITABLE_MIRROR_ORDERS. */
  optIn?: 'orders';
}

// The shape of a connector: a declaration the engine reads (STYLE.md §1). Connectors never
// call the engine's internals; the engine owns windows, slices, checkpoints, retries,
// token refresh, upserts, run records, metrics and alerts.
import type { Config } from '../config.js';
import type { Pool, PoolClient } from '../db/pool.js';
import type { Logger } from '../logger.js';
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

/** One Asia/Shanghai calendar day (or the part of it inside the window), both ends inclusive. */
export interface SyncSlice {
  from: Date;
  to: Date;
  /** YYYY-MM-DD, Asia/Shanghai. */
  day: string;
}

export interface SyncWindow {
  from: Date;
  to: Date;
}

export interface PageRequest {
  account: string;
  slice: SyncSlice;
  /** 1-based. */
  page: number;
}

export interface Page<TRecord> {
  records: TRecord[];
  /** False on the last page of the slice. */
  hasMore: boolean;
}

export type ColumnType = 'text' | 'integer' | 'bigint' | 'numeric' | 'timestamptz' | 'date' | 'jsonb' | 'boolean';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
}

export interface StreamDeclaration<TClient = unknown, TRecord = unknown> {
  name: string;
  table: string;
  /** Natural key columns; rows upsert on these. */
  primaryKey: string[];
  /** Columns the loader writes (primary key included). */
  columns: ColumnSpec[];
  /**
   * upsert: rows are keyed and a row whose content did not change is not rewritten (orders).
   * replace: a slice's rows are deleted and written again as a whole, in one transaction
   * (reports the platform revises); `replaceBy` names the account and day columns.
   */
  mode: 'upsert' | 'replace';
  replaceBy?: { account: string; day: string };
  /** Columns ignored when deciding whether a row changed (e.g. synced_at). */
  volatileColumns?: string[];
  fetchPage(client: TClient, req: PageRequest, signal: AbortSignal): Promise<Page<TRecord>>;
  toRows(records: TRecord[], ctx: { account: string; client: TClient }): Record<string, unknown>[];
}

export interface ConnectorContext {
  config: Config;
  log: Logger;
  pool: Pool;
  /** Base URL of the platform API: the real host, or an emulator in sandbox mode. */
  baseUrl: string;
  /** Called by clients for every classified non-ok response (metrics). */
  onApiError?: (kind: string) => void;
  /** Platform OAuth tokens (connectors with OAuth grants: oceanengine-local). */
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
  /** Partitions: accounts, shops, advertisers. */
  accounts: string[];
  /** The base URL from settings (undefined: the real host, or the emulator in sandbox mode). */
  baseUrl?: string;
  realBaseUrl: string;
}

export interface ScheduleDeclaration {
  /** node-cron expression, evaluated in Asia/Shanghai. */
  cron: string;
  /** The window a scheduled run covers, at `now`. */
  window(now: Date): SyncWindow;
}

export interface ConnectorDeclaration<TClient extends ConnectorClient = ConnectorClient> {
  /** Used in commands, task names and tables: `douyin-life`. */
  name: string;
  /** For people: `抖音来客`. */
  title: string;
  /** Short aliases accepted in commands (`douyin`, `oceanengine`). */
  aliases?: string[];
  setup(config: Config): ConnectorSetup;
  createClient(ctx: ConnectorContext, account: string): TClient;
  streams: StreamDeclaration<TClient, never>[] | StreamDeclaration<TClient, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  schedule(config: Config): ScheduleDeclaration;
  /** Its section of the daily summary for a business day (YYYY-MM-DD). */
  summary?(pool: Pool, day: string): Promise<SummarySection>;
  /** Its tables to mirror into Bitable (src/mirror/ validates and applies them). */
  mirror?: MirrorMappingInput[];
}

/** A connector's section of the daily summary card (issue: Feishu bot). */
export interface SummarySection {
  title: string;
  /** Label/value pairs, values already formatted for people (e.g. "¥1,234.50"). */
  figures: { label: string; value: string }[];
  /** The main figure over the last 7 days, oldest first, for the trend chart. */
  trend?: { label: string; points: { day: string; value: number }[] };
}

/** Called by the loader inside the write transaction with the keys of rows that changed or vanished. */
export interface WriteHook {
  afterWrite(
    client: PoolClient,
    change: { table: string; keys: Record<string, unknown>[] },
  ): Promise<void>;
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

// Bitable calls through the official SDK, with what the SDK leaves to us (feishu.md §1.3, §6, §7):
// - HTTP 200 with `code != 0` resolves (no throw): we check `code`;
// - non-2xx throws an AxiosError: status, body code and x-ogw-ratelimit-reset are read from it;
// - 429 / 99991400 / 1254290 / 1254291 / 1254607 / 1255040 / 5xx / network errors are retried
//   with exponential backoff (honouring x-ogw-ratelimit-reset); other codes fail at once;
// - every attempt is one API call for the monthly quota (10,000 calls on free tenants): counted;
// - writes stay within the write budget (50 a second by default, evenly spaced), reads within
//   20/s; the budgets are the app's (appBudget below): every BitableApi on one SDK client shares
//   them, the mirror writer's and those of /dedup and --force alike.
import type * as lark from '@larksuiteoapi/node-sdk';
import { RateLimiter } from './rate-limiter.js';

/** Codes that mean "try again later" (feishu.md §6–§7). */
const RETRY_CODES = new Set([99991400, 1254290, 1254291, 1254607, 1255040]);
const WRITE_CONFLICT = 1254291;

export class BitableApiError extends Error {
  constructor(
    readonly code: number | undefined,
    message: string,
    /** True when retries ran out on a transient error (the write may or may not have happened). */
    readonly transient: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'BitableApiError';
  }
}

/** One Feishu app's Bitable budgets in this process. */
export interface BitableBudget {
  writes: RateLimiter;
  reads: RateLimiter;
}

const budgets = new WeakMap<lark.Client, BitableBudget>();

/** The budgets of the app behind `client` (made on first use with the given rates). */
export function appBudget(client: lark.Client, writesPerSecond: number, readsPerSecond = 20): BitableBudget {
  let b = budgets.get(client);
  if (!b) {
    b = { writes: RateLimiter.evenly(writesPerSecond), reads: new RateLimiter(readsPerSecond) };
    budgets.set(client, b);
  }
  return b;
}

export interface BitableApiOptions {
  /** Called once per HTTP call made (kind: `bitable.batch_create`, …). */
  countCall: (kind: string) => void;
  writesPerSecond: number;
  readsPerSecond?: number;
  /** Attempts per call on transient errors. */
  maxAttempts?: number;
  /** First backoff delay; doubles per attempt with jitter, capped at maxBackoffMs. */
  retryBaseMs?: number;
  /**
   * First backoff after a 1254291 (another write to the base was being processed): that write
   * ends within a call's time, so waiting the general backoff would only hold the writes queued
   * behind this one. Doubles per attempt like the other.
   */
  conflictRetryMs?: number;
  maxBackoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Budgets shared with other callers of the same app (default: appBudget(client, …)). */
  budget?: BitableBudget;
}

interface Envelope<T> {
  code?: number;
  msg?: string;
  data?: T;
}

export interface BitableField {
  field_id?: string;
  field_name: string;
  type: number;
}

export interface BitableRecordOut {
  record_id: string;
  fields: Record<string, unknown>;
}

export type BitableFilter = {
  conjunction: 'and' | 'or';
  conditions: { field_name: string; operator: 'is' | 'isNot' | 'isEmpty' | 'isNotEmpty' | 'contains'; value?: string[] }[];
};

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class BitableApi {
  private readonly writes: RateLimiter;
  private readonly reads: RateLimiter;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Calls made by this instance (status and benchmarks). */
  calls = 0;
  /** Of those, writes answered 1254291 (another write to the base was being processed). */
  conflicts = 0;

  constructor(
    private readonly client: lark.Client,
    private readonly opts: BitableApiOptions,
  ) {
    this.sleep = opts.sleep ?? realSleep;
    const budget = opts.budget ?? appBudget(client, opts.writesPerSecond, opts.readsPerSecond);
    this.writes = budget.writes;
    this.reads = budget.reads;
  }

  /** One call with retries; resolves to `data` of a `code: 0` answer. */
  private async call<T>(kind: string, write: boolean, fn: () => Promise<Envelope<T>>): Promise<T> {
    const max = this.opts.maxAttempts ?? 8;
    const base = this.opts.retryBaseMs ?? 500;
    let last: BitableApiError | undefined;
    for (let attempt = 1; attempt <= max; attempt++) {
      await (write ? this.writes : this.reads).take();
      this.calls += 1;
      this.opts.countCall(`bitable.${kind}`);
      let waitMs = 0;
      let conflict = false;
      try {
        const res = await fn();
        if (res.code === 0 || res.code === undefined) return res.data as T;
        if (res.code === WRITE_CONFLICT) conflict = true;
        last = new BitableApiError(res.code, `${kind}: ${res.code} ${res.msg ?? ''}`.trim(), RETRY_CODES.has(res.code));
        if (!last.transient) throw last;
      } catch (e) {
        if (e instanceof BitableApiError) throw e;
        const err = e as { response?: { status?: number; data?: { code?: number; msg?: string }; headers?: Record<string, string> }; message?: string };
        const status = err.response?.status;
        const code = err.response?.data?.code;
        if (code === WRITE_CONFLICT) conflict = true;
        const transient = status === undefined || status === 429 || status >= 500 || (code !== undefined && RETRY_CODES.has(code));
        last = new BitableApiError(code, `${kind}: ${status ? `HTTP ${status}` : 'network error'}${code ? ` ${code}` : ''} ${err.response?.data?.msg ?? err.message ?? ''}`.trim(), transient, status);
        if (!transient) throw last;
        const reset = Number(err.response?.headers?.['x-ogw-ratelimit-reset']);
        if (Number.isFinite(reset) && reset > 0) waitMs = reset * 1000;
      }
      if (conflict) this.conflicts += 1;
      if (attempt < max) {
        const first = conflict ? Math.min(base, this.opts.conflictRetryMs ?? 40) : base;
        const backoff = Math.min(this.opts.maxBackoffMs ?? 30_000, first * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);
        await this.sleep(Math.max(waitMs, backoff));
      }
    }
    throw last ?? new BitableApiError(undefined, `${kind}: failed`, true);
  }

  async listTables(appToken: string): Promise<{ table_id: string; name: string }[]> {
    const out: { table_id: string; name: string }[] = [];
    let pageToken: string | undefined;
    do {
      const data = await this.call<{ items?: { table_id?: string; name?: string }[]; has_more?: boolean; page_token?: string }>('table.list', false, () =>
        this.client.bitable.v1.appTable.list({ path: { app_token: appToken }, params: { page_size: 100, ...(pageToken ? { page_token: pageToken } : {}) } }),
      );
      for (const t of data?.items ?? []) if (t.table_id && t.name) out.push({ table_id: t.table_id, name: t.name });
      pageToken = data?.has_more ? data.page_token : undefined;
    } while (pageToken);
    return out;
  }

  async createTable(appToken: string, name: string, fields: { field_name: string; type: number }[]): Promise<string> {
    const data = await this.call<{ table_id?: string }>('table.create', true, () =>
      this.client.bitable.v1.appTable.create({ path: { app_token: appToken }, data: { table: { name, default_view_name: '表格', fields } } }),
    );
    if (!data?.table_id) throw new BitableApiError(undefined, 'table.create: no table_id in the answer', false);
    return data.table_id;
  }

  async listFields(appToken: string, tableId: string): Promise<BitableField[]> {
    const out: BitableField[] = [];
    let pageToken: string | undefined;
    do {
      const data = await this.call<{ items?: BitableField[]; has_more?: boolean; page_token?: string }>('field.list', false, () =>
        this.client.bitable.v1.appTableField.list({ path: { app_token: appToken, table_id: tableId }, params: { page_size: 100, ...(pageToken ? { page_token: pageToken } : {}) } }) as Promise<Envelope<never>>,
      );
      out.push(...(data?.items ?? []));
      pageToken = data?.has_more ? data.page_token : undefined;
    } while (pageToken);
    return out;
  }

  async createField(appToken: string, tableId: string, field: { field_name: string; type: number }): Promise<void> {
    await this.call('field.create', true, () => this.client.bitable.v1.appTableField.create({ path: { app_token: appToken, table_id: tableId }, data: field }));
  }

  /** All-or-nothing; `clientToken` makes a replay return the same records (no second insert). */
  async batchCreate(appToken: string, tableId: string, records: { fields: Record<string, unknown> }[], clientToken: string): Promise<string[]> {
    const data = await this.call<{ records?: { record_id?: string }[] }>('batch_create', true, () =>
      this.client.bitable.v1.appTableRecord.batchCreate({
        path: { app_token: appToken, table_id: tableId },
        params: { client_token: clientToken },
        data: { records: records as never },
      }),
    );
    const ids = (data?.records ?? []).map((r) => r.record_id ?? '');
    if (ids.length !== records.length || ids.some((x) => !x)) throw new BitableApiError(undefined, `batch_create: asked for ${records.length} records, got ${ids.length}`, false);
    return ids;
  }

  async batchUpdate(appToken: string, tableId: string, records: { record_id: string; fields: Record<string, unknown> }[]): Promise<void> {
    await this.call('batch_update', true, () =>
      this.client.bitable.v1.appTableRecord.batchUpdate({ path: { app_token: appToken, table_id: tableId }, data: { records: records as never } }),
    );
  }

  async batchDelete(appToken: string, tableId: string, recordIds: string[]): Promise<void> {
    await this.call('batch_delete', true, () => this.client.bitable.v1.appTableRecord.batchDelete({ path: { app_token: appToken, table_id: tableId }, data: { records: recordIds } }));
  }

  async updateRecord(appToken: string, tableId: string, recordId: string, fields: Record<string, unknown>): Promise<void> {
    await this.call('update', true, () =>
      this.client.bitable.v1.appTableRecord.update({ path: { app_token: appToken, table_id: tableId, record_id: recordId }, data: { fields: fields as never } }),
    );
  }

  async deleteRecord(appToken: string, tableId: string, recordId: string): Promise<void> {
    await this.call('delete', true, () => this.client.bitable.v1.appTableRecord.delete({ path: { app_token: appToken, table_id: tableId, record_id: recordId } }));
  }

  /** Every record matching `filter` (pages of 500, the maximum). */
  async search(appToken: string, tableId: string, filter?: BitableFilter, fieldNames?: string[]): Promise<BitableRecordOut[]> {
    const out: BitableRecordOut[] = [];
    let pageToken: string | undefined;
    do {
      const data = await this.call<{ items?: { record_id?: string; fields?: Record<string, unknown> }[]; has_more?: boolean; page_token?: string }>('search', false, () =>
        this.client.bitable.v1.appTableRecord.search({
          path: { app_token: appToken, table_id: tableId },
          params: { page_size: 500, ...(pageToken ? { page_token: pageToken } : {}) },
          data: { ...(filter ? { filter } : {}), ...(fieldNames ? { field_names: fieldNames } : {}) },
        }) as Promise<Envelope<never>>,
      );
      for (const r of data?.items ?? []) if (r.record_id) out.push({ record_id: r.record_id, fields: r.fields ?? {} });
      pageToken = data?.has_more ? data.page_token : undefined;
    } while (pageToken);
    return out;
  }
}

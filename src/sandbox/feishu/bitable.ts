// Bitable (多维表格, bitable.v1) on the Feishu emulator: apps, tables, fields, and records with
// batch_create / batch_update / batch_delete / single update and delete / search, following
// ../../shared/contracts/feishu.md §6–§7:
// - batch limits: 1,000 records for batch_create and batch_update, 500 for batch_delete (1254104);
// - per-API rate limits (50/s record writes, 20/s search and lists, 10/s field and table create),
//   answered with HTTP 429 + 99991400 + x-ogw-ratelimit-reset;
// - one write at a time per base: a write arriving while another write to the same base is in
//   flight gets 1254291 Write conflict (HTTP 200). Writes take `writeDelayMs` so overlap is real;
// - client_token: same token + same body → the same answer and no second insert; same token +
//   another body → 1255006;
// - all-or-nothing batches; a table holds at most `rowLimit` records (1254103 RecordExceedLimit);
// - search returns text fields as rich-text segments `[{text,type:'text'}]`, as the real API does.
import { hash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FeishuEmulator } from './emulator.js';

export interface BitableEmulatorOptions {
  /** Records per table before batch_create answers 1254103 (documented: 20,000). */
  rowLimit?: number;
  /** How long a write holds its base (ms); a second write meanwhile gets 1254291. */
  writeDelayMs?: number;
  /** Calls per second per API (record writes 50, search 20, lists 20, field/table create 10). */
  writesPerSecond?: number;
  readsPerSecond?: number;
  schemaWritesPerSecond?: number;
  /** Bases that exist from the start. */
  apps?: string[];
}

export interface EmulatedField {
  field_id: string;
  field_name: string;
  type: number;
  property: Record<string, unknown> | null;
  is_primary: boolean;
}

export interface EmulatedRecord {
  record_id: string;
  fields: Record<string, unknown>;
  created_time: number;
}

export interface EmulatedTable {
  table_id: string;
  name: string;
  fields: EmulatedField[];
  records: Map<string, EmulatedRecord>;
}

export interface EmulatedBase {
  app_token: string;
  name: string;
  tables: Map<string, EmulatedTable>;
  /** Writes being processed right now (for 1254291). */
  inFlight: number;
}

export interface BitableEmulator {
  bases: Map<string, EmulatedBase>;
  options: Required<Omit<BitableEmulatorOptions, 'apps'>>;
  createApp(appToken?: string, name?: string): EmulatedBase;
  table(appToken: string, nameOrId: string): EmulatedTable | undefined;
  /** Records of a table (by name or id), for assertions. */
  records(appToken: string, nameOrId: string): EmulatedRecord[];
  /** Put records straight into a table (tests: seeded duplicates, a nearly full table). */
  seed(appToken: string, nameOrId: string, fields: Record<string, unknown>[]): EmulatedRecord[];
  /** Write calls that changed data (batch_create/update/delete, update, delete). */
  writeCalls: number;
  /** Times 1254291 was answered because two writes overlapped on one base. */
  conflicts: number;
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
const shanghaiDay = (ms: number) => Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);

// Ids look like the platform's (rec…, tbl…, fld…): a random stem per process and a counter,
// because 500 random draws per batch cost more than the rest of a batch_create.
const STEM = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x');
let idSeq = 0;
const id = (prefix: string, n = 10) => `${prefix}${STEM}${(idSeq++).toString(36).padStart(Math.max(0, n - STEM.length), '0')}`;

type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string | undefined>; Body: Record<string, unknown> | undefined }>;

class EmuError extends Error {
  constructor(
    readonly code: number,
    msg: string,
    readonly httpStatus = 200,
  ) {
    super(msg);
  }
}

function fieldsByName(table: EmulatedTable): Map<string, EmulatedField> {
  return new Map(table.fields.map((f) => [f.field_name, f]));
}

function convFail(field: EmulatedField, value: unknown, code: number, what: string): never {
  throw new EmuError(code, `${what}FieldConvFail: field "${field.field_name}" got ${JSON.stringify(value).slice(0, 60)}`);
}

/** Value conversion checks, with the platform's error codes (1254060–1254068). */
function checkValue(field: EmulatedField, value: unknown): void {
  if (value === null || value === undefined) return;
  switch (field.type) {
    case 1:
      if (typeof value !== 'string') convFail(field, value, 1254060, 'Text');
      if ((value as string).length > 100_000) convFail(field, value, 1254060, 'Text');
      break;
    case 2:
      if (typeof value !== 'number' || !Number.isFinite(value)) convFail(field, value, 1254061, 'Number');
      break;
    case 3:
      if (typeof value !== 'string') convFail(field, value, 1254062, 'SingleSelect');
      break;
    case 5:
      if (typeof value !== 'number' || !Number.isFinite(value)) convFail(field, value, 1254064, 'Datetime');
      break;
    case 15:
      if (typeof value !== 'object' || typeof (value as { link?: unknown }).link !== 'string') convFail(field, value, 1254068, 'Url');
      break;
    default:
      break;
  }
}

/** How search renders a stored value: text as rich-text segments (feishu.md §6 search response). */
function render(field: EmulatedField | undefined, value: unknown): unknown {
  if (field?.type === 1 && typeof value === 'string') return [{ text: value, type: 'text' }];
  return value;
}

function plainText(value: unknown): string {
  if (Array.isArray(value)) return value.map((s) => (s as { text?: string }).text ?? '').join('');
  if (value && typeof value === 'object' && 'link' in value) return String((value as { link: unknown }).link);
  return value === null || value === undefined ? '' : String(value);
}

interface Condition {
  field_name: string;
  operator: string;
  value?: string[];
}
interface Filter {
  conjunction?: 'and' | 'or';
  conditions?: Condition[];
  children?: Filter[];
}

function matches(table: EmulatedTable, rec: EmulatedRecord, filter: Filter | undefined): boolean {
  if (!filter) return true;
  const results: boolean[] = [];
  for (const c of filter.conditions ?? []) {
    const field = table.fields.find((f) => f.field_name === c.field_name);
    if (!field) throw new EmuError(1254045, `FieldNameNotFound: ${c.field_name}`);
    const v = rec.fields[c.field_name];
    const empty = v === null || v === undefined || v === '';
    const arg = c.value?.[0];
    let ok: boolean;
    switch (c.operator) {
      case 'isEmpty':
        ok = empty;
        break;
      case 'isNotEmpty':
        ok = !empty;
        break;
      case 'is':
      case 'isNot': {
        let eq: boolean;
        if (field.type === 5) {
          // Dates take ["ExactDate", "<ms>"] and match the whole (Asia/Shanghai) day.
          if (arg !== 'ExactDate' || c.value?.[1] === undefined) throw new EmuError(1254018, 'InvalidFilter: date conditions take ["ExactDate","<ms>"]');
          eq = !empty && shanghaiDay(Number(v)) === shanghaiDay(Number(c.value[1]));
        } else if (field.type === 2) {
          eq = !empty && Number(v) === Number(arg);
        } else {
          eq = plainText(v) === (arg ?? '');
        }
        ok = c.operator === 'is' ? eq : !eq;
        break;
      }
      case 'contains':
        ok = plainText(v).includes(arg ?? '');
        break;
      case 'doesNotContain':
        ok = !plainText(v).includes(arg ?? '');
        break;
      case 'isGreater':
      case 'isLess': {
        const n = field.type === 5 && arg === 'ExactDate' ? Number(c.value?.[1]) : Number(arg);
        ok = !empty && (c.operator === 'isGreater' ? Number(v) > n : Number(v) < n);
        break;
      }
      default:
        throw new EmuError(1254018, `InvalidFilter: operator ${c.operator} is not supported`);
    }
    results.push(ok);
  }
  for (const child of filter.children ?? []) results.push(matches(table, rec, child));
  if (!results.length) return true;
  return filter.conjunction === 'or' ? results.some(Boolean) : results.every(Boolean);
}

export function registerBitableEmulator(emu: FeishuEmulator, opts: BitableEmulatorOptions = {}): BitableEmulator {
  const options = {
    rowLimit: opts.rowLimit ?? 20_000,
    writeDelayMs: opts.writeDelayMs ?? 5,
    writesPerSecond: opts.writesPerSecond ?? 50,
    readsPerSecond: opts.readsPerSecond ?? 20,
    schemaWritesPerSecond: opts.schemaWritesPerSecond ?? 10,
  };
  const bases = new Map<string, EmulatedBase>();
  /** Call times per API, for the sliding one-second rate windows. */
  const calls = new Map<string, number[]>();
  /** client_token → the body it came with and the answer given. */
  const tokens = new Map<string, { bodyHash: string; data: unknown }>();

  const bt: BitableEmulator = {
    bases,
    options,
    writeCalls: 0,
    conflicts: 0,
    createApp(appToken = id('bascn', 18), name = 'Tongbu') {
      const existing = bases.get(appToken);
      if (existing) return existing;
      const base: EmulatedBase = { app_token: appToken, name, tables: new Map(), inFlight: 0 };
      bases.set(appToken, base);
      return base;
    },
    table(appToken, nameOrId) {
      const base = bases.get(appToken);
      if (!base) return undefined;
      return base.tables.get(nameOrId) ?? [...base.tables.values()].find((t) => t.name === nameOrId);
    },
    records(appToken, nameOrId) {
      return [...(bt.table(appToken, nameOrId)?.records.values() ?? [])];
    },
    seed(appToken, nameOrId, list) {
      const table = bt.table(appToken, nameOrId);
      if (!table) throw new Error(`no table ${nameOrId} in ${appToken}`);
      return list.map((fields) => {
        const rec: EmulatedRecord = { record_id: id('rec'), fields: { ...fields }, created_time: Date.now() };
        table.records.set(rec.record_id, rec);
        return rec;
      });
    },
  };
  emu.state.bitable = bt;
  for (const token of opts.apps ?? []) bt.createApp(token);

  function rateLimit(reply: FastifyReply, api: string, perSecond: number): boolean {
    const now = Date.now();
    const times = (calls.get(api) ?? []).filter((t) => t > now - 1000);
    if (times.length >= perSecond) {
      calls.set(api, times);
      const resetMs = (times[0] ?? now) + 1000 - now;
      reply.header('x-ogw-ratelimit-limit', String(perSecond));
      reply.header('x-ogw-ratelimit-reset', String(Math.max(1, Math.ceil(resetMs / 1000))));
      emu.fail(reply, 99991400, 'request trigger frequency limit', 429);
      return false;
    }
    times.push(now);
    calls.set(api, times);
    return true;
  }

  function baseOf(req: Req): EmulatedBase {
    const base = bases.get(req.params.app_token ?? '');
    if (!base) throw new EmuError(1254040, 'BaseTokenNotFound', 200);
    return base;
  }
  function tableOf(req: Req): { base: EmulatedBase; table: EmulatedTable } {
    const base = baseOf(req);
    const table = base.tables.get(req.params.table_id ?? '');
    if (!table) throw new EmuError(1254041, 'TableIdNotFound', 200);
    return { base, table };
  }

  /** Run a handler, mapping EmuError to the envelope. */
  function handle(fn: (req: Req, reply: FastifyReply) => Promise<unknown> | unknown, limit?: { api: string; perSecond: () => number }) {
    return async (req: Req, reply: FastifyReply) => {
      if (limit && !rateLimit(reply, limit.api, limit.perSecond())) return reply;
      try {
        const data = await fn(req, reply);
        if (reply.sent) return reply;
        return emu.ok(reply, data);
      } catch (e) {
        if (e instanceof EmuError) return emu.fail(reply, e.code, e.message, e.httpStatus);
        throw e;
      }
    };
  }

  /**
   * A write: one at a time per base (else 1254291), held for writeDelayMs; a client_token
   * replays the first answer for the same body, and refuses another body (1255006).
   */
  function write(api: string, fn: (req: Req, ctx: { base: EmulatedBase; table: EmulatedTable }) => unknown, perSecond = () => options.writesPerSecond) {
    return handle(
      async (req) => {
        const ctx = tableOf(req);
        if (ctx.base.inFlight > 0) {
          bt.conflicts += 1;
          throw new EmuError(1254291, 'Write conflict');
        }
        ctx.base.inFlight += 1;
        try {
          if (options.writeDelayMs > 0) await new Promise((r) => setTimeout(r, options.writeDelayMs));
          const token = req.query.client_token;
          const tokenKey = token ? `${ctx.base.app_token}/${ctx.table.table_id}/${api}/${token}` : undefined;
          const bodyHash = token ? hash('sha1', JSON.stringify(req.body ?? {}), 'hex') : '';
          if (tokenKey) {
            const seen = tokens.get(tokenKey);
            if (seen && seen.bodyHash !== bodyHash) throw new EmuError(1255006, 'client token conflict: same client_token with another request body');
            if (seen) return seen.data;
          }
          const data = fn(req, ctx);
          bt.writeCalls += 1;
          if (tokenKey) tokens.set(tokenKey, { bodyHash, data });
          return data;
        } finally {
          ctx.base.inFlight -= 1;
        }
      },
      { api, perSecond },
    );
  }

  /** `byName`: the table's fields by name, built once per call (a batch checks 500 records). */
  function checkFields(table: EmulatedTable, fields: unknown, byName = fieldsByName(table)): Record<string, unknown> {
    if (!fields || typeof fields !== 'object' || Array.isArray(fields)) throw new EmuError(99992402, 'field validation failed: fields must be an object');
    for (const name in fields) {
      const value = (fields as Record<string, unknown>)[name];
      const field = byName.get(name);
      if (!field) throw new EmuError(1254045, `FieldNameNotFound: ${name}`);
      checkValue(field, value);
    }
    return fields as Record<string, unknown>;
  }

  function addSelectOptions(table: EmulatedTable, fields: Record<string, unknown>) {
    for (const f of table.fields) {
      const v = fields[f.field_name];
      if (f.type !== 3 || typeof v !== 'string') continue;
      const options = ((f.property ??= {}).options ??= []) as { name: string; id: string; color: number }[];
      if (!options.some((o) => o.name === v)) options.push({ name: v, id: id('opt'), color: options.length % 10 });
    }
  }

  function page<T>(items: T[], req: Req, max: number, def: number) {
    const size = req.query.page_size === undefined ? def : Number(req.query.page_size);
    if (!Number.isInteger(size) || size < 1 || size > max) throw new EmuError(99992402, `field validation failed: page_size must be 1-${max}`);
    const start = req.query.page_token ? Number(req.query.page_token) : 0;
    if (!Number.isInteger(start) || start < 0) throw new EmuError(99992402, 'field validation failed: bad page_token');
    const slice = items.slice(start, start + size);
    const hasMore = start + size < items.length;
    return { items: slice, has_more: hasMore, page_token: hasMore ? String(start + size) : undefined, total: items.length };
  }

  function newField(f: { field_name?: unknown; type?: unknown; property?: unknown }, primary: boolean): EmulatedField {
    if (typeof f.field_name !== 'string' || !f.field_name) throw new EmuError(99992402, 'field validation failed: field_name is required');
    if (typeof f.type !== 'number') throw new EmuError(99992402, 'field validation failed: type is required');
    return { field_id: id('fld'), field_name: f.field_name, type: f.type, property: (f.property as Record<string, unknown>) ?? null, is_primary: primary };
  }

  const P = '/open-apis/bitable/v1/apps';
  const app = emu.app;
  const reads = { perSecond: () => options.readsPerSecond };

  app.post(P, handle((req) => {
    const base = bt.createApp(undefined, String(req.body?.name ?? 'Untitled'));
    return { app: { app_token: base.app_token, name: base.name } };
  }, { api: 'app.create', perSecond: () => 20 }));

  app.get(`${P}/:app_token/tables`, handle((req) => {
    const base = baseOf(req);
    const all = [...base.tables.values()].map((t) => ({ table_id: t.table_id, name: t.name, revision: 1 }));
    return page(all, req, 100, 20);
  }, { api: 'table.list', ...reads }));

  app.post(`${P}/:app_token/tables`, handle((req) => {
    const base = baseOf(req);
    const spec = (req.body?.table ?? {}) as { name?: string; default_view_name?: string; fields?: unknown[] };
    if (!spec.name) throw new EmuError(99992402, 'field validation failed: table.name is required');
    if ([...base.tables.values()].some((t) => t.name === spec.name)) throw new EmuError(1254013, 'TableNameDuplicated');
    if (base.tables.size >= 100) throw new EmuError(1254111, 'TableExceedLimit');
    const fields = (spec.fields?.length ? spec.fields : [{ field_name: '多行文本', type: 1 }]).map((f, i) => newField(f as object, i === 0));
    const table: EmulatedTable = { table_id: id('tbl', 14), name: spec.name, fields, records: new Map() };
    base.tables.set(table.table_id, table);
    return { table_id: table.table_id, default_view_id: id('vew'), field_id_list: fields.map((f) => f.field_id) };
  }, { api: 'table.create', perSecond: () => options.schemaWritesPerSecond }));

  app.get(`${P}/:app_token/tables/:table_id/fields`, handle((req) => {
    const { table } = tableOf(req);
    return page(table.fields, req, 100, 20);
  }, { api: 'field.list', ...reads }));

  app.post(`${P}/:app_token/tables/:table_id/fields`, write('field.create', (req, { table }) => {
    const field = newField(req.body ?? {}, false);
    if (table.fields.some((f) => f.field_name === field.field_name)) throw new EmuError(1254014, 'FieldNameDuplicated');
    if (table.fields.length >= 300) throw new EmuError(1254105, 'ColumnExceedLimit');
    table.fields.push(field);
    return { field };
  }, () => options.schemaWritesPerSecond));

  const R = `${P}/:app_token/tables/:table_id/records`;

  app.post(`${R}/batch_create`, write('record.batch_create', (req, { table }) => {
    const records = req.body?.records;
    if (!Array.isArray(records) || !records.length) throw new EmuError(99992402, 'field validation failed: records is required');
    if (records.length > 1000) throw new EmuError(1254104, 'RecordAddOnceExceedLimit: at most 1,000 records per call');
    const byName = fieldsByName(table);
    const checked = records.map((r) => checkFields(table, (r as { fields?: unknown }).fields, byName));
    if (table.records.size + checked.length > options.rowLimit) throw new EmuError(1254103, `RecordExceedLimit: the table holds at most ${options.rowLimit} records`);
    const out = checked.map((fields) => {
      addSelectOptions(table, fields);
      const rec: EmulatedRecord = { record_id: id('rec'), fields: { ...fields }, created_time: Date.now() };
      table.records.set(rec.record_id, rec);
      return { fields: rec.fields, id: rec.record_id, record_id: rec.record_id };
    });
    return { records: out };
  }));

  app.post(`${R}/batch_update`, write('record.batch_update', (req, { table }) => {
    const records = req.body?.records;
    if (!Array.isArray(records) || !records.length) throw new EmuError(99992402, 'field validation failed: records is required');
    if (records.length > 1000) throw new EmuError(1254104, 'RecordAddOnceExceedLimit: at most 1,000 records per call');
    // All or nothing: check every record before changing any.
    const byName = fieldsByName(table);
    const checked = records.map((r) => {
      const { record_id: rid, fields } = r as { record_id?: string; fields?: unknown };
      const rec = rid ? table.records.get(rid) : undefined;
      if (!rec) throw new EmuError(1254043, `RecordIdNotFound: ${rid}`);
      return { rec, fields: checkFields(table, fields, byName) };
    });
    return {
      records: checked.map(({ rec, fields }) => {
        addSelectOptions(table, fields);
        Object.assign(rec.fields, fields);
        return { fields: rec.fields, id: rec.record_id, record_id: rec.record_id };
      }),
    };
  }));

  app.post(`${R}/batch_delete`, write('record.batch_delete', (req, { table }) => {
    const ids = req.body?.records;
    if (!Array.isArray(ids) || !ids.length) throw new EmuError(99992402, 'field validation failed: records is required');
    if (ids.length > 500) throw new EmuError(1254104, 'RecordAddOnceExceedLimit: at most 500 records per batch_delete');
    for (const rid of ids) if (!table.records.has(String(rid))) throw new EmuError(1254043, `RecordIdNotFound: ${rid}`);
    return { records: ids.map((rid) => ({ deleted: table.records.delete(String(rid)), record_id: String(rid) })) };
  }));

  app.put(`${R}/:record_id`, write('record.update', (req, { table }) => {
    const rec = table.records.get(req.params.record_id ?? '');
    if (!rec) throw new EmuError(1254043, `RecordIdNotFound: ${req.params.record_id}`);
    const fields = checkFields(table, req.body?.fields);
    addSelectOptions(table, fields);
    Object.assign(rec.fields, fields);
    return { record: { fields: rec.fields, id: rec.record_id, record_id: rec.record_id } };
  }));

  app.delete(`${R}/:record_id`, write('record.delete', (req, { table }) => {
    const rid = req.params.record_id ?? '';
    if (!table.records.delete(rid)) throw new EmuError(1254043, `RecordIdNotFound: ${rid}`);
    return { deleted: true, record_id: rid };
  }));

  app.post(`${R}/search`, handle((req) => {
    const { table } = tableOf(req);
    const body = (req.body ?? {}) as { filter?: Filter; field_names?: string[] };
    const conditions = body.filter?.conditions ?? [];
    if (conditions.length > 50) throw new EmuError(99992402, 'field validation failed: at most 50 conditions');
    if (conditions.some((c) => (c.value?.length ?? 0) > 10)) throw new EmuError(99992402, 'field validation failed: at most 10 values per condition');
    const hits = [...table.records.values()].filter((r) => matches(table, r, body.filter));
    const p = page(hits, req, 500, 20);
    return {
      ...p,
      items: p.items.map((r) => {
        const fields: Record<string, unknown> = {};
        for (const [name, value] of Object.entries(r.fields)) {
          if (value === null || value === undefined) continue; // empty cells are left out, as on the platform
          if (body.field_names && !body.field_names.includes(name)) continue;
          fields[name] = render(table.fields.find((f) => f.field_name === name), value);
        }
        return { record_id: r.record_id, fields };
      }),
    };
  }, { api: 'record.search', ...reads }));

  return bt;
}

import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  import_dayjs
} from "./chunk-MXRYIYM3.js";
import {
  TongbuError,
  external_exports
} from "./chunk-TJ5FBCIB.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/mirror/rate-limiter.ts
var RateLimiter = class _RateLimiter {
  constructor(perSecond, windowMs = 1e3 * 1.02, spacingMs = 0) {
    this.perSecond = perSecond;
    this.windowMs = windowMs;
    this.spacingMs = spacingMs;
  }
  perSecond;
  windowMs;
  spacingMs;
  static {
    __name(this, "RateLimiter");
  }
  /** Start times (performance.now()) of the last `perSecond` calls, ascending. */
  starts = [];
  /** The last reserved start (the spacing counts from it). */
  last = -Infinity;
  /** When the last call really started (after its timer fired). */
  lastStarted = -Infinity;
  /** Even spacing that fills the budget exactly: windowMs / perSecond. */
  static evenly(perSecond, windowMs = 1e3 * 1.02) {
    return new _RateLimiter(perSecond, windowMs, windowMs / perSecond);
  }
  async take() {
    const now = performance.now();
    const oldest = this.starts.length >= this.perSecond ? this.starts[this.starts.length - this.perSecond] : -Infinity;
    const at = Math.max(now, oldest + this.windowMs, this.last + this.spacingMs);
    this.starts.push(at);
    this.last = at;
    if (this.starts.length > this.perSecond) this.starts.splice(0, this.starts.length - this.perSecond);
    if (at > now) await sleep(at - now);
    const gap = this.spacingMs / 2 - (performance.now() - this.lastStarted);
    if (gap > 0) await sleep(gap);
    const started = performance.now();
    this.lastStarted = Math.max(this.lastStarted, started);
    const i = this.starts.lastIndexOf(at);
    if (started > at && i >= 0) this.starts[i] = started;
  }
};
function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
__name(sleep, "sleep");

// src/mirror/api.ts
var RETRY_CODES = /* @__PURE__ */ new Set([99991400, 1254290, 1254291, 1254607, 1255040]);
var WRITE_CONFLICT = 1254291;
var BitableApiError = class extends Error {
  constructor(code, message, transient, status) {
    super(message);
    this.code = code;
    this.transient = transient;
    this.status = status;
    this.name = "BitableApiError";
  }
  code;
  transient;
  status;
  static {
    __name(this, "BitableApiError");
  }
};
var budgets = /* @__PURE__ */ new WeakMap();
function appBudget(client, writesPerSecond, readsPerSecond = 20) {
  let b = budgets.get(client);
  if (!b) {
    b = { writes: RateLimiter.evenly(writesPerSecond), reads: new RateLimiter(readsPerSecond) };
    budgets.set(client, b);
  }
  return b;
}
__name(appBudget, "appBudget");
var realSleep = /* @__PURE__ */ __name((ms) => new Promise((r) => setTimeout(r, ms)), "realSleep");
var BitableApi = class {
  constructor(client, opts) {
    this.client = client;
    this.opts = opts;
    this.sleep = opts.sleep ?? realSleep;
    const budget = opts.budget ?? appBudget(client, opts.writesPerSecond, opts.readsPerSecond);
    this.writes = budget.writes;
    this.reads = budget.reads;
  }
  client;
  opts;
  static {
    __name(this, "BitableApi");
  }
  writes;
  reads;
  sleep;
  /** Calls made by this instance (status and benchmarks). */
  calls = 0;
  /** Of those, writes answered 1254291 (another write to the base was being processed). */
  conflicts = 0;
  /** One call with retries; resolves to `data` of a `code: 0` answer. */
  async call(kind, write, fn) {
    const max = this.opts.maxAttempts ?? 8;
    const base = this.opts.retryBaseMs ?? 500;
    let last;
    for (let attempt = 1; attempt <= max; attempt++) {
      await (write ? this.writes : this.reads).take();
      this.calls += 1;
      this.opts.countCall(`bitable.${kind}`);
      let waitMs = 0;
      let conflict = false;
      try {
        const res = await fn();
        if (res.code === 0 || res.code === void 0) return res.data;
        if (res.code === WRITE_CONFLICT) conflict = true;
        last = new BitableApiError(res.code, `${kind}: ${res.code} ${res.msg ?? ""}`.trim(), RETRY_CODES.has(res.code));
        if (!last.transient) throw last;
      } catch (e) {
        if (e instanceof BitableApiError) throw e;
        const err = e;
        const status = err.response?.status;
        const code = err.response?.data?.code;
        if (code === WRITE_CONFLICT) conflict = true;
        const transient = status === void 0 || status === 429 || status >= 500 || code !== void 0 && RETRY_CODES.has(code);
        last = new BitableApiError(code, `${kind}: ${status ? `HTTP ${status}` : "network error"}${code ? ` ${code}` : ""} ${err.response?.data?.msg ?? err.message ?? ""}`.trim(), transient, status);
        if (!transient) throw last;
        const reset = Number(err.response?.headers?.["x-ogw-ratelimit-reset"]);
        if (Number.isFinite(reset) && reset > 0) waitMs = reset * 1e3;
      }
      if (conflict) this.conflicts += 1;
      if (attempt < max) {
        const first = conflict ? Math.min(base, this.opts.conflictRetryMs ?? 40) : base;
        const backoff = Math.min(this.opts.maxBackoffMs ?? 3e4, first * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);
        await this.sleep(Math.max(waitMs, backoff));
      }
    }
    throw last ?? new BitableApiError(void 0, `${kind}: failed`, true);
  }
  async listTables(appToken) {
    const out = [];
    let pageToken;
    do {
      const data = await this.call(
        "table.list",
        false,
        () => this.client.bitable.v1.appTable.list({ path: { app_token: appToken }, params: { page_size: 100, ...pageToken ? { page_token: pageToken } : {} } })
      );
      for (const t of data?.items ?? []) if (t.table_id && t.name) out.push({ table_id: t.table_id, name: t.name });
      pageToken = data?.has_more ? data.page_token : void 0;
    } while (pageToken);
    return out;
  }
  async createTable(appToken, name, fields) {
    const data = await this.call(
      "table.create",
      true,
      () => this.client.bitable.v1.appTable.create({ path: { app_token: appToken }, data: { table: { name, default_view_name: "\u8868\u683C", fields } } })
    );
    if (!data?.table_id) throw new BitableApiError(void 0, "table.create: no table_id in the answer", false);
    return data.table_id;
  }
  async listFields(appToken, tableId) {
    const out = [];
    let pageToken;
    do {
      const data = await this.call(
        "field.list",
        false,
        () => this.client.bitable.v1.appTableField.list({ path: { app_token: appToken, table_id: tableId }, params: { page_size: 100, ...pageToken ? { page_token: pageToken } : {} } })
      );
      out.push(...data?.items ?? []);
      pageToken = data?.has_more ? data.page_token : void 0;
    } while (pageToken);
    return out;
  }
  async createField(appToken, tableId, field) {
    await this.call("field.create", true, () => this.client.bitable.v1.appTableField.create({ path: { app_token: appToken, table_id: tableId }, data: field }));
  }
  /** All-or-nothing; `clientToken` makes a replay return the same records (no second insert). */
  async batchCreate(appToken, tableId, records, clientToken) {
    const data = await this.call(
      "batch_create",
      true,
      () => this.client.bitable.v1.appTableRecord.batchCreate({
        path: { app_token: appToken, table_id: tableId },
        params: { client_token: clientToken },
        data: { records }
      })
    );
    const ids = (data?.records ?? []).map((r) => r.record_id ?? "");
    if (ids.length !== records.length || ids.some((x) => !x)) throw new BitableApiError(void 0, `batch_create: asked for ${records.length} records, got ${ids.length}`, false);
    return ids;
  }
  async batchUpdate(appToken, tableId, records) {
    await this.call(
      "batch_update",
      true,
      () => this.client.bitable.v1.appTableRecord.batchUpdate({ path: { app_token: appToken, table_id: tableId }, data: { records } })
    );
  }
  async batchDelete(appToken, tableId, recordIds) {
    await this.call("batch_delete", true, () => this.client.bitable.v1.appTableRecord.batchDelete({ path: { app_token: appToken, table_id: tableId }, data: { records: recordIds } }));
  }
  async updateRecord(appToken, tableId, recordId, fields) {
    await this.call(
      "update",
      true,
      () => this.client.bitable.v1.appTableRecord.update({ path: { app_token: appToken, table_id: tableId, record_id: recordId }, data: { fields } })
    );
  }
  async deleteRecord(appToken, tableId, recordId) {
    await this.call("delete", true, () => this.client.bitable.v1.appTableRecord.delete({ path: { app_token: appToken, table_id: tableId, record_id: recordId } }));
  }
  /** Every record matching `filter` (pages of 500, the maximum). */
  async search(appToken, tableId, filter, fieldNames) {
    const out = [];
    let pageToken;
    do {
      const data = await this.call(
        "search",
        false,
        () => this.client.bitable.v1.appTableRecord.search({
          path: { app_token: appToken, table_id: tableId },
          params: { page_size: 500, ...pageToken ? { page_token: pageToken } : {} },
          data: { ...filter ? { filter } : {}, ...fieldNames ? { field_names: fieldNames } : {} }
        })
      );
      for (const r of data?.items ?? []) if (r.record_id) out.push({ record_id: r.record_id, fields: r.fields ?? {} });
      pageToken = data?.has_more ? data.page_token : void 0;
    } while (pageToken);
    return out;
  }
};

// src/overview/mirror.ts
var DAILY_OVERVIEW_MIRROR = {
  name: "daily_overview",
  source: "daily_overview",
  table: "\u6BCF\u65E5\u603B\u89C8",
  key: ["day"],
  keyField: "\u8BB0\u5F55\u952E",
  dateColumn: "day",
  dateField: "\u65E5\u671F",
  aliases: ["overview", "\u603B\u89C8"],
  fields: [
    { column: "day", field: "\u65E5\u671F", type: "date" },
    { column: "revenue", field: "\u8425\u6536(\u5143)", type: "number" },
    { column: "refunds", field: "\u9000\u6B3E(\u5143)", type: "number" },
    { column: "ad_spend", field: "\u5E7F\u544A\u6D88\u8017(\u5143)", type: "number" },
    { column: "orders", field: "\u8BA2\u5355\u6570", type: "number" },
    { column: "roi", field: "ROI", type: "number" },
    { column: "missing_rates", field: "\u7F3A\u5C11\u6C47\u7387", type: "text" }
  ]
};

// src/mirror/mapping.ts
import { readFileSync } from "node:fs";
var FIELD_TYPES = { text: 1, number: 2, singleSelect: 3, date: 5, url: 15 };
var identifier = external_exports.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: "must be a plain SQL identifier (letters, digits, _)" });
var fieldSchema = external_exports.object({
  column: identifier,
  field: external_exports.string().min(1).max(100),
  type: external_exports.enum(Object.keys(FIELD_TYPES))
});
var mappingSchema = external_exports.object({
  /** Unique id; by default the source table's name (the loader's write hook matches on `source`). */
  name: external_exports.string().min(1),
  /** PostgreSQL table or view (in the current schema). */
  source: identifier,
  /** Base override; default BITABLE_APP_TOKEN. */
  appToken: external_exports.string().min(1).optional(),
  /** Bitable table name; created when missing. */
  table: external_exports.string().min(1).max(100),
  /** Columns forming the record key (the primary key of `source`). */
  key: external_exports.array(identifier).min(1),
  /** Text field holding the record key, so records can be matched back to rows. */
  keyField: external_exports.string().min(1).max(100).default("\u8BB0\u5F55\u952E"),
  /** Column and Bitable field used by /dedup and --force to select one business day. */
  dateColumn: identifier.optional(),
  dateField: external_exports.string().min(1).optional(),
  fields: external_exports.array(fieldSchema).min(1),
  enabled: external_exports.boolean().default(true),
  /** Other names accepted in commands (a connector's name or alias). */
  aliases: external_exports.array(external_exports.string()).default([]),
  /** Off unless the setting of this opt-in is on (`orders`: BITABLE_MIRROR_ORDERS). */
  optIn: external_exports.enum(["orders"]).optional()
}).superRefine((m, ctx) => {
  const names = m.fields.map((f) => f.field);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) ctx.addIssue({ code: "custom", path: ["fields"], message: `field "${dup}" appears twice` });
  if (names.includes(m.keyField)) ctx.addIssue({ code: "custom", path: ["keyField"], message: `"${m.keyField}" is also a mapped field` });
  if (m.dateField && !m.fields.some((f) => f.field === m.dateField && f.type === "date")) {
    ctx.addIssue({ code: "custom", path: ["dateField"], message: `"${m.dateField}" must be one of the mapped fields, of type date` });
  }
  if (Boolean(m.dateColumn) !== Boolean(m.dateField)) ctx.addIssue({ code: "custom", path: ["dateField"], message: "dateColumn and dateField go together" });
});
var asInput = /* @__PURE__ */ __name((m) => m, "asInput");
function builtinMappings(connectors = []) {
  const overview = connectors.some((c) => c.dailyMetrics) ? [{ ...DAILY_OVERVIEW_MIRROR, key: [...DAILY_OVERVIEW_MIRROR.key], aliases: [...DAILY_OVERVIEW_MIRROR.aliases], fields: DAILY_OVERVIEW_MIRROR.fields.map((f) => ({ ...f })) }] : [];
  return [...connectors.flatMap((c) => c.mirror ?? []), ...overview];
}
__name(builtinMappings, "builtinMappings");
function describeIssues(error) {
  return error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(entry)"}: ${i.message}`).join("; ");
}
__name(describeIssues, "describeIssues");
function buildMappings(builtins, overrides = [], opts = {}) {
  const byName = /* @__PURE__ */ new Map();
  for (const m of builtins) byName.set(m.name, m.optIn ? { ...asInput(m), enabled: opts.optIns?.[m.optIn] ?? false } : asInput(m));
  overrides.forEach((entry, index) => {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      throw new TongbuError("BITABLE_MAPPING_INVALID", `entry ${index + 1} is not an object`);
    }
    const name = entry.name ?? entry.source;
    if (typeof name !== "string" || !name) throw new TongbuError("BITABLE_MAPPING_INVALID", `entry ${index + 1} has no "name" (or "source")`);
    byName.set(name, { ...byName.get(name) ?? {}, ...entry, name });
  });
  const out = [];
  for (const [name, input] of byName) {
    const parsed = mappingSchema.safeParse(input);
    if (!parsed.success) throw new TongbuError("BITABLE_MAPPING_INVALID", `mapping "${name}": ${describeIssues(parsed.error)}`);
    out.push(parsed.data);
  }
  return out;
}
__name(buildMappings, "buildMappings");
function loadMappings(config, builtins) {
  let overrides = [];
  if (config.BITABLE_MAPPING) {
    let text;
    try {
      text = readFileSync(config.BITABLE_MAPPING, "utf8");
    } catch (e) {
      throw new TongbuError("BITABLE_MAPPING_INVALID", `cannot read ${config.BITABLE_MAPPING}: ${e.message}`);
    }
    let json;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new TongbuError("BITABLE_MAPPING_INVALID", `${config.BITABLE_MAPPING} is not JSON: ${e.message}`);
    }
    const list2 = Array.isArray(json) ? json : json?.mappings;
    if (!Array.isArray(list2)) throw new TongbuError("BITABLE_MAPPING_INVALID", `${config.BITABLE_MAPPING} must hold an array of mappings, or {"mappings": [...]}`);
    overrides = list2;
  }
  return buildMappings(builtins, overrides, { optIns: { orders: config.BITABLE_MIRROR_ORDERS } });
}
__name(loadMappings, "loadMappings");
function baseOf(mapping, config) {
  return mapping.appToken ?? config.BITABLE_APP_TOKEN;
}
__name(baseOf, "baseOf");
function resolveMapping(mappings, name) {
  const n = name.trim().toLowerCase();
  const found = mappings.find((m) => m.name.toLowerCase() === n) ?? mappings.find((m) => m.source.toLowerCase() === n) ?? mappings.find((m) => m.table.toLowerCase() === n || m.aliases.some((a) => a.toLowerCase() === n));
  if (!found) throw new TongbuError("BITABLE_MAPPING_UNKNOWN", name);
  return found;
}
__name(resolveMapping, "resolveMapping");

// src/mirror/deps.ts
function defaultCountCall(services) {
  return (kind) => services.metrics.feishuCalls.inc({ kind });
}
__name(defaultCountCall, "defaultCountCall");
function createBitableApi(services, deps) {
  return new BitableApi(deps.client, {
    countCall: deps.countCall ?? defaultCountCall(services),
    writesPerSecond: services.config.BITABLE_WRITES_PER_SECOND,
    ...deps.api
  });
}
__name(createBitableApi, "createBitableApi");
function mappingsOf(services, deps) {
  return deps?.mappings ?? loadMappings(services.config, builtinMappings(services.connectors));
}
__name(mappingsOf, "mappingsOf");

// src/mirror/source.ts
import { createHash } from "node:crypto";
var q = /* @__PURE__ */ __name((ident) => `"${ident.replace(/"/g, '""')}"`, "q");
var lit = /* @__PURE__ */ __name((s) => `'${s.replace(/'/g, "''")}'`, "lit");
async function describeSource(db, mapping) {
  const res = await db.query(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
    [mapping.source]
  );
  if (!res.rows.length) throw new TongbuError("BITABLE_SOURCE_MISSING", `${mapping.source} (mapping ${mapping.name})`);
  const types = new Map(res.rows.map((r) => [r.column_name, r.data_type]));
  const wanted = [...mapping.key, ...mapping.fields.map((f) => f.column), ...mapping.dateColumn ? [mapping.dateColumn] : []];
  const missing = wanted.filter((c) => !types.has(c));
  if (missing.length) throw new TongbuError("BITABLE_MAPPING_INVALID", `mapping "${mapping.name}": ${mapping.source} has no column ${missing.join(", ")}`);
  return { types };
}
__name(describeSource, "describeSource");
function recordKeySql(mapping, alias) {
  return `concat_ws('|', ${mapping.key.map((c) => `${alias}.${q(c)}::text`).join(", ")})`;
}
__name(recordKeySql, "recordKeySql");
function dateMsSql(col, type, tz) {
  if (type === "timestamp with time zone") return `(extract(epoch from ${col}) * 1000)::float8`;
  return `(extract(epoch from (${col}::timestamp AT TIME ZONE ${lit(tz)})) * 1000)::float8`;
}
__name(dateMsSql, "dateMsSql");
function fieldSelectSql(mapping, info, tz, alias) {
  return mapping.fields.map((f, i) => {
    const col = `${alias}.${q(f.column)}`;
    const expr = f.type === "number" ? `${col}::float8` : f.type === "date" ? dateMsSql(col, info.types.get(f.column), tz) : `${col}::text`;
    return `${expr} AS "f${i}"`;
  }).join(", ");
}
__name(fieldSelectSql, "fieldSelectSql");
function dateFilterSql(mapping, info, tz, alias, param) {
  if (!mapping.dateColumn) throw new TongbuError("BITABLE_NO_DATE", mapping.name);
  const col = `${alias}.${q(mapping.dateColumn)}`;
  const type = info.types.get(mapping.dateColumn);
  if (type === "date") return `${col} = ${param}::date`;
  if (type === "timestamp with time zone") return `(${col} AT TIME ZONE ${lit(tz)})::date = ${param}::date`;
  return `${col}::date = ${param}::date`;
}
__name(dateFilterSql, "dateFilterSql");
function dayStartMs(day, tz) {
  return import_dayjs.default.tz(day, "YYYY-MM-DD", tz).valueOf();
}
__name(dayStartMs, "dayStartMs");
function rowToFields(mapping, row, recordKey) {
  const fields = {};
  mapping.fields.forEach((f, i) => {
    const v = row[`f${i}`];
    if (v === null || v === void 0) {
      fields[f.field] = null;
      return;
    }
    switch (f.type) {
      case "number":
      case "date":
        fields[f.field] = Number(v);
        break;
      case "url":
        fields[f.field] = { text: String(v), link: String(v) };
        break;
      default:
        fields[f.field] = String(v);
    }
  });
  fields[mapping.keyField] = recordKey;
  return fields;
}
__name(rowToFields, "rowToFields");
function fieldsHash(fields) {
  return createHash("sha1").update(JSON.stringify(fields)).digest("hex");
}
__name(fieldsHash, "fieldsHash");
function plainCell(value) {
  if (value === null || value === void 0 || value === "") return null;
  if (Array.isArray(value)) {
    const text = value.map((s) => typeof s === "object" && s ? s.text ?? "" : String(s)).join("");
    return text === "" ? null : text;
  }
  if (typeof value === "object") {
    const link = value.link;
    return link === void 0 ? JSON.stringify(value) : String(link);
  }
  if (typeof value === "number") return value;
  return String(value);
}
__name(plainCell, "plainCell");
function sameCell(a, b) {
  const x = plainCell(a);
  const y = plainCell(b);
  if (typeof x === "number" && typeof y === "number") return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x));
  return x === y;
}
__name(sameCell, "sameCell");

// src/mirror/outbox.ts
var pad = /* @__PURE__ */ __name((n, w = 2) => String(n).padStart(w, "0"), "pad");
function toKeyJson(value) {
  if (!(value instanceof Date)) return value;
  const off = -value.getTimezoneOffset();
  const sign = off >= 0 ? "+" : "-";
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}T${pad(value.getHours())}:${pad(value.getMinutes())}:${pad(value.getSeconds())}.${pad(value.getMilliseconds(), 3)}${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}
__name(toKeyJson, "toKeyJson");
var SET_ON_CONFLICT = `ON CONFLICT (mapping, record_key) DO UPDATE SET
  version = bitable_outbox.version + 1,
  keys = EXCLUDED.keys,
  enqueued_at = now(),
  -- a parked entry (table full) waits for its retry time; anything else is due now
  next_attempt_at = CASE WHEN bitable_outbox.parked THEN bitable_outbox.next_attempt_at ELSE now() END`;
function keysObjectSql(mapping, alias) {
  return `jsonb_build_object(${mapping.key.map((c) => `'${c}', ${alias}.${q(c)}`).join(", ")})`;
}
__name(keysObjectSql, "keysObjectSql");
async function enqueueKeys(db, mapping, keys) {
  if (!keys.length) return 0;
  const json = JSON.stringify(keys.map((k) => Object.fromEntries(mapping.key.map((c) => [c, toKeyJson(k[c])]))));
  const res = await db.query(
    `INSERT INTO bitable_outbox (mapping, record_key, keys)
     SELECT DISTINCT ON (rk) $1, rk, kj FROM (
       SELECT ${recordKeySql(mapping, "r")} AS rk, ${keysObjectSql(mapping, "r")} AS kj
       FROM jsonb_array_elements($2::jsonb) e CROSS JOIN LATERAL jsonb_populate_record(null::${q(mapping.source)}, e.value) r
     ) x
     ${SET_ON_CONFLICT}`,
    [mapping.name, json]
  );
  return res.rowCount ?? 0;
}
__name(enqueueKeys, "enqueueKeys");
async function enqueueWhere(db, mapping, where, params) {
  const res = await db.query(
    `INSERT INTO bitable_outbox (mapping, record_key, keys)
     SELECT $1, ${recordKeySql(mapping, "t")}, ${keysObjectSql(mapping, "t")} FROM ${q(mapping.source)} t WHERE ${where}
     ${SET_ON_CONFLICT}`,
    [mapping.name, ...params]
  );
  return res.rowCount ?? 0;
}
__name(enqueueWhere, "enqueueWhere");
function createMirrorHook(config, mappings) {
  const active = mappings.filter((m) => m.enabled && baseOf(m, config));
  return {
    async afterWrite(client, change) {
      for (const m of active) if (m.source === change.table) await enqueueKeys(client, m, change.keys);
    }
  };
}
__name(createMirrorHook, "createMirrorHook");

// src/mirror/base-lock.ts
var BASE_LOCK_NS = 7240612;
async function unlock(c, appToken) {
  let broken = false;
  try {
    await c.query("SELECT pg_advisory_unlock($1, hashtext($2))", [BASE_LOCK_NS, appToken]).catch(() => {
      broken = true;
    });
  } finally {
    c.release(broken ? true : void 0);
  }
}
__name(unlock, "unlock");
async function holds(c, appToken) {
  try {
    const r = await c.query(
      `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()
         AND classid = $1::int::oid AND objid = hashtext($2)::oid AND objsubid = 2 AND granted) AS ok`,
      [BASE_LOCK_NS, appToken]
    );
    return r.rows[0]?.ok === true;
  } catch {
    return false;
  }
}
__name(holds, "holds");
async function tryLockBase(pool, appToken) {
  const c = await pool.connect();
  try {
    const got = await c.query("SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok", [BASE_LOCK_NS, appToken]);
    if (!got.rows[0]?.ok) {
      c.release();
      return void 0;
    }
  } catch (e) {
    c.release(true);
    throw e;
  }
  return { held: /* @__PURE__ */ __name(() => holds(c, appToken), "held"), release: /* @__PURE__ */ __name(() => unlock(c, appToken), "release") };
}
__name(tryLockBase, "tryLockBase");
async function withBaseLock(pool, appToken, fn) {
  const c = await pool.connect();
  try {
    await c.query("SELECT pg_advisory_lock($1, hashtext($2))", [BASE_LOCK_NS, appToken]);
  } catch (e) {
    c.release(true);
    throw e;
  }
  try {
    return await fn();
  } finally {
    await unlock(c, appToken);
  }
}
__name(withBaseLock, "withBaseLock");

// src/mirror/target.ts
var PRIMARY_OK = /* @__PURE__ */ new Set([1, 2, 5, 13, 15, 20, 22]);
var TYPE_NAMES = { 1: "text", 2: "number", 3: "single select", 4: "multi select", 5: "date", 7: "checkbox", 11: "user", 13: "phone", 15: "url", 17: "attachment", 20: "formula" };
function wantedFields(mapping, info) {
  const fields = mapping.fields.map((f) => ({
    field_name: f.field,
    type: FIELD_TYPES[f.type],
    // An instant shows its time of day; a business date does not.
    ...f.type === "date" ? { property: { date_formatter: info?.types.get(f.column) === "timestamp with time zone" ? "yyyy-MM-dd HH:mm" : "yyyy/MM/dd" } } : {}
  }));
  const key = { field_name: mapping.keyField, type: FIELD_TYPES.text };
  return PRIMARY_OK.has(fields[0]?.type ?? 0) ? [...fields, key] : [key, ...fields];
}
__name(wantedFields, "wantedFields");
async function ensureTarget(api, appToken, mapping, info) {
  const wanted = wantedFields(mapping, info);
  const existing = (await api.listTables(appToken)).find((t) => t.name === mapping.table);
  if (!existing) {
    const tableId = await api.createTable(appToken, mapping.table, wanted);
    return { appToken, tableId };
  }
  const fields = await api.listFields(appToken, existing.table_id);
  for (const w of wanted) {
    const f = fields.find((x) => x.field_name === w.field_name);
    if (!f) {
      await api.createField(appToken, existing.table_id, w);
    } else if (f.type !== w.type) {
      throw new TongbuError(
        "BITABLE_FIELD_TYPE_MISMATCH",
        `"${w.field_name}" in table ${mapping.table} is a ${TYPE_NAMES[f.type] ?? `type ${f.type}`} field; the mapping writes ${TYPE_NAMES[w.type]}.`
      );
    }
  }
  return { appToken, tableId: existing.table_id };
}
__name(ensureTarget, "ensureTarget");

// src/mirror/reconcile.ts
var FIRST = 10;
var list = /* @__PURE__ */ __name((keys) => ({ count: keys.length, keys: keys.slice(0, FIRST) }), "list");
async function open(services, mapping, day) {
  const deps = services.bitable;
  const appToken = baseOf(mapping, services.config);
  if (!appToken) throw new TongbuError("BITABLE_OFF", "BITABLE_APP_TOKEN is not set");
  if (!deps) throw new TongbuError("BITABLE_OFF", "the Feishu app is not configured (FEISHU_APP_ID, FEISHU_APP_SECRET)");
  if (!mapping.dateColumn || !mapping.dateField) throw new TongbuError("BITABLE_NO_DATE", mapping.name);
  const info = await describeSource(services.pool, mapping);
  const api = createBitableApi(services, deps);
  const target = await apiCall(() => ensureTarget(api, appToken, mapping, info));
  return { services, mapping, date: day, api, target, info };
}
__name(open, "open");
async function apiCall(fn) {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof BitableApiError) throw new TongbuError("BITABLE_API_FAILED", e.message, { cause: e });
    throw e;
  }
}
__name(apiCall, "apiCall");
async function dayRecords(ctx) {
  const { mapping, target, api, date, services } = ctx;
  return apiCall(
    () => api.search(target.appToken, target.tableId, {
      conjunction: "and",
      conditions: [{ field_name: mapping.dateField, operator: "is", value: ["ExactDate", String(dayStartMs(date, services.config.TZ_BUSINESS))] }]
    })
  );
}
__name(dayRecords, "dayRecords");
async function compare(ctx) {
  const { mapping, info, date, services, target } = ctx;
  const tz = services.config.TZ_BUSINESS;
  const rows = await services.pool.query(
    `SELECT ${recordKeySql(mapping, "t")} AS record_key, ${fieldSelectSql(mapping, info, tz, "t")}
     FROM ${q(mapping.source)} t WHERE ${dateFilterSql(mapping, info, tz, "t", "$1")}`,
    [date]
  );
  const expected = /* @__PURE__ */ new Map();
  for (const row of rows.rows) expected.set(String(row.record_key), rowToFields(mapping, row, String(row.record_key)));
  const records = await dayRecords(ctx);
  const found = /* @__PURE__ */ new Map();
  let unkeyed = 0;
  for (const r of records) {
    const key = plainCell(r.fields[mapping.keyField]);
    if (key === null) {
      unkeyed += 1;
      continue;
    }
    found.set(String(key), [...found.get(String(key)) ?? [], r]);
  }
  const keys = [.../* @__PURE__ */ new Set([...expected.keys(), ...found.keys()])];
  const m = await services.pool.query(
    "SELECT record_key, record_id FROM bitable_records WHERE mapping = $1 AND table_id = $2 AND record_key = ANY($3::text[])",
    [mapping.name, target.tableId, keys]
  );
  const mapped = new Map(m.rows.map((r) => [r.record_key, r.record_id]));
  const missing = [];
  const duplicated = [];
  const different = [];
  const extra = [];
  for (const [key, fields] of expected) {
    const recs = found.get(key) ?? [];
    if (!recs.length) {
      missing.push(key);
      continue;
    }
    if (recs.length > 1) duplicated.push(key);
    const kept = recs.find((r) => r.record_id === mapped.get(key)) ?? recs[0];
    if (kept && mapping.fields.some((f) => !sameCell(kept.fields[f.field], fields[f.field]))) different.push(key);
  }
  for (const key of found.keys()) if (!expected.has(key)) extra.push(key);
  const sort = /* @__PURE__ */ __name((a) => a.sort(), "sort");
  const result = {
    mapping: mapping.name,
    table: mapping.table,
    date,
    postgresRows: expected.size,
    bitableRecords: records.length,
    missing: list(sort(missing)),
    duplicated: list(sort(duplicated)),
    different: list(sort(different)),
    extra: list(sort(extra)),
    unkeyed,
    clean: !missing.length && !duplicated.length && !different.length && !extra.length
  };
  return { result, expected, found, mapped };
}
__name(compare, "compare");
async function deleteRecords(ctx, ids) {
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    await apiCall(() => ctx.api.batchDelete(ctx.target.appToken, ctx.target.tableId, part));
  }
}
__name(deleteRecords, "deleteRecords");
async function checkDay(services, mapping, day) {
  const ctx = await open(services, mapping, day);
  return (await compare(ctx)).result;
}
__name(checkDay, "checkDay");
async function cleanDay(services, mapping, day) {
  const ctx = await open(services, mapping, day);
  const { target } = ctx;
  return withBaseLock(services.pool, target.appToken, async () => {
    const { result, expected, found, mapped } = await compare(ctx);
    const pool = services.pool;
    const dupIds = [];
    const keep = [];
    for (const [key, recs] of found) {
      const fields = expected.get(key);
      if (!fields) continue;
      const kept = recs.find((r) => r.record_id === mapped.get(key)) ?? recs[0];
      if (!kept) continue;
      for (const r of recs) if (r !== kept) dupIds.push(r.record_id);
      const same = mapping.fields.every((f) => sameCell(kept.fields[f.field], fields[f.field]));
      keep.push({ key, id: kept.record_id, hash: same ? fieldsHash(fields) : "" });
    }
    const extraKeys = [...found.keys()].filter((k) => !expected.has(k));
    let goneKeys = [];
    if (extraKeys.length) {
      const still = await pool.query(`SELECT ${recordKeySql(mapping, "t")} AS k FROM ${q(mapping.source)} t WHERE ${recordKeySql(mapping, "t")} = ANY($1::text[])`, [extraKeys]);
      const present = new Set(still.rows.map((r) => r.k));
      goneKeys = extraKeys.filter((k) => !present.has(k));
    }
    const extraIds = goneKeys.flatMap((k) => (found.get(k) ?? []).map((r) => r.record_id));
    await deleteRecords(ctx, [...dupIds, ...extraIds]);
    const missingKeys = [...expected.keys()].filter((k) => !found.has(k));
    const differentKeys = keep.filter((k) => !k.hash).map((k) => k.key);
    await pool.query(
      `INSERT INTO bitable_records (mapping, record_key, table_id, record_id, fields_hash)
       SELECT $1, k, $2, r, h FROM unnest($3::text[], $4::text[], $5::text[]) AS x(k, r, h)
       ON CONFLICT (mapping, record_key) DO UPDATE SET table_id = EXCLUDED.table_id, record_id = EXCLUDED.record_id,
         fields_hash = EXCLUDED.fields_hash, updated_at = now()`,
      [mapping.name, target.tableId, keep.map((k) => k.key), keep.map((k) => k.id), keep.map((k) => k.hash)]
    );
    await pool.query("DELETE FROM bitable_records WHERE mapping = $1 AND record_key = ANY($2::text[])", [mapping.name, [...missingKeys, ...goneKeys]]);
    const requeue = [...missingKeys, ...differentKeys];
    if (requeue.length) {
      const tz = services.config.TZ_BUSINESS;
      await enqueueWhere(pool, mapping, `${dateFilterSql(mapping, ctx.info, tz, "t", "$2")} AND ${recordKeySql(mapping, "t")} = ANY($3::text[])`, [ctx.date, requeue]);
    }
    return { before: result, deletedDuplicates: dupIds.length, deletedExtra: extraIds.length, requeuedMissing: missingKeys.length, requeuedDifferent: differentKeys.length };
  });
}
__name(cleanDay, "cleanDay");
async function resendDay(services, mapping, day) {
  const ctx = await open(services, mapping, day);
  const { target } = ctx;
  return withBaseLock(services.pool, target.appToken, async () => {
    const records = await dayRecords(ctx);
    const ids = records.map((r) => r.record_id);
    await deleteRecords(ctx, ids);
    const tz = services.config.TZ_BUSINESS;
    await services.pool.query(
      `DELETE FROM bitable_records WHERE mapping = $1 AND (record_id = ANY($2::text[])
         OR record_key IN (SELECT ${recordKeySql(mapping, "t")} FROM ${q(mapping.source)} t WHERE ${dateFilterSql(mapping, ctx.info, tz, "t", "$3")}))`,
      [mapping.name, ids, ctx.date]
    );
    const queued = await enqueueWhere(services.pool, mapping, dateFilterSql(mapping, ctx.info, tz, "t", "$2"), [ctx.date]);
    return { mapping: mapping.name, table: mapping.table, date: ctx.date, deleted: ids.length, queued };
  });
}
__name(resendDay, "resendDay");

export {
  BitableApiError,
  baseOf,
  resolveMapping,
  createBitableApi,
  mappingsOf,
  tryLockBase,
  q,
  describeSource,
  fieldSelectSql,
  rowToFields,
  fieldsHash,
  createMirrorHook,
  ensureTarget,
  checkDay,
  cleanDay,
  resendDay
};
//# sourceMappingURL=chunk-CDCYALK5.js.map

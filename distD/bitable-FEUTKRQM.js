import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/sandbox/feishu/bitable.ts
import { createHash, randomBytes } from "node:crypto";
var SHANGHAI_OFFSET_MS = 8 * 36e5;
var DAY_MS = 864e5;
var shanghaiDay = /* @__PURE__ */ __name((ms) => Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS), "shanghaiDay");
var STEM = randomBytes(6).toString("base64url").replace(/[-_]/g, "x");
var idSeq = 0;
var id = /* @__PURE__ */ __name((prefix, n = 10) => `${prefix}${STEM}${(idSeq++).toString(36).padStart(Math.max(0, n - STEM.length), "0")}`, "id");
var EmuError = class extends Error {
  constructor(code, msg, httpStatus = 200) {
    super(msg);
    this.code = code;
    this.httpStatus = httpStatus;
  }
  code;
  httpStatus;
  static {
    __name(this, "EmuError");
  }
};
function checkValue(field, value) {
  if (value === null || value === void 0) return;
  const bad = /* @__PURE__ */ __name((code, what) => {
    throw new EmuError(code, `${what}FieldConvFail: field "${field.field_name}" got ${JSON.stringify(value).slice(0, 60)}`);
  }, "bad");
  switch (field.type) {
    case 1:
      if (typeof value !== "string") bad(1254060, "Text");
      if (value.length > 1e5) bad(1254060, "Text");
      break;
    case 2:
      if (typeof value !== "number" || !Number.isFinite(value)) bad(1254061, "Number");
      break;
    case 3:
      if (typeof value !== "string") bad(1254062, "SingleSelect");
      break;
    case 5:
      if (typeof value !== "number" || !Number.isFinite(value)) bad(1254064, "Datetime");
      break;
    case 15:
      if (typeof value !== "object" || typeof value.link !== "string") bad(1254068, "Url");
      break;
    default:
      break;
  }
}
__name(checkValue, "checkValue");
function render(field, value) {
  if (field?.type === 1 && typeof value === "string") return [{ text: value, type: "text" }];
  return value;
}
__name(render, "render");
function plainText(value) {
  if (Array.isArray(value)) return value.map((s) => s.text ?? "").join("");
  if (value && typeof value === "object" && "link" in value) return String(value.link);
  return value === null || value === void 0 ? "" : String(value);
}
__name(plainText, "plainText");
function matches(table, rec, filter) {
  if (!filter) return true;
  const results = [];
  for (const c of filter.conditions ?? []) {
    const field = table.fields.find((f) => f.field_name === c.field_name);
    if (!field) throw new EmuError(1254045, `FieldNameNotFound: ${c.field_name}`);
    const v = rec.fields[c.field_name];
    const empty = v === null || v === void 0 || v === "";
    const arg = c.value?.[0];
    let ok;
    switch (c.operator) {
      case "isEmpty":
        ok = empty;
        break;
      case "isNotEmpty":
        ok = !empty;
        break;
      case "is":
      case "isNot": {
        let eq;
        if (field.type === 5) {
          if (arg !== "ExactDate" || c.value?.[1] === void 0) throw new EmuError(1254018, 'InvalidFilter: date conditions take ["ExactDate","<ms>"]');
          eq = !empty && shanghaiDay(Number(v)) === shanghaiDay(Number(c.value[1]));
        } else if (field.type === 2) {
          eq = !empty && Number(v) === Number(arg);
        } else {
          eq = plainText(v) === (arg ?? "");
        }
        ok = c.operator === "is" ? eq : !eq;
        break;
      }
      case "contains":
        ok = plainText(v).includes(arg ?? "");
        break;
      case "doesNotContain":
        ok = !plainText(v).includes(arg ?? "");
        break;
      case "isGreater":
      case "isLess": {
        const n = field.type === 5 && arg === "ExactDate" ? Number(c.value?.[1]) : Number(arg);
        ok = !empty && (c.operator === "isGreater" ? Number(v) > n : Number(v) < n);
        break;
      }
      default:
        throw new EmuError(1254018, `InvalidFilter: operator ${c.operator} is not supported`);
    }
    results.push(ok);
  }
  for (const child of filter.children ?? []) results.push(matches(table, rec, child));
  if (!results.length) return true;
  return filter.conjunction === "or" ? results.some(Boolean) : results.every(Boolean);
}
__name(matches, "matches");
function registerBitableEmulator(emu, opts = {}) {
  const options = {
    rowLimit: opts.rowLimit ?? 2e4,
    writeDelayMs: opts.writeDelayMs ?? 5,
    writesPerSecond: opts.writesPerSecond ?? 50,
    readsPerSecond: opts.readsPerSecond ?? 20,
    schemaWritesPerSecond: opts.schemaWritesPerSecond ?? 10
  };
  const bases = /* @__PURE__ */ new Map();
  const calls = /* @__PURE__ */ new Map();
  const tokens = /* @__PURE__ */ new Map();
  const bt = {
    bases,
    options,
    writeCalls: 0,
    conflicts: 0,
    createApp(appToken = id("bascn", 18), name = "Tongbu") {
      const existing = bases.get(appToken);
      if (existing) return existing;
      const base = { app_token: appToken, name, tables: /* @__PURE__ */ new Map(), inFlight: 0 };
      bases.set(appToken, base);
      return base;
    },
    table(appToken, nameOrId) {
      const base = bases.get(appToken);
      if (!base) return void 0;
      return base.tables.get(nameOrId) ?? [...base.tables.values()].find((t) => t.name === nameOrId);
    },
    records(appToken, nameOrId) {
      return [...bt.table(appToken, nameOrId)?.records.values() ?? []];
    },
    seed(appToken, nameOrId, list) {
      const table = bt.table(appToken, nameOrId);
      if (!table) throw new Error(`no table ${nameOrId} in ${appToken}`);
      return list.map((fields) => {
        const rec = { record_id: id("rec"), fields: { ...fields }, created_time: Date.now() };
        table.records.set(rec.record_id, rec);
        return rec;
      });
    }
  };
  emu.state.bitable = bt;
  for (const token of opts.apps ?? []) bt.createApp(token);
  function rateLimit(reply, api, perSecond) {
    const now = Date.now();
    const times = (calls.get(api) ?? []).filter((t) => t > now - 1e3);
    if (times.length >= perSecond) {
      calls.set(api, times);
      const resetMs = (times[0] ?? now) + 1e3 - now;
      reply.header("x-ogw-ratelimit-limit", String(perSecond));
      reply.header("x-ogw-ratelimit-reset", String(Math.max(1, Math.ceil(resetMs / 1e3))));
      emu.fail(reply, 99991400, "request trigger frequency limit", 429);
      return false;
    }
    times.push(now);
    calls.set(api, times);
    return true;
  }
  __name(rateLimit, "rateLimit");
  function baseOf(req) {
    const base = bases.get(req.params.app_token ?? "");
    if (!base) throw new EmuError(1254040, "BaseTokenNotFound", 200);
    return base;
  }
  __name(baseOf, "baseOf");
  function tableOf(req) {
    const base = baseOf(req);
    const table = base.tables.get(req.params.table_id ?? "");
    if (!table) throw new EmuError(1254041, "TableIdNotFound", 200);
    return { base, table };
  }
  __name(tableOf, "tableOf");
  function handle(fn, limit) {
    return async (req, reply) => {
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
  __name(handle, "handle");
  function write(api, fn, perSecond = () => options.writesPerSecond) {
    return handle(
      async (req) => {
        const ctx = tableOf(req);
        if (ctx.base.inFlight > 0) {
          bt.conflicts += 1;
          throw new EmuError(1254291, "Write conflict");
        }
        ctx.base.inFlight += 1;
        try {
          if (options.writeDelayMs > 0) await new Promise((r) => setTimeout(r, options.writeDelayMs));
          const token = req.query.client_token;
          const tokenKey = token ? `${ctx.base.app_token}/${ctx.table.table_id}/${api}/${token}` : void 0;
          const bodyHash = createHash("sha1").update(JSON.stringify(req.body ?? {})).digest("hex");
          if (tokenKey) {
            const seen = tokens.get(tokenKey);
            if (seen && seen.bodyHash !== bodyHash) throw new EmuError(1255006, "client token conflict: same client_token with another request body");
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
      { api, perSecond }
    );
  }
  __name(write, "write");
  function checkFields(table, fields) {
    if (!fields || typeof fields !== "object" || Array.isArray(fields)) throw new EmuError(99992402, "field validation failed: fields must be an object");
    for (const [name, value] of Object.entries(fields)) {
      const field = table.fields.find((f) => f.field_name === name);
      if (!field) throw new EmuError(1254045, `FieldNameNotFound: ${name}`);
      checkValue(field, value);
    }
    return fields;
  }
  __name(checkFields, "checkFields");
  function addSelectOptions(table, fields) {
    for (const f of table.fields) {
      const v = fields[f.field_name];
      if (f.type !== 3 || typeof v !== "string") continue;
      const options2 = (f.property ??= {}).options ??= [];
      if (!options2.some((o) => o.name === v)) options2.push({ name: v, id: id("opt"), color: options2.length % 10 });
    }
  }
  __name(addSelectOptions, "addSelectOptions");
  function page(items, req, max, def) {
    const size = req.query.page_size === void 0 ? def : Number(req.query.page_size);
    if (!Number.isInteger(size) || size < 1 || size > max) throw new EmuError(99992402, `field validation failed: page_size must be 1-${max}`);
    const start = req.query.page_token ? Number(req.query.page_token) : 0;
    if (!Number.isInteger(start) || start < 0) throw new EmuError(99992402, "field validation failed: bad page_token");
    const slice = items.slice(start, start + size);
    const hasMore = start + size < items.length;
    return { items: slice, has_more: hasMore, page_token: hasMore ? String(start + size) : void 0, total: items.length };
  }
  __name(page, "page");
  function newField(f, primary) {
    if (typeof f.field_name !== "string" || !f.field_name) throw new EmuError(99992402, "field validation failed: field_name is required");
    if (typeof f.type !== "number") throw new EmuError(99992402, "field validation failed: type is required");
    return { field_id: id("fld"), field_name: f.field_name, type: f.type, property: f.property ?? null, is_primary: primary };
  }
  __name(newField, "newField");
  const P = "/open-apis/bitable/v1/apps";
  const app = emu.app;
  const reads = { perSecond: /* @__PURE__ */ __name(() => options.readsPerSecond, "perSecond") };
  app.post(P, handle((req) => {
    const base = bt.createApp(void 0, String(req.body?.name ?? "Untitled"));
    return { app: { app_token: base.app_token, name: base.name } };
  }, { api: "app.create", perSecond: /* @__PURE__ */ __name(() => 20, "perSecond") }));
  app.get(`${P}/:app_token/tables`, handle((req) => {
    const base = baseOf(req);
    const all = [...base.tables.values()].map((t) => ({ table_id: t.table_id, name: t.name, revision: 1 }));
    return page(all, req, 100, 20);
  }, { api: "table.list", ...reads }));
  app.post(`${P}/:app_token/tables`, handle((req) => {
    const base = baseOf(req);
    const spec = req.body?.table ?? {};
    if (!spec.name) throw new EmuError(99992402, "field validation failed: table.name is required");
    if ([...base.tables.values()].some((t) => t.name === spec.name)) throw new EmuError(1254013, "TableNameDuplicated");
    if (base.tables.size >= 100) throw new EmuError(1254111, "TableExceedLimit");
    const fields = (spec.fields?.length ? spec.fields : [{ field_name: "\u591A\u884C\u6587\u672C", type: 1 }]).map((f, i) => newField(f, i === 0));
    const table = { table_id: id("tbl", 14), name: spec.name, fields, records: /* @__PURE__ */ new Map() };
    base.tables.set(table.table_id, table);
    return { table_id: table.table_id, default_view_id: id("vew"), field_id_list: fields.map((f) => f.field_id) };
  }, { api: "table.create", perSecond: /* @__PURE__ */ __name(() => options.schemaWritesPerSecond, "perSecond") }));
  app.get(`${P}/:app_token/tables/:table_id/fields`, handle((req) => {
    const { table } = tableOf(req);
    return page(table.fields, req, 100, 20);
  }, { api: "field.list", ...reads }));
  app.post(`${P}/:app_token/tables/:table_id/fields`, write("field.create", (req, { table }) => {
    const field = newField(req.body ?? {}, false);
    if (table.fields.some((f) => f.field_name === field.field_name)) throw new EmuError(1254014, "FieldNameDuplicated");
    if (table.fields.length >= 300) throw new EmuError(1254105, "ColumnExceedLimit");
    table.fields.push(field);
    return { field };
  }, () => options.schemaWritesPerSecond));
  const R = `${P}/:app_token/tables/:table_id/records`;
  app.post(`${R}/batch_create`, write("record.batch_create", (req, { table }) => {
    const records = req.body?.records;
    if (!Array.isArray(records) || !records.length) throw new EmuError(99992402, "field validation failed: records is required");
    if (records.length > 1e3) throw new EmuError(1254104, "RecordAddOnceExceedLimit: at most 1,000 records per call");
    const checked = records.map((r) => checkFields(table, r.fields));
    if (table.records.size + checked.length > options.rowLimit) throw new EmuError(1254103, `RecordExceedLimit: the table holds at most ${options.rowLimit} records`);
    const out = checked.map((fields) => {
      addSelectOptions(table, fields);
      const rec = { record_id: id("rec"), fields: { ...fields }, created_time: Date.now() };
      table.records.set(rec.record_id, rec);
      return { fields: rec.fields, id: rec.record_id, record_id: rec.record_id };
    });
    return { records: out };
  }));
  app.post(`${R}/batch_update`, write("record.batch_update", (req, { table }) => {
    const records = req.body?.records;
    if (!Array.isArray(records) || !records.length) throw new EmuError(99992402, "field validation failed: records is required");
    if (records.length > 1e3) throw new EmuError(1254104, "RecordAddOnceExceedLimit: at most 1,000 records per call");
    const checked = records.map((r) => {
      const { record_id: rid, fields } = r;
      const rec = rid ? table.records.get(rid) : void 0;
      if (!rec) throw new EmuError(1254043, `RecordIdNotFound: ${rid}`);
      return { rec, fields: checkFields(table, fields) };
    });
    return {
      records: checked.map(({ rec, fields }) => {
        addSelectOptions(table, fields);
        Object.assign(rec.fields, fields);
        return { fields: rec.fields, id: rec.record_id, record_id: rec.record_id };
      })
    };
  }));
  app.post(`${R}/batch_delete`, write("record.batch_delete", (req, { table }) => {
    const ids = req.body?.records;
    if (!Array.isArray(ids) || !ids.length) throw new EmuError(99992402, "field validation failed: records is required");
    if (ids.length > 500) throw new EmuError(1254104, "RecordAddOnceExceedLimit: at most 500 records per batch_delete");
    for (const rid of ids) if (!table.records.has(String(rid))) throw new EmuError(1254043, `RecordIdNotFound: ${rid}`);
    return { records: ids.map((rid) => ({ deleted: table.records.delete(String(rid)), record_id: String(rid) })) };
  }));
  app.put(`${R}/:record_id`, write("record.update", (req, { table }) => {
    const rec = table.records.get(req.params.record_id ?? "");
    if (!rec) throw new EmuError(1254043, `RecordIdNotFound: ${req.params.record_id}`);
    const fields = checkFields(table, req.body?.fields);
    addSelectOptions(table, fields);
    Object.assign(rec.fields, fields);
    return { record: { fields: rec.fields, id: rec.record_id, record_id: rec.record_id } };
  }));
  app.delete(`${R}/:record_id`, write("record.delete", (req, { table }) => {
    const rid = req.params.record_id ?? "";
    if (!table.records.delete(rid)) throw new EmuError(1254043, `RecordIdNotFound: ${rid}`);
    return { deleted: true, record_id: rid };
  }));
  app.post(`${R}/search`, handle((req) => {
    const { table } = tableOf(req);
    const body = req.body ?? {};
    const conditions = body.filter?.conditions ?? [];
    if (conditions.length > 50) throw new EmuError(99992402, "field validation failed: at most 50 conditions");
    if (conditions.some((c) => (c.value?.length ?? 0) > 10)) throw new EmuError(99992402, "field validation failed: at most 10 values per condition");
    const hits = [...table.records.values()].filter((r) => matches(table, r, body.filter));
    const p = page(hits, req, 500, 20);
    return {
      ...p,
      items: p.items.map((r) => {
        const fields = {};
        for (const [name, value] of Object.entries(r.fields)) {
          if (value === null || value === void 0) continue;
          if (body.field_names && !body.field_names.includes(name)) continue;
          fields[name] = render(table.fields.find((f) => f.field_name === name), value);
        }
        return { record_id: r.record_id, fields };
      })
    };
  }, { api: "record.search", ...reads }));
  return bt;
}
__name(registerBitableEmulator, "registerBitableEmulator");
export {
  registerBitableEmulator
};
//# sourceMappingURL=bitable-FEUTKRQM.js.map

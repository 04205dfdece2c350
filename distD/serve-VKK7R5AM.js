import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  getOverview
} from "./chunk-YE22NNSM.js";
import {
  setTaskState
} from "./chunk-ZZGSTMIH.js";
import {
  exportMonth
} from "./chunk-C3ZBSOBS.js";
import {
  reportCard,
  scheduleDailySummary,
  trendChart
} from "./chunk-RNP7EZYN.js";
import {
  FeishuApi,
  createLarkClient,
  dedupCheckReport,
  dedupCleanReport
} from "./chunk-NDA6EVO2.js";
import {
  importFailureCard,
  importFile,
  importOutcomeCard
} from "./chunk-7GBBPXUU.js";
import {
  runConnectorCommand,
  runOperation
} from "./chunk-EUF6OX3Q.js";
import {
  loadLastSuccess,
  openServices
} from "./chunk-M3G5OBJJ.js";
import {
  QUOTA_ALERT_KEY,
  QuotaExhausted,
  QuotaPause,
  SANDBOX_BITABLE_APP,
  SANDBOX_GROUP_CHAT,
  stopOnQuota
} from "./chunk-NNKZWI7C.js";
import {
  pendingMigrations
} from "./chunk-775YIJVF.js";
import {
  allTokenStatus,
  oauthPlatforms,
  tokenPlatform,
  tokenRefreshReport,
  tokenStatusReport,
  tokensOf
} from "./chunk-4N4ZG2AM.js";
import {
  safeText
} from "./chunk-WBJRFPRW.js";
import "./chunk-N32ZS3A6.js";
import {
  BitableApiError,
  baseOf,
  createBitableApi,
  describeSource,
  ensureTarget,
  fieldSelectSql,
  fieldsHash,
  mappingsOf,
  q,
  rowToFields,
  tryLockBase
} from "./chunk-CDCYALK5.js";
import "./chunk-DIUG7UWK.js";
import {
  getStatus
} from "./chunk-MAOMMCRO.js";
import "./chunk-EGAMGWC5.js";
import {
  getRunByKey,
  getSyncProgress,
  requestSync
} from "./chunk-KF6Z7LW6.js";
import {
  createLogger,
  withoutUrlPasswords
} from "./chunk-ZLXQIJQH.js";
import "./chunk-UUUMHGKH.js";
import {
  sheetWorkbook
} from "./chunk-LHHEMKC6.js";
import {
  CONNECTORS,
  formatBusinessTime,
  formatYuan,
  inTransaction,
  isConnectionLost
} from "./chunk-MXRYIYM3.js";
import {
  $ZodRegistry,
  $ZodType,
  TongbuError,
  connectorRedactPaths,
  describeError,
  external_exports,
  globalRegistry,
  isTongbuError,
  loadSettings,
  safeEncode,
  safeParse,
  settingsOf,
  toJSONSchema
} from "./chunk-TJ5FBCIB.js";
import "./chunk-B65ONXEY.js";
import "./chunk-7VM5WVL3.js";
import "./chunk-BVAWLABE.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/app.ts
import Fastify from "fastify";

// node_modules/fastify-type-provider-zod/dist/esm/errors.js
import createError from "@fastify/error";
var InvalidSchemaError = createError("FST_ERR_INVALID_SCHEMA", "Invalid schema passed: %s", 500);
var ZodFastifySchemaValidationErrorSymbol = /* @__PURE__ */ Symbol.for("ZodFastifySchemaValidationError");
var ResponseSerializationBase = createError("FST_ERR_RESPONSE_SERIALIZATION", "Response doesn't match the schema", 500);
var ResponseSerializationError = class extends ResponseSerializationBase {
  static {
    __name(this, "ResponseSerializationError");
  }
  method;
  url;
  constructor(method, url, options) {
    super({ cause: options.cause });
    this.method = method;
    this.url = url;
    this.cause = options.cause;
  }
};
function isZodFastifySchemaValidationError(error) {
  return typeof error === "object" && error !== null && error[ZodFastifySchemaValidationErrorSymbol] === true;
}
__name(isZodFastifySchemaValidationError, "isZodFastifySchemaValidationError");
function hasZodFastifySchemaValidationErrors(error) {
  return typeof error === "object" && error !== null && "validation" in error && Array.isArray(error.validation) && error.validation.length > 0 && isZodFastifySchemaValidationError(error.validation[0]);
}
__name(hasZodFastifySchemaValidationErrors, "hasZodFastifySchemaValidationErrors");
function omit(obj, keys) {
  const result = {};
  for (const key of Object.keys(obj)) if (!keys.includes(key)) result[key] = obj[key];
  return result;
}
__name(omit, "omit");
function createValidationError(error) {
  return error.issues.map((issue) => {
    return {
      [ZodFastifySchemaValidationErrorSymbol]: true,
      keyword: issue.code,
      instancePath: `/${issue.path.join("/")}`,
      schemaPath: `#/${issue.path.join("/")}/${issue.code}`,
      message: issue.message,
      params: { ...omit(issue, [
        "path",
        "code",
        "message"
      ]) }
    };
  });
}
__name(createValidationError, "createValidationError");

// node_modules/fastify-type-provider-zod/dist/esm/registry.js
var getSchemaId = /* @__PURE__ */ __name((id, io) => {
  return io === "input" ? `${id}Input` : id;
}, "getSchemaId");
var WeakMapWithFallback = class extends WeakMap {
  static {
    __name(this, "WeakMapWithFallback");
  }
  fallback;
  constructor(fallback) {
    super();
    this.fallback = fallback;
  }
  get(key) {
    return super.get(key) ?? this.fallback.get(key);
  }
  has(key) {
    return super.has(key) || this.fallback.has(key);
  }
};
var copyRegistry = /* @__PURE__ */ __name((baseRegistry, idReplaceFn) => {
  const copy = new $ZodRegistry();
  copy._map = new WeakMapWithFallback(baseRegistry._map);
  baseRegistry._idmap.forEach((schema, id) => {
    copy.add(schema, {
      ...baseRegistry._map.get(schema),
      id: idReplaceFn(id)
    });
  });
  return copy;
}, "copyRegistry");
var generateIORegistries = /* @__PURE__ */ __name((baseRegistry) => {
  const inputRegistry = copyRegistry(baseRegistry, (id) => getSchemaId(id, "input"));
  const outputRegistry = copyRegistry(baseRegistry, (id) => getSchemaId(id, "output"));
  inputRegistry._idmap.forEach((_, id) => {
    if (outputRegistry._idmap.has(id)) throw new Error(`Collision detected for schema "${id}". An input and an output schema resolve to the same component name.`);
  });
  return {
    inputRegistry,
    outputRegistry
  };
}, "generateIORegistries");
var createIORegistriesProvider = /* @__PURE__ */ __name((baseRegistry) => {
  let cache;
  return () => {
    const size = baseRegistry._idmap.size;
    if (!cache || cache.size !== size) cache = {
      size,
      registries: generateIORegistries(baseRegistry)
    };
    return cache.registries;
  };
}, "createIORegistriesProvider");

// node_modules/fastify-type-provider-zod/dist/esm/utils.js
var assertIsOpenAPIObject = /* @__PURE__ */ __name((obj) => {
  if ("swaggerObject" in obj) throw new Error("This package currently does not support component references for Swagger 2.0");
}, "assertIsOpenAPIObject");
var getReferenceUri = /* @__PURE__ */ __name((input) => {
  const id = input.replace(/^#\/(?:\$defs|definitions|components\/schemas)\//, "");
  if (id === "") throw new Error("Unable to build a component reference for an unnamed schema. Recursive or self-referential schemas used inline must be registered with an `id` so they can be referenced as components.");
  return `#/components/schemas/${id}`;
}, "getReferenceUri");
var getJSONSchemaTarget = /* @__PURE__ */ __name((version = "3.0.0") => {
  if (version.startsWith("3.0")) return "openapi-3.0";
  return "draft-2020-12";
}, "getJSONSchemaTarget");

// node_modules/fastify-type-provider-zod/dist/esm/zod-to-json.js
var SCHEMA_REGISTRY_ID_PLACEHOLDER = "__SCHEMA__ID__PLACEHOLDER__";
var SCHEMA_URI_PLACEHOLDER = "__SCHEMA__PLACEHOLDER__";
var IDENTITY_KEYWORDS = [
  "id",
  "$id",
  "$schema"
];
var OAS_3_0_INVALID_KEYWORDS = [
  "unevaluatedProperties",
  "dependentSchemas",
  "patternProperties",
  "propertyNames",
  "contentEncoding",
  "contentMediaType"
];
var getRemoveKeys = /* @__PURE__ */ __name((target) => {
  return new Set(target === "openapi-3.0" ? [...IDENTITY_KEYWORDS, ...OAS_3_0_INVALID_KEYWORDS] : IDENTITY_KEYWORDS);
}, "getRemoveKeys");
var SINGLE_SCHEMA_KEYWORDS = [
  "items",
  "additionalProperties",
  "not"
];
var SCHEMA_LIST_KEYWORDS = [
  "allOf",
  "anyOf",
  "oneOf"
];
var sanitizeSchema = /* @__PURE__ */ __name((value, removeKeys) => {
  if (Array.isArray(value)) return value.map((entry) => sanitizeSchema(entry, removeKeys));
  if (value === null || typeof value !== "object") return value;
  const result = {};
  for (const [key, child] of Object.entries(value)) {
    if (removeKeys.has(key)) continue;
    if (key === "properties" && child !== null && typeof child === "object") result[key] = Object.fromEntries(Object.entries(child).map(([name2, schema]) => [name2, sanitizeSchema(schema, removeKeys)]));
    else if (SINGLE_SCHEMA_KEYWORDS.includes(key)) result[key] = child !== null && typeof child === "object" ? sanitizeSchema(child, removeKeys) : child;
    else if (SCHEMA_LIST_KEYWORDS.includes(key)) result[key] = Array.isArray(child) ? child.map((entry) => sanitizeSchema(entry, removeKeys)) : child;
    else result[key] = child;
  }
  return result;
}, "sanitizeSchema");
function isZodDate(entity) {
  return entity instanceof $ZodType && entity._zod.def.type === "date";
}
__name(isZodDate, "isZodDate");
function isZodUnion(entity) {
  return entity instanceof $ZodType && entity._zod.def.type === "union";
}
__name(isZodUnion, "isZodUnion");
function isZodUndefined(entity) {
  return entity instanceof $ZodType && entity._zod.def.type === "undefined";
}
__name(isZodUndefined, "isZodUndefined");
var isNullBranch = /* @__PURE__ */ __name((schema) => schema.nullable === true && Array.isArray(schema.enum) && schema.enum.length === 1 && schema.enum[0] === null, "isNullBranch");
var getOverride = /* @__PURE__ */ __name((ctx, io, target) => {
  if (isZodUnion(ctx.zodSchema)) {
    ctx.jsonSchema.anyOf = ctx.jsonSchema.anyOf?.filter((schema) => Object.keys(schema).length > 0);
    const anyOf = ctx.jsonSchema.anyOf;
    if (target === "openapi-3.0" && anyOf) {
      const otherBranches = anyOf.filter((schema) => !isNullBranch(schema));
      if (otherBranches.length < anyOf.length && otherBranches.length > 0) if (otherBranches.length === 1) {
        delete ctx.jsonSchema.anyOf;
        Object.assign(ctx.jsonSchema, otherBranches[0], { nullable: true });
      } else {
        ctx.jsonSchema.anyOf = otherBranches;
        ctx.jsonSchema.nullable = true;
      }
    }
  }
  if (isZodDate(ctx.zodSchema)) {
    if (io === "output") {
      ctx.jsonSchema.type = "string";
      ctx.jsonSchema.format = "date-time";
    }
  }
  if (isZodUndefined(ctx.zodSchema)) {
    if (io === "output") ctx.jsonSchema.type = "null";
  }
}, "getOverride");
var zodSchemaToJson = /* @__PURE__ */ __name((zodSchema, registry, io, config) => {
  const schemaRegistryEntry = registry.get(zodSchema);
  if (schemaRegistryEntry?.id) return { $ref: getReferenceUri(schemaRegistryEntry.id) };
  const tempRegistry = new $ZodRegistry();
  tempRegistry.add(zodSchema, { id: SCHEMA_REGISTRY_ID_PLACEHOLDER });
  const { schemas: { [SCHEMA_REGISTRY_ID_PLACEHOLDER]: result } } = toJSONSchema(tempRegistry, {
    ...config,
    io,
    metadata: registry,
    unrepresentable: config.unrepresentable ?? "any",
    cycles: "ref",
    reused: "inline",
    /**
    * The uri option only allows customizing the base path of the `$ref`, and it automatically appends a path to it.
    * As a workaround, we set a placeholder that looks something like this.
    * @see https://github.com/colinhacks/zod/issues/4750
    */
    uri: /* @__PURE__ */ __name(() => SCHEMA_URI_PLACEHOLDER, "uri"),
    override: config.override ?? ((ctx) => getOverride(ctx, io, config.target))
  });
  const sanitized = sanitizeSchema(result, getRemoveKeys(config.target));
  return JSON.parse(JSON.stringify(sanitized), (_key, value) => typeof value === "string" && value.startsWith(SCHEMA_URI_PLACEHOLDER) ? getReferenceUri(value.slice(23)) : value);
}, "zodSchemaToJson");
var zodRegistryToJson = /* @__PURE__ */ __name((registry, io, config) => {
  const result = toJSONSchema(registry, {
    ...config,
    io,
    metadata: registry,
    unrepresentable: config.unrepresentable ?? "any",
    cycles: "ref",
    reused: "inline",
    uri: /* @__PURE__ */ __name((id) => getReferenceUri(id), "uri"),
    override: config.override ?? ((ctx) => getOverride(ctx, io, config.target))
  }).schemas;
  const removeKeys = getRemoveKeys(config.target);
  const jsonSchemas = {};
  for (const id in result) jsonSchemas[id] = sanitizeSchema(result[id], removeKeys);
  return jsonSchemas;
}, "zodRegistryToJson");

// node_modules/fastify-type-provider-zod/dist/esm/core.js
var isContentTypeResponse = /* @__PURE__ */ __name((maybeSchema) => {
  return typeof maybeSchema === "object" && maybeSchema !== null && "content" in maybeSchema && typeof maybeSchema.content === "object" && maybeSchema.content !== null;
}, "isContentTypeResponse");
var defaultSkipList = [
  "/documentation/",
  "/documentation/initOAuth",
  "/documentation/json",
  "/documentation/uiConfig",
  "/documentation/yaml",
  "/documentation/*",
  "/documentation/static/*"
];
var createJsonSchemaTransform = /* @__PURE__ */ __name(({ skipList = defaultSkipList, schemaRegistry = globalRegistry, zodToJsonConfig = {} }) => {
  const getIORegistries = createIORegistriesProvider(schemaRegistry);
  return (document) => {
    assertIsOpenAPIObject(document);
    const { schema, url } = document;
    if (!schema) return {
      schema,
      url
    };
    const { response, headers, querystring, body, params, hide, ...rest } = schema;
    const transformed = {};
    if (skipList.includes(url) || hide) {
      transformed.hide = true;
      return {
        schema: transformed,
        url
      };
    }
    const config = {
      target: getJSONSchemaTarget(document.openapiObject.openapi),
      ...zodToJsonConfig
    };
    const { inputRegistry, outputRegistry } = getIORegistries();
    const zodSchemas = {
      headers,
      querystring,
      body,
      params
    };
    for (const prop in zodSchemas) {
      const zodSchema = zodSchemas[prop];
      if (zodSchema) transformed[prop] = zodSchemaToJson(zodSchema, inputRegistry, "input", config);
    }
    if (response) {
      transformed.response = {};
      for (const prop in response) {
        const responseSchema = response[prop];
        if (isContentTypeResponse(responseSchema)) {
          const responseObj = {};
          if (responseSchema.description) responseObj.description = responseSchema.description;
          responseObj.content = {};
          for (const [contentType, { schema: maybeSchema }] of Object.entries(responseSchema.content)) {
            const zodSchema2 = resolveSchema(maybeSchema);
            responseObj.content[contentType] = { schema: zodSchemaToJson(zodSchema2, outputRegistry, "output", config) };
          }
          transformed.response[prop] = responseObj;
          continue;
        }
        const zodSchema = resolveSchema(responseSchema);
        transformed.response[prop] = zodSchemaToJson(zodSchema, outputRegistry, "output", config);
      }
    }
    for (const prop in rest) {
      const meta = rest[prop];
      if (meta) transformed[prop] = meta;
    }
    return {
      schema: transformed,
      url
    };
  };
}, "createJsonSchemaTransform");
var jsonSchemaTransform = createJsonSchemaTransform({});
var createJsonSchemaTransformObject = /* @__PURE__ */ __name(({ schemaRegistry = globalRegistry, zodToJsonConfig = {} }) => (document) => {
  assertIsOpenAPIObject(document);
  const config = {
    target: getJSONSchemaTarget(document.openapiObject.openapi),
    ...zodToJsonConfig
  };
  const { inputRegistry, outputRegistry } = generateIORegistries(schemaRegistry);
  const inputSchemas = zodRegistryToJson(inputRegistry, "input", config);
  const outputSchemas = zodRegistryToJson(outputRegistry, "output", config);
  return {
    ...document.openapiObject,
    components: {
      ...document.openapiObject.components,
      schemas: {
        ...document.openapiObject.components?.schemas,
        ...inputSchemas,
        ...outputSchemas
      }
    }
  };
}, "createJsonSchemaTransformObject");
var jsonSchemaTransformObject = createJsonSchemaTransformObject({});
var validatorCompiler = /* @__PURE__ */ __name(({ schema }) => (data) => {
  const result = safeParse(schema, data);
  if (result.error) return { error: createValidationError(result.error) };
  return { value: result.data };
}, "validatorCompiler");
function resolveSchema(maybeSchema) {
  if (maybeSchema instanceof $ZodType) return maybeSchema;
  if ("properties" in maybeSchema && maybeSchema.properties instanceof $ZodType) return maybeSchema.properties;
  throw new InvalidSchemaError(JSON.stringify(maybeSchema));
}
__name(resolveSchema, "resolveSchema");
var createSerializerCompiler = /* @__PURE__ */ __name((options) => ({ schema: maybeSchema, method, url }) => {
  const schema = resolveSchema(maybeSchema);
  return (data) => {
    const result = safeEncode(schema, data);
    if (result.error) throw new ResponseSerializationError(method, url, { cause: result.error });
    return JSON.stringify(result.data, options?.replacer);
  };
}, "createSerializerCompiler");
var serializerCompiler = createSerializerCompiler({});

// src/http/admin-auth.ts
import { timingSafeEqual } from "node:crypto";
function requireAdmin(adminToken) {
  return async (req, _reply) => {
    const header2 = req.headers.authorization ?? "";
    const given = Buffer.from(header2.startsWith("Bearer ") ? header2.slice(7) : "");
    const expected = Buffer.from(adminToken ?? "");
    if (!adminToken || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new TongbuError("UNAUTHORIZED");
    }
  };
}
__name(requireAdmin, "requireAdmin");

// src/http/schemas.ts
var name = /* @__PURE__ */ __name((max = 100) => external_exports.string().trim().min(1).max(max), "name");
var NoQuery = external_exports.strictObject({});
var NoBody = external_exports.strictObject({}).nullish();
var oneOrMany = /* @__PURE__ */ __name((item, max = 50) => external_exports.union([item, external_exports.array(item).min(1).max(max)], {
  error: /* @__PURE__ */ __name((iss) => iss.input === void 0 ? "Invalid input: expected string, received undefined" : `expected one value, or the parameter repeated up to ${max} times`, "error")
}).transform((v) => Array.isArray(v) ? v : [v]), "oneOrMany");

// src/http/admin-api.ts
var SyncBody = external_exports.strictObject({
  connector: name(),
  /** "YYYY-MM-DD", "YYYY-MM-DD..YYYY-MM-DD" or date-times (Asia/Shanghai); default: the schedule's window. */
  range: external_exports.string().max(100).optional(),
  /** Delete those days' records in Bitable first, then write them again. */
  force: external_exports.boolean().optional(),
  /** One account of the connector; default: all of them. */
  account: name().optional()
});
var SyncProgressQuery = external_exports.strictObject({ key: oneOrMany(name(300)) });
var TokensQuery = external_exports.strictObject({ platform: name().optional() });
var TaskParams = external_exports.strictObject({ name: name() });
var adminApiRoutes = /* @__PURE__ */ __name(async (app, { services }) => {
  app.addHook("onRequest", requireAdmin(services.config.ADMIN_TOKEN));
  app.get("/api/status", { schema: { querystring: NoQuery } }, async () => getStatus(services));
  app.get("/api/overview", { schema: { querystring: external_exports.strictObject({ period: external_exports.string().max(40).optional() }) } }, async (req) => getOverview(services, req.query.period));
  app.post("/api/sync", { schema: { body: SyncBody, querystring: NoQuery } }, async (req, reply) => {
    const { connector, range, force, account } = req.body;
    const queued = await requestSync(services, { connector, range, force, account, trigger: "api", requestedBy: "api" });
    return reply.code(202).send(queued);
  });
  app.get("/api/sync", { schema: { querystring: SyncProgressQuery } }, async (req) => {
    const keys = req.query.key;
    const view = keys.length === 1 ? await getRunByKey(services, keys[0]) : await getSyncProgress(services, keys);
    if (!view) throw new TongbuError("RUN_UNKNOWN");
    return view;
  });
  app.get("/api/tokens", { schema: { querystring: TokensQuery } }, async (req) => {
    const { oauth, credentials } = await allTokenStatus(services, req.query.platform);
    return { tokens: oauth, credentials };
  });
  for (const verb of ["stop", "start"]) {
    app.post(
      `/api/tasks/:name/${verb}`,
      { schema: { params: TaskParams, querystring: NoQuery, body: NoBody } },
      async (req) => setTaskState(services, req.params.name, verb === "stop" ? "STOPPED" : "RUNNING", "api")
    );
  }
}, "adminApiRoutes");

// src/http/health.ts
var healthRoutes = /* @__PURE__ */ __name(async (app, { services }) => {
  const running = services.engine ? new Set([...services.engine.runtimes.values()].filter((rt) => rt.mode !== "disabled").flatMap((rt) => rt.accounts.map((a) => `${rt.decl.name}
${a}`))) : void 0;
  const keep = /* @__PURE__ */ __name((connector, account) => !running || running.has(`${connector}
${account}`), "keep");
  await loadLastSuccess(services.pool, services.metrics, keep).catch(
    (e) => services.log.warn({ err: e }, "could not read the last successful runs for tongbu_last_success_timestamp_seconds")
  );
  app.get("/healthz", { schema: { querystring: NoQuery } }, async () => ({ status: "ok" }));
  app.get("/readyz", { schema: { querystring: NoQuery } }, async (_req, reply) => {
    try {
      await services.pool.query("SELECT 1");
    } catch (e) {
      return reply.code(503).send({ status: "unavailable", reason: `database unreachable: ${e.message}` });
    }
    const pending = await pendingMigrations(services.pool);
    if (pending.length) return reply.code(503).send({ status: "unavailable", reason: "migrations pending", pending });
    return { status: "ready" };
  });
  app.get("/metrics", { schema: { querystring: NoQuery } }, async (_req, reply) => {
    await services.refreshGauges?.();
    reply.header("content-type", services.metrics.registry.contentType);
    return (await services.metrics.registry.metrics()).replace(/ Nan$/gm, " NaN");
  });
}, "healthRoutes");

// src/http/request-errors.ts
var WHERE = { body: "body", querystring: "query", params: "path", headers: "header" };
var MAX_ISSUES = 5;
function fieldName(context, instancePath) {
  const base = WHERE[context ?? ""] ?? context ?? "request";
  const rest = instancePath.split("/").filter(Boolean).join(".");
  return rest ? `${base}.${rest}` : base;
}
__name(fieldName, "fieldName");
function describeIssue(context, issue) {
  const where = fieldName(context, issue.instancePath);
  const params = issue.params;
  if (issue.keyword === "unrecognized_keys" && Array.isArray(params.keys)) {
    return params.keys.map((k) => `${where}.${String(k)} is not a field of this route`);
  }
  const reason = (issue.message ?? "is not valid").replace(/^Invalid input: /, "");
  const absent = /received undefined$/.test(reason) || fieldName(context, issue.instancePath) === "body" && /received null$/.test(reason);
  if (absent) return [`${where} is required`];
  return [`${where}: ${reason}`];
}
__name(describeIssue, "describeIssue");
function describeValidation(context, issues) {
  const lines = issues.flatMap((i) => describeIssue(context, i));
  const more = lines.length > MAX_ISSUES ? ` (and ${lines.length - MAX_ISSUES} more)` : "";
  return lines.slice(0, MAX_ISSUES).join("; ") + more;
}
__name(describeValidation, "describeValidation");
function clientError(err, req) {
  if (isTongbuError(err)) return err.status < 500 ? { status: err.status, error: err } : void 0;
  if (err instanceof SyntaxError && req && req.body === void 0 && req.headers["content-type"] !== void 0 && !err.statusCode) {
    return { status: 400, error: new TongbuError("BAD_REQUEST", "the body is not valid JSON") };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    return { status: 400, error: new TongbuError("BAD_REQUEST", describeValidation(err.validationContext, err.validation)) };
  }
  const e = err;
  const status = typeof e.statusCode === "number" ? e.statusCode : 500;
  if (status < 400 || status >= 500) return void 0;
  const message2 = String(e.message ?? "").slice(0, 300);
  if (status === 413) return { status, error: new TongbuError("REQUEST_TOO_LARGE", message2) };
  if (status === 415) return { status, error: new TongbuError("UNSUPPORTED_MEDIA_TYPE", message2) };
  if (e.code === "FST_ERR_CTP_EMPTY_JSON_BODY") return { status, error: new TongbuError("BAD_REQUEST", "the body is empty but Content-Type says JSON") };
  if (e.code === "FST_ERR_CTP_INVALID_JSON_BODY" || err instanceof SyntaxError) return { status, error: new TongbuError("BAD_REQUEST", "the body is not valid JSON") };
  return { status, error: new TongbuError("BAD_REQUEST", message2 || `HTTP ${status}`) };
}
__name(clientError, "clientError");
function createErrorHandler(log) {
  return (err, req, reply) => {
    if (isTongbuError(err)) return reply.code(err.status).send({ error: err.toJSON() });
    const known = clientError(err, req);
    if (known) return reply.code(known.status).send({ error: known.error.toJSON() });
    log.error({ err, method: req.method, route: req.routeOptions.url }, "request failed");
    return reply.code(500).send({ error: describeError(err) });
  };
}
__name(createErrorHandler, "createErrorHandler");
function frameworkErrorHandler(err, _req, reply) {
  const known = clientError(err) ?? { status: 400, error: new TongbuError("BAD_REQUEST", String(err.message).slice(0, 300)) };
  return reply.code(known.status).send({ error: known.error.toJSON() });
}
__name(frameworkErrorHandler, "frameworkErrorHandler");
function notFoundHandler(req, reply) {
  const path2 = req.url.split("?")[0] ?? "";
  const e = new TongbuError("NOT_FOUND", `${req.method} ${path2.length > 200 ? `${path2.slice(0, 200)}\u2026` : path2}`);
  return reply.code(e.status).send({ error: e.toJSON() });
}
__name(notFoundHandler, "notFoundHandler");

// src/http/oauth.ts
var OauthCallbackQuery = external_exports.object({
  auth_code: external_exports.string().max(1e3).optional(),
  /** The OAuth 2 name, for platforms that use it. */
  code: external_exports.string().max(1e3).optional(),
  state: external_exports.string().max(200).optional()
});
var OauthLinkParams = external_exports.strictObject({ platform: name(50) });
var OauthLinkQuery = external_exports.strictObject({ grant: name().optional() });
function textError(err, req, reply) {
  const known = isTongbuError(err) ? { status: err.status, error: err } : clientError(err, req);
  if (!known) throw err;
  return reply.code(known.status).type("text/plain; charset=utf-8").send(`${known.error.message}
${known.error.action}
`);
}
__name(textError, "textError");
var oauthRoutes = /* @__PURE__ */ __name(async (app, { services }) => {
  app.get(
    "/oauth/:platform/callback",
    { logLevel: "warn", errorHandler: textError, schema: { params: OauthLinkParams, querystring: OauthCallbackQuery } },
    async (req, reply) => {
      const q2 = req.query;
      const platform = tokenPlatform(services, req.params.platform);
      const title = oauthPlatforms(services).find((o) => o.platform === platform)?.title ?? platform;
      const code = q2.auth_code ?? q2.code;
      if (!q2.state) throw new TongbuError("TOKEN_STATE_INVALID", "missing");
      if (!code) throw new TongbuError("TOKEN_AUTH_CODE_REJECTED", "the callback carried no auth_code (was access denied?)");
      const tokens = await tokensOf(services);
      const done = await tokens.completeAuthorization(platform, q2.state, code);
      const accounts = done.grantedAccounts.length ? ` for accounts ${done.grantedAccounts.join(", ")}` : "";
      reply.type("text/plain; charset=utf-8");
      return `${title} is authorised (grant "${done.account}")${accounts}. You can close this page.
`;
    }
  );
  app.get(
    "/api/oauth/:platform/link",
    { onRequest: requireAdmin(services.config.ADMIN_TOKEN), schema: { params: OauthLinkParams, querystring: OauthLinkQuery } },
    async (req) => {
      const platform = tokenPlatform(services, req.params.platform);
      const decl = (services.connectors ?? []).find((c) => c.oauth?.platform === platform);
      const grant = req.query.grant ?? (decl?.oauth ? decl.oauth.defaultGrant(settingsOf(decl, services.config)) : "default");
      return { url: await (await tokensOf(services)).authorizationLink(platform, grant) };
    }
  );
}, "oauthRoutes");

// src/http/imports.ts
import multipart from "@fastify/multipart";
var ImportsQuery = external_exports.strictObject({ limit: external_exports.coerce.number().int().min(1).max(200).default(50) });
var importRoutes = /* @__PURE__ */ __name(async (app, { services }) => {
  const maxBytes = services.config.MAX_IMPORT_MB * 1024 * 1024;
  await app.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 10 } });
  const auth = requireAdmin(services.config.ADMIN_TOKEN);
  const readUpload = /* @__PURE__ */ __name(async (what, fn) => {
    try {
      return await fn();
    } catch (e) {
      if (isTongbuError(e)) throw e;
      const err = e;
      if (err.code === "FST_REQ_FILE_TOO_LARGE") throw new TongbuError("EXCEL_TOO_LARGE", `over the limit of ${services.config.MAX_IMPORT_MB} MB (MAX_IMPORT_MB)`);
      if (err.statusCode === 413) throw new TongbuError("REQUEST_TOO_LARGE", err.message ?? what);
      throw new TongbuError("BAD_REQUEST", `the ${what} could not be read as multipart/form-data (${err.message ?? "malformed"})`, { cause: e });
    }
  }, "readUpload");
  app.post("/api/imports", { onRequest: auth, schema: { querystring: NoQuery } }, async (req) => {
    if (!req.isMultipart()) throw new TongbuError("EXCEL_NO_FILE", "the request is not multipart/form-data");
    const part = await readUpload("form", () => req.file());
    if (!part) throw new TongbuError("EXCEL_NO_FILE", "the form has no file field");
    const buffer = await readUpload("file", () => part.toBuffer());
    let fileName = part.filename || "upload.xlsx";
    try {
      fileName = decodeURIComponent(fileName);
    } catch {
    }
    const outcome = await importFile(services, { source: "http", fileName: fileName.slice(0, 255), buffer, requestedBy: "admin-api", admin: true });
    return outcome.kind === "report" ? outcome.summary : outcome;
  });
  app.get("/api/imports", { onRequest: auth, schema: { querystring: ImportsQuery } }, async (req) => {
    const res = await services.pool.query(
      `SELECT id, file_name, report_type, source, requested_by, status, rows_read, inserted, updated, unchanged, skipped,
              error_code, error_message, sha256, started_at, finished_at, duration_ms
         FROM excel_imports ORDER BY id DESC LIMIT $1`,
      [req.query.limit]
    );
    return { imports: res.rows };
  });
}, "importRoutes");

// src/http/connector-routes.ts
import { timingSafeEqual as timingSafeEqual2 } from "node:crypto";
function bearer(req) {
  const header2 = req.headers.authorization ?? "";
  return Buffer.from(header2.startsWith("Bearer ") ? header2.slice(7) : "");
}
__name(bearer, "bearer");
function matches(given, token) {
  if (!token) return false;
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual2(given, expected);
}
__name(matches, "matches");
function readTokensOf(raw) {
  return (raw ?? "").split(",").map((t) => t.trim()).filter(Boolean);
}
__name(readTokensOf, "readTokensOf");
async function connectorRoutes(app, opts) {
  for (const c of opts.connectors) {
    for (const route of c.routes ?? []) {
      app.route({
        method: route.method,
        url: `/api/${c.name}${route.path}`,
        preHandler: /* @__PURE__ */ __name(async (req) => {
          const given = bearer(req);
          const ok = matches(given, opts.adminToken) || route.access === "read" && opts.readTokens.some((t) => matches(given, t));
          if (!ok) throw new TongbuError("UNAUTHORIZED");
        }, "preHandler"),
        handler: /* @__PURE__ */ __name(async (req, reply) => {
          const answer = await route.handle(
            { params: req.params ?? {}, query: req.query ?? {} },
            { pool: opts.pool, now: opts.now?.() ?? /* @__PURE__ */ new Date() }
          );
          return reply.code(answer.status ?? 200).send(answer.body);
        }, "handler")
      });
    }
  }
}
__name(connectorRoutes, "connectorRoutes");

// src/http/sandbox-pages.ts
var SayBody = external_exports.strictObject({
  chatId: external_exports.string().min(1).max(100),
  text: external_exports.string().min(1).max(2e3),
  chatType: external_exports.enum(["group", "p2p"]).optional(),
  openId: external_exports.string().max(100).optional()
});
var INDEX = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tongbu (sandbox)</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:720px;margin:40px auto;padding:0 16px;color:#1f2329}a{color:#3370ff}</style></head><body>
<h1>Tongbu \xB7 sandbox mode</h1>
<p>No credentials are configured, so every platform and Feishu run against the built-in emulators.</p>
<ul>
<li><a href="/sandbox">The sandbox chat</a>: the emulated group; type <code>/help</code>, <code>/status</code>, <code>/sync &lt;connector&gt;</code>, <code>/overview</code>.</li>
<li>The emulated Bitable tables: mirrored rows show in the chat's <code>/dedup check &lt;table&gt; &lt;date&gt;</code> and in PostgreSQL (<code>bitable_records</code>).</li>
<li><a href="/metrics">/metrics</a> (Prometheus) \xB7 <a href="/readyz">/readyz</a> \xB7 <a href="/healthz">/healthz</a></li>
<li>Docs in the checkout: README.md, docs/operations.md, docs/adding-a-connector.md, docs/glossary.md.</li>
</ul></body></html>`;
var sandboxPages = /* @__PURE__ */ __name(async (app, { emulatorUrl }) => {
  const forward = /* @__PURE__ */ __name(async (path2, init) => {
    const res = await fetch(`${emulatorUrl}${path2}`, init);
    return { status: res.status, type: res.headers.get("content-type") ?? "application/json", body: await res.text() };
  }, "forward");
  app.get("/", async (_req, reply) => reply.type("text/html; charset=utf-8").send(INDEX));
  app.get("/sandbox", async (_req, reply) => {
    const r = await forward("/sandbox");
    return reply.code(r.status).type(r.type).send(r.body);
  });
  app.get("/sandbox/messages", async (_req, reply) => {
    const r = await forward("/sandbox/messages");
    return reply.code(r.status).type(r.type).send(r.body);
  });
  app.post("/sandbox/say", { schema: { body: SayBody } }, async (req, reply) => {
    const r = await forward("/sandbox/say", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(req.body) });
    return reply.code(r.status).type(r.type).send(r.body);
  });
}, "sandboxPages");

// src/app.ts
var BODY_LIMIT_BYTES = 5 * 1024 * 1024;
async function buildApp(services, opts = {}) {
  const app = Fastify({
    // Per-request lines only at debug: health probes and scrapes would drown the log otherwise.
    loggerInstance: services.log.child({ mod: "http" }, { level: ["debug", "trace"].includes(services.log.level) ? services.log.level : "warn" }),
    bodyLimit: BODY_LIMIT_BYTES,
    frameworkErrors: frameworkErrorHandler
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(createErrorHandler(services.log));
  app.setNotFoundHandler(notFoundHandler);
  if (opts.onRoute) app.addHook("onRoute", opts.onRoute);
  await app.register(healthRoutes, { services });
  await app.register(adminApiRoutes, { services });
  if (services.feishuBot) await app.register(services.feishuBot.routes);
  await app.register(oauthRoutes, { services });
  await app.register(importRoutes, { services });
  const sandbox = services.feishuBot?.sandbox;
  if (sandbox) await app.register(sandboxPages, { emulatorUrl: sandbox.emulator.baseUrl });
  await app.register(connectorRoutes, { connectors: services.connectors ?? CONNECTORS, pool: services.pool, adminToken: services.config.ADMIN_TOKEN, readTokens: readTokensOf(services.config.API_READ_TOKENS) });
  return app;
}
__name(buildApp, "buildApp");

// src/feishu/call-counter.ts
function shanghaiMonth(at = /* @__PURE__ */ new Date()) {
  return new Date(at.getTime() + 8 * 36e5).toISOString().slice(0, 7);
}
__name(shanghaiMonth, "shanghaiMonth");
var FeishuCallCounter = class {
  constructor(pool, log, flushEveryMs = 1e3) {
    this.pool = pool;
    this.log = log;
    this.flushEveryMs = flushEveryMs;
  }
  pool;
  log;
  flushEveryMs;
  static {
    __name(this, "FeishuCallCounter");
  }
  pending = /* @__PURE__ */ new Map();
  timer;
  flushing = Promise.resolve();
  add(kind, n2 = 1) {
    const key = `${shanghaiMonth()}|${kind}`;
    this.pending.set(key, (this.pending.get(key) ?? 0) + n2);
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = void 0;
        void this.flush();
      }, this.flushEveryMs);
      this.timer.unref();
    }
  }
  /** Write the buffered increments; a failed write keeps them for the next flush. */
  flush() {
    this.flushing = this.flushing.then(async () => {
      if (!this.pending.size) return;
      const batch = [...this.pending.entries()];
      this.pending.clear();
      const months = batch.map(([k]) => k.split("|")[0]);
      const kinds = batch.map(([k]) => k.split("|")[1]);
      const calls = batch.map(([, n2]) => n2);
      try {
        await this.pool.query(
          `INSERT INTO feishu_api_calls (month, kind, calls)
           SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
           ON CONFLICT (month, kind) DO UPDATE SET calls = feishu_api_calls.calls + EXCLUDED.calls`,
          [months, kinds, calls]
        );
      } catch (e) {
        for (const [k, n2] of batch) this.pending.set(k, (this.pending.get(k) ?? 0) + n2);
        this.log?.warn({ err: e }, "could not record Feishu API call counts; will retry");
      }
    });
    return this.flushing;
  }
  /** Calls this month (all replicas, plus this process's unflushed ones), by kind and in total. */
  async month(month = shanghaiMonth()) {
    const { rows } = await this.pool.query("SELECT kind, calls FROM feishu_api_calls WHERE month = $1", [month]);
    const byKind = {};
    for (const r of rows) byKind[r.kind] = Number(r.calls);
    for (const [k, n2] of this.pending) {
      const [m, kind] = k.split("|");
      if (m === month) byKind[kind] = (byKind[kind] ?? 0) + n2;
    }
    return { total: Object.values(byKind).reduce((a, b) => a + b, 0), byKind };
  }
  async close() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = void 0;
    await this.flush();
  }
};

// src/chat/commands/cards.ts
function card(title, colour, elements) {
  return {
    schema: "2.0",
    config: { update_multi: true, wide_screen_mode: true },
    header: { template: colour, title: { tag: "plain_text", content: title } },
    body: { elements }
  };
}
__name(card, "card");
var md = /* @__PURE__ */ __name((content) => ({ tag: "markdown", content }), "md");
var hr = /* @__PURE__ */ __name(() => ({ tag: "hr" }), "hr");
var note = /* @__PURE__ */ __name((content) => ({ tag: "markdown", content, text_size: "notation" }), "note");
function errorCard(e, title = "That did not work") {
  const { message: message2, action, code } = describeError(e);
  return card(title, "red", [md(`**${safeText(message2)}**`), md(`What to do: ${safeText(action)}`), note(`code ${code}`)]);
}
__name(errorCard, "errorCard");
function usageCard(problem, usage, title = "Not quite") {
  return card(title, "orange", [md(safeText(problem)), md(`Right form:
${usage.map((u) => `\`${u}\``).join("\n")}`), note("Send /help for every command.")]);
}
__name(usageCard, "usageCard");

// src/chat/commands/context.ts
function exampleNames(connectors) {
  return {
    connector: connectors[0]?.name ?? "<connector>",
    table: connectors.flatMap((c) => c.mirror ?? [])[0]?.name ?? "<table>"
  };
}
__name(exampleNames, "exampleNames");

// src/chat/commands/later-ops.ts
var laterOps = {
  dedupCheck: /* @__PURE__ */ __name((services, args) => dedupCheckReport(services, args), "dedupCheck"),
  dedupClean: /* @__PURE__ */ __name((services, args) => dedupCleanReport(services, args), "dedupClean"),
  tokenStatus: /* @__PURE__ */ __name((services, args) => tokenStatusReport(services, { platform: args.platform }), "tokenStatus"),
  tokenRefresh: /* @__PURE__ */ __name((services, args) => tokenRefreshReport(services, { platform: args.platform }), "tokenRefresh")
};

// src/chat/commands/parse.ts
var COMMAND_ALIASES = {
  \u540C\u6B65: "sync",
  \u53BB\u91CD: "dedup",
  \u4EE4\u724C: "token",
  \u72B6\u6001: "status",
  \u5E2E\u52A9: "help",
  \u505C\u6B62: "stop",
  \u542F\u52A8: "start",
  \u5F00\u59CB: "start",
  \u5BFC\u51FA: "export"
};
function normalizeText(text) {
  return text.replace(/@_user_\d+|@_all/g, " ").normalize("NFKC").replace(/[\u2014\u2013]+/g, "--").replace(/[\u200b\u00a0\s]+/g, " ").trim().replace(/^(?:@\S+\s+)+(?=\S)/, "");
}
__name(normalizeText, "normalizeText");
function parseCommand(input, known, aliasMap = COMMAND_ALIASES) {
  const text = normalizeText(input);
  if (!text) return void 0;
  const tokens = text.replace(/^\/+\s*/, "").split(" ").filter(Boolean);
  let head = tokens.shift() ?? "";
  const alias = Object.keys(aliasMap).sort((a, b) => b.length - a.length).find((a) => head.startsWith(a) && /[^ -~]/.test(a));
  if (alias && head !== alias) {
    tokens.unshift(head.slice(alias.length));
    head = alias;
  }
  const names = new Set(known);
  let name2 = aliasMap[head] ?? aliasMap[head.toLowerCase()] ?? head.toLowerCase();
  if (!names.has(name2) && names.has(name2.replace(/^\/+/, ""))) name2 = name2.replace(/^\/+/, "");
  const args = [];
  const flags = /* @__PURE__ */ new Set();
  for (const t of tokens) {
    if (/^--?[a-z]/i.test(t)) flags.add(t.replace(/^-+/, "").toLowerCase());
    else args.push(t);
  }
  return { name: name2, args, flags, text };
}
__name(parseCommand, "parseCommand");
function normalizeDate(s) {
  const m = /^(\d{4})[-/.]?(\d{1,2})[-/.]?(\d{1,2})$/.exec(s.trim());
  if (!m) return void 0;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return void 0;
  return `${m[1]}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}
__name(normalizeDate, "normalizeDate");
function parseRange(args) {
  if (!args.length) return {};
  const joined = args.join(" ").replace(/\s*(\.\.|~|至|到)\s*/g, "..").trim();
  const parts = joined.includes("..") ? joined.split("..") : joined.split(" ");
  if (parts.length > 2) return { error: `"${joined}" is not a date or a range` };
  const dates = parts.map(normalizeDate);
  if (dates.some((d) => !d)) return { error: `"${joined}" is not a date (YYYY-MM-DD) or a range (YYYY-MM-DD..YYYY-MM-DD)` };
  if (dates.length === 2 && dates[0] > dates[1]) return { error: `the range starts after it ends (${dates[0]} > ${dates[1]})` };
  return { range: dates.length === 2 && dates[0] !== dates[1] ? `${dates[0]}..${dates[1]}` : dates[0] };
}
__name(parseRange, "parseRange");

// src/chat/commands/maintenance.ts
var reportCard2 = /* @__PURE__ */ __name((r) => card(r.title, r.ok === false ? "red" : "green", [md(r.lines.map(safeText).join("\n"))]), "reportCard");
var dedupCommand = {
  name: "dedup",
  aliases: ["\u53BB\u91CD"],
  summary: "compare PostgreSQL and Bitable for a day and report (check) or repair (clean) duplicates",
  usage: ["/dedup check <table> <YYYY-MM-DD>", "/dedup clean <table> <YYYY-MM-DD>"],
  examples(connectors) {
    const { table } = exampleNames(connectors);
    return [`/dedup check ${table} 2026-02-11`, `\u53BB\u91CD clean ${table} 2026-02-11`];
  },
  needsAdmin: /* @__PURE__ */ __name((cmd) => cmd.args[0]?.toLowerCase() === "clean" ? "clean duplicates" : void 0, "needsAdmin"),
  async run(ctx, cmd) {
    const [mode, table, day] = cmd.args;
    if (mode?.toLowerCase() !== "check" && mode?.toLowerCase() !== "clean") throw new TongbuError("COMMAND_BAD_ARGS", "say check or clean");
    const date = day ? normalizeDate(day) : void 0;
    if (!table || !date) throw new TongbuError("COMMAND_BAD_ARGS", "name the table and the day (YYYY-MM-DD)");
    const op = mode.toLowerCase() === "clean" ? laterOps.dedupClean : laterOps.dedupCheck;
    return reportCard2(await op(ctx.services, { table, date, by: ctx.senderOpenId }));
  }
};
var tokenCommand = {
  name: "token",
  aliases: ["\u4EE4\u724C"],
  summary: "platform tokens: expiry (status) or renew now (refresh); tokens themselves are never shown",
  usage: ["/token status [platform]", "/token refresh [platform]"],
  examples(connectors) {
    return ["/token status", `/token refresh ${exampleNames(connectors).connector}`, "\u4EE4\u724C status"];
  },
  needsAdmin: /* @__PURE__ */ __name((cmd) => cmd.args[0]?.toLowerCase() === "refresh" ? "refresh tokens" : void 0, "needsAdmin"),
  async run(ctx, cmd) {
    const [mode, platform] = cmd.args;
    const m = (mode ?? "status").toLowerCase();
    if (m !== "status" && m !== "refresh") throw new TongbuError("COMMAND_BAD_ARGS", "say status or refresh");
    const op = m === "refresh" ? laterOps.tokenRefresh : laterOps.tokenStatus;
    return reportCard2(await op(ctx.services, { platform, by: ctx.senderOpenId }));
  }
};
var exportCommand = {
  name: "export",
  aliases: ["\u5BFC\u51FA"],
  summary: "a month of a connector's rows as an Excel file in the chat",
  usage: ["/export <connector> <YYYY-MM>"],
  examples(connectors) {
    const { connector } = exampleNames(connectors);
    return [`/export ${connector} 2026-01`, `\u5BFC\u51FA ${connector} 2026-01`];
  },
  async run(ctx, cmd) {
    const [connector, month] = cmd.args;
    const m = month?.replace(/[/.]/g, "-");
    if (!connector || !m || !/^\d{4}-(0[1-9]|1[0-2])$/.test(m)) throw new TongbuError("COMMAND_BAD_ARGS", "name the connector and the month (YYYY-MM)");
    const api = ctx.services.feishuBot?.api;
    if (!api) throw new TongbuError("NOT_AVAILABLE_YET", "Sending files without the Feishu client");
    const file = await exportMonth(ctx.services, connector, m);
    const fileKey = await api.uploadFile(file.fileName, file.buffer);
    await api.sendFile({ replyTo: ctx.messageId }, fileKey);
    return reportCard2({ title: `Export ${file.fileName}`, lines: [`${file.rows} rows for ${m}.`], ok: true });
  }
};

// src/chat/commands/status.ts
var FREE_PLAN_MONTHLY_CALLS = 1e4;
function feishuCallsSection(counter) {
  return async (_services) => {
    const { total } = await counter.month();
    return { title: "Feishu", lines: [`Feishu API calls used this month: ${total.toLocaleString("en-US")} (free plan limit ${FREE_PLAN_MONTHLY_CALLS.toLocaleString("en-US")})`] };
  };
}
__name(feishuCallsSection, "feishuCallsSection");
function age(iso, now) {
  if (!iso) return "never";
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1e3));
  if (s < 90) return `${s} s ago`;
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  if (s < 172800) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}
__name(age, "age");
function shanghaiTime(iso) {
  if (!iso) return "\u2014";
  return new Date(new Date(iso).getTime() + 8 * 36e5).toISOString().slice(0, 16).replace("T", " ");
}
__name(shanghaiTime, "shanghaiTime");
function connectorLines(c, now) {
  const lines = [`**${safeText(c.title)}** (\`${c.name}\`) \xB7 ${c.mode}${c.accounts.length ? ` \xB7 ${c.accounts.length} account(s)` : ""}`];
  const r = c.lastRun;
  if (r) {
    const counts = `${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged`;
    lines.push(`Last run: ${shanghaiTime(r.finishedAt ?? r.startedAt)} \xB7 **${r.status}** \xB7 ${counts}${r.status === "running" ? ` \xB7 ${r.slicesDone}/${r.slicesTotal} slices` : ""}`);
    if (r.errorMessage && (r.status === "failed" || r.status === "aborted")) lines.push(`Error: ${safeText(r.errorMessage)}`);
  } else lines.push("Last run: none yet");
  lines.push(`Next run: ${shanghaiTime(c.nextRunAt)}`);
  if (c.mode === "disabled" && c.reason) lines.push(safeText(c.reason));
  lines.push(`Task: **${c.task.state}** \xB7 heartbeat ${age(c.task.heartbeatAt, now)}${c.task.lastError ? ` \xB7 last error: ${safeText(c.task.lastError)}` : ""}`);
  return lines.join("\n");
}
__name(connectorLines, "connectorLines");
var statusCommand = {
  name: "status",
  aliases: ["\u72B6\u6001"],
  summary: "connectors, last and next runs, tasks, Feishu API calls this month",
  usage: ["/status"],
  examples: /* @__PURE__ */ __name(() => ["/status", "\u72B6\u6001"], "examples"),
  async run(ctx) {
    const now = Date.now();
    const status = await getStatus(ctx.services);
    const elements = [];
    status.connectors.forEach((c, i) => {
      if (i) elements.push(hr());
      elements.push(md(connectorLines(c, now)));
    });
    if (!status.connectors.length) elements.push(md("No connectors are configured."));
    for (const extra of status.extras) {
      elements.push(hr());
      elements.push(md(`**${safeText(extra.title)}**
${extra.lines.map(safeText).join("\n")}`));
    }
    elements.push(note(`as of ${shanghaiTime(new Date(now).toISOString())} (Asia/Shanghai)`));
    return card("Tongbu status", "blue", elements);
  }
};

// src/chat/commands/sync.ts
var USAGE = ["/sync <connector> [YYYY-MM-DD | YYYY-MM-DD..YYYY-MM-DD] [--force]"];
var n = /* @__PURE__ */ __name((v) => v.toLocaleString("en-US"), "n");
function progressCard(title, range, run) {
  if (!run || run.status === "queued") return card(`Sync ${title}: queued`, "blue", [md(`Window **${range}** is queued; this card updates as it runs.`)]);
  const counts = `**${n(run.inserted)}** new \xB7 **${n(run.updated)}** updated \xB7 ${n(run.unchanged)} unchanged`;
  const slices = `${run.slicesDone} / ${run.slicesTotal || "?"} slices`;
  switch (run.status) {
    case "running":
      return card(`Sync ${title}: running`, "blue", [md(`Window **${range}** \xB7 ${slices} done`), md(counts), note(`run ${run.id ?? run.key} \xB7 started ${run.startedAt ?? ""}`)]);
    case "succeeded":
      return card(`Sync ${title}: done`, "green", [md(`Window **${range}** \xB7 ${slices}`), md(counts), note(`run ${run.id ?? run.key} \xB7 finished ${run.finishedAt ? `${formatBusinessTime(new Date(run.finishedAt))} (Asia/Shanghai)` : ""}`)]);
    default:
      return card(`Sync ${title}: ${run.status}`, "red", [
        md(`Window **${range}** \xB7 ${slices} done before it stopped`),
        md(`**${safeText(run.errorMessage ?? "The run did not finish.")}**`),
        md(`What to do: ${safeText(run.errorAction ?? "Nothing is lost; send the same /sync again to resume from the last checkpoint.")}`),
        md(counts),
        note(`run ${run.id ?? run.key}${run.errorCode ? ` \xB7 ${run.errorCode}` : ""}`)
      ]);
  }
}
__name(progressCard, "progressCard");
var syncCommand = {
  name: "sync",
  aliases: ["\u540C\u6B65"],
  summary: "sync a connector now, or backfill a day or a range",
  usage: USAGE,
  examples(connectors) {
    const { connector } = exampleNames(connectors);
    return [`/sync ${connector}`, `/sync ${connector} 2026-02-11`, `/sync ${connector} 2026-02-01..2026-02-12 --force`, `\u540C\u6B65 ${connector} 2026-02-11`];
  },
  // A backfill (a date or range) or --force rewrites history: admins only. A plain "sync now"
  // runs the usual scheduled window early, which anyone in an allowed chat may ask for.
  needsAdmin: /* @__PURE__ */ __name((cmd) => cmd.args.length > 1 || cmd.flags.has("force") ? "run backfills or forced syncs" : void 0, "needsAdmin"),
  async run(ctx, cmd) {
    const connector = cmd.args[0];
    if (!connector) throw new TongbuError("COMMAND_BAD_ARGS", "name the connector to sync");
    if (normalizeDate(connector)) {
      throw new TongbuError("COMMAND_BAD_ARGS", `name the connector before the date (e.g. /sync ${exampleNames(ctx.services.connectors ?? []).connector} ${normalizeDate(connector)})`);
    }
    const unknownFlags = [...cmd.flags].filter((f) => f !== "force");
    if (unknownFlags.length) throw new TongbuError("COMMAND_BAD_ARGS", `unknown option --${unknownFlags[0]}`);
    const { range, error } = parseRange(cmd.args.slice(1));
    if (error) throw new TongbuError("COMMAND_BAD_ARGS", error);
    const req = await requestSync(ctx.services, { connector, range, force: cmd.flags.has("force"), trigger: "chat", requestedBy: ctx.senderOpenId });
    const window = req.from === req.to ? req.from : `${req.from}..${req.to}`;
    if (req.alreadyRunning) {
      const run = await getSyncProgress(ctx.services, req.runKeys).catch(() => void 0);
      const progress = run ? ` (${run.slicesDone} / ${run.slicesTotal || "?"} slices done)` : "";
      return card(`Sync ${req.title}: already running`, "orange", [md(`The same sync of **${window}** is already running${progress}.`), note("Its card keeps updating; /status shows it too.")]);
    }
    const replyId = await ctx.reply(progressCard(req.title, window, void 0));
    ctx.watchRun(req.runKeys, replyId, `${req.title}|${window}`);
    return void 0;
  }
};
function createRunWatcher(ctx, opts) {
  const active = /* @__PURE__ */ new Set();
  return {
    watch(runKeys, cardMessageId, label) {
      const [title, range] = label.split("|");
      const started = Date.now();
      let last = JSON.stringify(progressCard(title, range, void 0));
      const tick = /* @__PURE__ */ __name(async () => {
        let run;
        try {
          run = await getSyncProgress(ctx.services, runKeys);
        } catch (e) {
          ctx.log.warn({ err: e, runKeys }, "could not read the run for its progress card");
        }
        const done = run && ["succeeded", "failed", "aborted"].includes(run.status);
        const next = progressCard(title, range, run);
        const key = JSON.stringify(next);
        if (key !== last) {
          last = key;
          await ctx.update(cardMessageId, next).catch((e) => ctx.log.warn({ err: describeError(e) }, "could not update the sync card"));
        }
        if (done) return;
        if (Date.now() - started > opts.maxMs) {
          await ctx.update(cardMessageId, card(`Sync ${title}: still running`, "grey", [md("This card stopped following the run; /status shows how it ends.")])).catch(() => void 0);
          return;
        }
        schedule();
      }, "tick");
      const schedule = /* @__PURE__ */ __name(() => {
        const t = setTimeout(() => {
          active.delete(t);
          void tick();
        }, opts.everyMs);
        t.unref();
        active.add(t);
      }, "schedule");
      schedule();
    },
    close() {
      for (const t of active) clearTimeout(t);
      active.clear();
    }
  };
}
__name(createRunWatcher, "createRunWatcher");

// src/chat/commands/tasks.ts
function taskCommand(name2, state, aliases) {
  return {
    name: name2,
    aliases,
    summary: name2 === "stop" ? "stop a scheduled task (it finishes the page in flight)" : "start a stopped task again",
    usage: [`/${name2} <task>`],
    examples(connectors) {
      const { connector } = exampleNames(connectors);
      return [`/${name2} ${connector}`, `${aliases[0]} ${connector}`];
    },
    needsAdmin: /* @__PURE__ */ __name(() => `${name2} tasks`, "needsAdmin"),
    async run(ctx, cmd) {
      const task = cmd.args[0];
      if (!task) throw new TongbuError("COMMAND_BAD_ARGS", `name the task to ${name2} (/status lists them)`);
      if (cmd.args.length > 1) throw new TongbuError("COMMAND_BAD_ARGS", `one task at a time`);
      const res = await setTaskState(ctx.services, task, state, ctx.senderOpenId);
      return card(`Task ${res.name}: ${res.state}`, res.state === "RUNNING" ? "green" : "grey", [
        md(res.state === "RUNNING" ? `**${safeText(res.name)}** runs on its schedule again.` : `**${safeText(res.name)}** is stopped; scheduled runs are skipped until /start ${safeText(res.name)}.`),
        note(`changed by <at id=${ctx.senderOpenId}></at>`)
      ]);
    }
  };
}
__name(taskCommand, "taskCommand");
var stopCommand = taskCommand("stop", "STOPPED", ["\u505C\u6B62"]);
var startCommand = taskCommand("start", "RUNNING", ["\u542F\u52A8", "\u5F00\u59CB"]);

// src/chat/commands/declared.ts
function answerCard(a) {
  return card(a.title, "blue", [
    md(a.lines.join("\n") || "Nothing for this period."),
    ...a.chart && a.chart.points.length ? [trendChart({ label: a.chart.label, points: a.chart.points.map((p) => ({ day: p.label, value: p.value })) })] : [],
    ...a.note ? [note(a.note)] : []
  ]);
}
__name(answerCard, "answerCard");
async function runDeclared(ctx, name2, args) {
  const { report } = await runConnectorCommand(ctx.services, name2, { args, flags: {} });
  const api = ctx.services.feishuBot?.api;
  if (report.attachment && api) {
    const buffer = await sheetWorkbook(report.title, report.attachment.sheet);
    const fileKey = await api.uploadFile(report.attachment.fileName, buffer);
    await api.sendFile({ replyTo: ctx.messageId }, fileKey);
  }
  return reportCard(report);
}
__name(runDeclared, "runDeclared");
function wordsOf(cmd) {
  return cmd.text.replace(/^\/+\s*/, "").split(" ").filter(Boolean).slice(1);
}
__name(wordsOf, "wordsOf");
var overviewCommand = {
  name: "overview",
  aliases: ["\u603B\u89C8"],
  summary: "revenue, refunds, ad spend and ROI across platforms, in \u5143",
  usage: ["/overview [today|yesterday|7d|30d|YYYY-MM]"],
  examples: /* @__PURE__ */ __name(() => ["/overview", "/overview 7d", "\u603B\u89C8 2026-11"], "examples"),
  async run(ctx, cmd) {
    const o = await getOverview(ctx.services, cmd.args.join(" ") || void 0);
    const t = o.totals;
    const c = o.compare;
    const vs = /* @__PURE__ */ __name((now, before) => Number(before) ? `${((Number(now) - Number(before)) / Math.abs(Number(before)) * 100).toFixed(1)}%` : "\u2014", "vs");
    return card(`Overview ${o.period.from === o.period.to ? o.period.from : `${o.period.from} \u2013 ${o.period.to}`}`, "blue", [
      md(
        [
          `**Revenue** ${formatYuan(t.revenue)} \xB7 **Refunds** ${formatYuan(t.refunds)} \xB7 **Ad spend** ${formatYuan(t.adSpend)} \xB7 **ROI** ${t.roi ?? "\u2014"} \xB7 **Orders** ${t.orders}`,
          `${c.day.day}: revenue ${formatYuan(c.day.revenue)} (day before ${vs(c.day.revenue, c.dayBefore.revenue)}, last week ${vs(c.day.revenue, c.weekBefore.revenue)}), ad spend ${formatYuan(c.day.adSpend)} (day before ${vs(c.day.adSpend, c.dayBefore.adSpend)}, last week ${vs(c.day.adSpend, c.weekBefore.adSpend)})`,
          ...o.platforms.map((p) => `${safeText(p.platform)} \xB7 ${p.metric}: ${p.value}${p.missingRates.length ? ` (+ ${p.missingRates.join(", ")} without a rate)` : ""}`)
        ].join("\n")
      ),
      ...o.days.length > 1 ? [trendChart({ label: "Revenue vs ad spend (\u5143)", points: o.days.flatMap((d) => [{ day: d.day, value: Number(d.revenue), series: "revenue" }, { day: d.day, value: Number(d.adSpend), series: "ad spend" }]) })] : [],
      ...t.missingRates.length ? [note(`Not counted, no exchange rate: ${t.missingRates.join(", ")}. An admin sets one with \`tongbu fx set <CODE> <rate>\`.`)] : []
    ]);
  }
};
function declaredCommands(connectors) {
  const fromCommands = connectors.flatMap((c) => c.commands ?? []).map(
    (command) => ({
      name: command.name,
      aliases: command.aliases ?? [],
      summary: command.summary,
      usage: command.usage.filter((u) => u.startsWith("/")),
      examples: /* @__PURE__ */ __name(() => command.examples ?? [], "examples"),
      needsAdmin: /* @__PURE__ */ __name(() => command.adminOnly, "needsAdmin"),
      run: /* @__PURE__ */ __name((ctx, cmd) => runDeclared(ctx, command.name, cmd.args), "run")
    })
  );
  const fromChat = connectors.flatMap(
    (c) => (c.chatCommands ?? []).map(
      (command) => ({
        name: command.name,
        aliases: command.aliases,
        summary: command.summary,
        usage: command.usage,
        examples: /* @__PURE__ */ __name(() => command.examples, "examples"),
        async run(ctx, cmd) {
          return answerCard(await command.run(cmd.args, { pool: ctx.services.pool, now: /* @__PURE__ */ new Date() }));
        }
      })
    )
  );
  const fromOps = connectors.flatMap(
    (c) => (c.operations ?? []).map(
      (op) => ({
        name: op.name,
        aliases: op.aliases ?? [],
        summary: op.summary,
        usage: op.usage.filter((u) => u.startsWith("/")),
        examples: /* @__PURE__ */ __name(() => op.examples, "examples"),
        needsAdmin: /* @__PURE__ */ __name((cmd) => op.needsAdmin?.(wordsOf(cmd)), "needsAdmin"),
        async run(ctx, cmd) {
          const r = await runOperation(ctx.services, op.name, wordsOf(cmd), ctx.senderOpenId);
          return card(r.title, r.ok ? "blue" : "orange", [md(r.lines.join("\n") || "\u2014")]);
        }
      })
    )
  );
  const names = /* @__PURE__ */ new Set();
  for (const spec of [...fromCommands, ...fromChat, ...fromOps]) {
    if (names.has(spec.name)) throw new TongbuError("CONFIG_INVALID", `two connectors declare the chat command /${spec.name}`);
    names.add(spec.name);
  }
  return [overviewCommand, ...fromCommands, ...fromChat, ...fromOps];
}
__name(declaredCommands, "declaredCommands");

// src/chat/commands/router.ts
var helpCommand = {
  name: "help",
  aliases: ["\u5E2E\u52A9"],
  summary: "this list",
  usage: ["/help"],
  examples: /* @__PURE__ */ __name(() => ["/help", "\u5E2E\u52A9"], "examples"),
  async run(ctx) {
    return helpCard(ctx.services.connectors ?? []);
  }
};
var COMMANDS = [helpCommand, statusCommand, syncCommand, stopCommand, startCommand, dedupCommand, tokenCommand, exportCommand];
function allCommands(connectors) {
  return [...COMMANDS, ...declaredCommands(connectors)];
}
__name(allCommands, "allCommands");
function helpCard(connectors = []) {
  const lines = allCommands(connectors).map((c) => `**/${c.name}** (${c.aliases.join(" / ")}) \u2014 ${c.summary}
${c.examples(connectors).map((e) => `\`${e}\``).join("  ")}`);
  const known = connectors.map((c) => `\`${c.name}\` ${safeText(c.title)}${c.aliases?.length ? ` (${c.aliases.map(safeText).join(", ")})` : ""}`);
  return card("Tongbu commands", "blue", [
    md(lines.join("\n\n")),
    ...known.length ? [md(`**Connectors**: ${known.join(" \xB7 ")}`)] : [],
    note("In a group, @-mention me first. Stop, start, backfills, /token refresh and /dedup clean are for admins. Drop an .xlsx export into the chat to import it.")
  ]);
}
__name(helpCard, "helpCard");
function refusalCard(what) {
  return card("Sorry, admins only", "orange", [md(`Only the bot's admins may ${safeText(what)}.`), note("Ask an admin to run it, or ask to be added to FEISHU_ADMIN_OPEN_IDS.")]);
}
__name(refusalCard, "refusalCard");
async function runCommand(ctx, text) {
  const specs = allCommands(ctx.services.connectors ?? []);
  const byName = new Map(specs.map((c) => [c.name, c]));
  const aliases = { ...COMMAND_ALIASES, ...Object.fromEntries(specs.flatMap((c) => c.aliases.map((a) => [a, c.name]))) };
  const cmd = parseCommand(text, byName.keys(), aliases);
  if (!cmd) {
    await ctx.reply(helpCard(ctx.services.connectors ?? []));
    return;
  }
  const spec = byName.get(cmd.name);
  if (!spec) {
    const e = new TongbuError("COMMAND_UNKNOWN", cmd.name.slice(0, 40));
    await ctx.reply(card("Unknown command", "orange", [md(safeText(e.message)), md(`Commands: ${specs.map((c) => `/${c.name}`).join(" ")}`), note(e.action)]));
    return;
  }
  const restricted = spec.needsAdmin?.(cmd);
  if (restricted && !ctx.isAdmin) {
    ctx.log.info({ command: spec.name, user: ctx.senderOpenId }, "refused an admin-only command");
    await ctx.reply(refusalCard(restricted));
    return;
  }
  let answer;
  try {
    answer = await spec.run(ctx, cmd);
  } catch (e) {
    if (isTongbuError(e) && e.code === "COMMAND_BAD_ARGS") answer = usageCard(e.message, spec.usage);
    else {
      if (!isTongbuError(e)) ctx.log.error({ err: e, command: spec.name }, "a chat command failed");
      answer = errorCard(e);
    }
  }
  if (answer) await ctx.reply(answer);
}
__name(runCommand, "runCommand");

// src/feishu/events/dedup.ts
async function claimEvent(pool, keys) {
  const unique = [...new Set(keys.filter(Boolean))].sort();
  if (!unique.length) return true;
  const { rowCount } = await pool.query("INSERT INTO feishu_events_seen (key) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING", [unique]);
  return rowCount === unique.length;
}
__name(claimEvent, "claimEvent");
async function pruneSeenEvents(pool, days = 7) {
  const { rowCount } = await pool.query(`DELETE FROM feishu_events_seen WHERE seen_at < now() - make_interval(days => $1)`, [days]);
  return rowCount ?? 0;
}
__name(pruneSeenEvents, "pruneSeenEvents");

// src/feishu/events/long-connection.ts
import * as lark from "@larksuiteoapi/node-sdk";
function createLongConnection(opts) {
  const log = opts.log.child({ mod: "feishu-ws" });
  const logger = {
    error: /* @__PURE__ */ __name((...m) => log.error({ sdk: m }, "feishu long connection error"), "error"),
    warn: /* @__PURE__ */ __name((...m) => log.warn({ sdk: m }, "feishu long connection warning"), "warn"),
    info: /* @__PURE__ */ __name((...m) => log.info({ sdk: m }, "feishu long connection"), "info"),
    debug: /* @__PURE__ */ __name((...m) => log.debug({ sdk: m }, "feishu long connection"), "debug"),
    trace: /* @__PURE__ */ __name((...m) => log.trace({ sdk: m }, "feishu long connection"), "trace")
  };
  const dispatcher = new lark.EventDispatcher({ logger, loggerLevel: lark.LoggerLevel.warn }).register({
    // The SDK flattens schema 2.0 events exactly as flattenEvent() does for webhooks. The
    // handler must return within 3 s or Feishu pushes again, so the work is not awaited.
    "im.message.receive_v1": /* @__PURE__ */ __name(async (data) => {
      void opts.onEvent(data).catch((e) => log.error({ err: e }, "handling a Feishu event failed"));
    }, "im.message.receive_v1")
  });
  const wsClient = new lark.WSClient({ appId: opts.appId, appSecret: opts.appSecret, domain: opts.domain.replace(/\/+$/, ""), logger, loggerLevel: lark.LoggerLevel.warn });
  return {
    wsClient,
    dispatcher,
    async start() {
      await wsClient.start({ eventDispatcher: dispatcher });
    },
    close() {
      wsClient.close();
    }
  };
}
__name(createLongConnection, "createLongConnection");

// src/feishu/events/routes.ts
import * as lark3 from "@larksuiteoapi/node-sdk";

// src/feishu/events/envelope.ts
import { createHash, timingSafeEqual as timingSafeEqual3 } from "node:crypto";
import * as lark2 from "@larksuiteoapi/node-sdk";
var header = /* @__PURE__ */ __name((h, name2) => {
  const v = h[name2];
  return Array.isArray(v) ? v[0] : v;
}, "header");
function sameText(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual3(x, y);
}
__name(sameText, "sameText");
function decryptFeishu(encrypt, encryptKey) {
  return new lark2.AESCipher(encryptKey).decrypt(encrypt);
}
__name(decryptFeishu, "decryptFeishu");
function feishuSignature(timestamp, nonce, encryptKey, rawBody) {
  return createHash("sha256").update(timestamp + nonce + encryptKey + rawBody).digest("hex");
}
__name(feishuSignature, "feishuSignature");
function openEnvelope(rawBody, headers, sec, nowMs = Date.now()) {
  if (!sec.encryptKey && !sec.verificationToken) return { ok: false, status: 401, reason: "neither FEISHU_ENCRYPT_KEY nor FEISHU_VERIFICATION_TOKEN is set, so no request can be trusted" };
  let body;
  try {
    body = JSON.parse(rawBody);
    if (!body || typeof body !== "object" || Array.isArray(body)) throw new Error("not an object");
  } catch {
    return { ok: false, status: 400, reason: "the body is not a JSON object" };
  }
  let payload = body;
  let signed = false;
  if (sec.encryptKey) {
    const signature = header(headers, "x-lark-signature");
    if (signature) {
      const ts = header(headers, "x-lark-request-timestamp") ?? "";
      const nonce = header(headers, "x-lark-request-nonce") ?? "";
      const skew = Math.abs(nowMs / 1e3 - Number(ts));
      if (!/^\d+$/.test(ts) || !(skew <= (sec.maxSkewSeconds ?? 300))) return { ok: false, status: 401, reason: "the request timestamp is missing or stale" };
      if (!sameText(signature, feishuSignature(ts, nonce, sec.encryptKey, rawBody))) return { ok: false, status: 401, reason: "the signature does not match" };
      signed = true;
    }
    if (typeof body.encrypt !== "string") return { ok: false, status: 401, reason: "the body is not encrypted although FEISHU_ENCRYPT_KEY is set" };
    try {
      payload = JSON.parse(decryptFeishu(body.encrypt, sec.encryptKey));
    } catch {
      return { ok: false, status: 401, reason: "the body cannot be decrypted with FEISHU_ENCRYPT_KEY" };
    }
  } else if ("encrypt" in body) {
    return { ok: false, status: 401, reason: "the body is encrypted but FEISHU_ENCRYPT_KEY is not set" };
  }
  if (sec.verificationToken) {
    const head = payload.header;
    const token = String(head?.token ?? payload.token ?? "");
    if (!sameText(token, sec.verificationToken)) return { ok: false, status: 401, reason: "the verification token does not match" };
  }
  if (sec.encryptKey && !signed && payload.type !== "url_verification") return { ok: false, status: 401, reason: "the request is not signed" };
  return { ok: true, payload, signed };
}
__name(openEnvelope, "openEnvelope");
function flattenEvent(payload) {
  if (payload.schema !== "2.0" || !payload.header) return void 0;
  return { schema: "2.0", ...payload.header, ...payload.event ?? {} };
}
__name(flattenEvent, "flattenEvent");

// src/feishu/events/routes.ts
async function feishuEventRoutes(app, opts) {
  const log = opts.log.child({ mod: "feishu-events" });
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => done(null, body));
  const open = /* @__PURE__ */ __name((raw, headers, route) => {
    const opened = openEnvelope(typeof raw === "string" ? raw : "", headers, opts.security);
    if (!opened.ok) log.warn({ route, reason: opened.reason }, `rejected a Feishu request: ${opened.reason}`);
    return opened;
  }, "open");
  app.post("/feishu/events", async (req, reply) => {
    const opened = open(req.body, req.headers, "events");
    if (!opened.ok) return reply.code(opened.status).send({ error: { code: "FEISHU_EVENT_REJECTED", message: opened.reason } });
    if (opened.payload.type === "url_verification") {
      const { challenge } = lark3.generateChallenge(opened.payload, { encryptKey: opts.security.encryptKey ?? "" });
      return reply.send(challenge);
    }
    const event = flattenEvent(opened.payload);
    if (!event) {
      log.warn({ type: opened.payload.type }, "ignored a Feishu event that is not schema 2.0 (turn on the 2.0 event format)");
      return reply.send({});
    }
    reply.send({});
    setImmediate(() => {
      opts.onEvent(event).catch((e) => log.error({ err: e, eventType: event.event_type, eventId: event.event_id }, "handling a Feishu event failed"));
    });
    return reply;
  });
  app.post("/feishu/cards", async (req, reply) => {
    const opened = open(req.body, req.headers, "cards");
    if (!opened.ok) return reply.code(opened.status).send({ error: { code: "FEISHU_EVENT_REJECTED", message: opened.reason } });
    if (opened.payload.type === "url_verification") {
      return reply.send(lark3.generateChallenge(opened.payload, { encryptKey: opts.security.encryptKey ?? "" }).challenge);
    }
    const event = flattenEvent(opened.payload);
    if (!event || event.event_type !== "card.action.trigger") return reply.send({});
    const timeout = new Promise(
      (resolve) => setTimeout(() => resolve({ toast: { type: "info", content: "Working on it\u2026" } }), opts.cardTimeoutMs ?? 2500).unref()
    );
    const answer = await Promise.race([
      opts.onCardAction(event).catch((e) => {
        log.error({ err: e }, "handling a card callback failed");
        return { toast: { type: "error", content: "That did not work; the logs have the details." } };
      }),
      timeout
    ]);
    return reply.send(answer);
  });
}
__name(feishuEventRoutes, "feishuEventRoutes");

// src/chat/intake.ts
function messageText(type, content) {
  try {
    const c = JSON.parse(content);
    if (type === "text") return c.text ?? "";
    if (type === "post") return [c.title ?? "", ...(c.content ?? []).flat().map((el) => el.tag === "text" || el.tag === "a" ? el.text ?? "" : el.tag === "at" ? " @_user_0 " : "")].join(" ");
  } catch {
    return void 0;
  }
  return void 0;
}
__name(messageText, "messageText");
function createIntake(deps) {
  const { config } = deps.services;
  const allowed = new Set(config.FEISHU_ALLOWED_CHAT_IDS);
  const admins = new Set(config.FEISHU_ADMIN_OPEN_IDS);
  const loggedChats = /* @__PURE__ */ new Set();
  async function addressedToBot(ev) {
    if (ev.message.chat_type === "p2p") return true;
    const mentions = ev.message.mentions ?? [];
    if (!mentions.length) return false;
    const botId = await deps.botOpenId();
    if (botId) return mentions.some((m) => m.id?.open_id === botId);
    const name2 = config.FEISHU_BOT_NAME;
    return name2 ? mentions.some((m) => m.name === name2) : true;
  }
  __name(addressedToBot, "addressedToBot");
  function context(ev) {
    const m = ev.message;
    const sender = ev.sender?.sender_id?.open_id ?? "";
    return {
      services: deps.services,
      log: deps.log,
      chatId: m.chat_id,
      chatType: m.chat_type,
      messageId: m.message_id,
      senderOpenId: sender,
      isAdmin: admins.has(sender),
      counter: deps.counter,
      reply: /* @__PURE__ */ __name((c) => deps.api.replyCard(m.message_id, c, { chatId: m.chat_id }), "reply"),
      update: /* @__PURE__ */ __name((id, c) => deps.api.updateCard(id, c), "update"),
      watchRun: deps.watchRun
    };
  }
  __name(context, "context");
  async function handleFile(ctx, content) {
    const { file_key: fileKey = "", file_name: fileName = "" } = JSON.parse(content);
    if (!/\.(xlsx?|xlsm|csv)$/i.test(fileName)) {
      if (ctx.chatType === "p2p") await ctx.reply(card("Not an Excel file", "orange", [md(`I import Excel exports (.xlsx or .csv); **${safeText(fileName)}** is not one.`)]));
      return;
    }
    const handler = deps.fileHandler();
    if (!handler) {
      await ctx.reply(card("Excel import is not available yet", "grey", [md(`I got **${safeText(fileName)}**, but Excel import is not available yet; nothing was imported.`), note("It arrives in a later version.")]));
      return;
    }
    let answer;
    try {
      answer = await handler({ messageId: ctx.messageId, fileKey, fileName, chatId: ctx.chatId, senderOpenId: ctx.senderOpenId, isAdmin: ctx.isAdmin });
    } catch (e) {
      deps.log.error({ err: e, fileName }, "importing a file from chat failed");
      answer = errorCard(e, `Could not import ${fileName}`);
    }
    await ctx.reply(answer);
  }
  __name(handleFile, "handleFile");
  return /* @__PURE__ */ __name(async function handleEvent(event) {
    if (event.event_type !== "im.message.receive_v1") {
      deps.log.debug({ eventType: event.event_type }, "ignored a Feishu event type the bot does not handle");
      return;
    }
    const ev = event;
    const m = ev.message;
    if (!m?.message_id || !m.chat_id) return;
    if (ev.sender?.sender_type && ev.sender.sender_type !== "user") return;
    if (allowed.size && !allowed.has(m.chat_id)) {
      if (!loggedChats.has(m.chat_id)) {
        loggedChats.add(m.chat_id);
        deps.log.warn({ chatId: m.chat_id }, "ignoring messages from a chat not in FEISHU_ALLOWED_CHAT_IDS (logged once per chat)");
      }
      return;
    }
    const isFile = m.message_type === "file";
    const text = messageText(m.message_type, m.content);
    if (!isFile && text === void 0 && m.chat_type !== "p2p") return;
    if (!isFile && !await addressedToBot(ev)) return;
    if (!await claimEvent(deps.services.pool, [`event:${ev.event_id ?? ""}`, `message:${m.message_id}`])) {
      deps.log.debug({ eventId: ev.event_id, messageId: m.message_id }, "duplicate Feishu event ignored");
      return;
    }
    const ctx = context(ev);
    if (isFile) return handleFile(ctx, m.content);
    if (text === void 0) {
      await ctx.reply(card("I read text commands", "grey", [md("Send /help to see what I can do, or drop an .xlsx export to import it.")]));
      return;
    }
    await runCommand(ctx, text);
  }, "handleEvent");
}
__name(createIntake, "createIntake");

// src/chat/bot.ts
async function createFeishuBot(services, opts = {}) {
  const { config } = services;
  const log = services.log.child({ mod: "feishu" });
  let sandbox;
  let appId = config.FEISHU_APP_ID;
  let appSecret = config.FEISHU_APP_SECRET;
  let domain = config.FEISHU_DOMAIN;
  let security = { verificationToken: config.FEISHU_VERIFICATION_TOKEN, encryptKey: config.FEISHU_ENCRYPT_KEY };
  if (appId) {
    if (!appSecret) throw new TongbuError("CONFIG_INVALID", "FEISHU_APP_SECRET is empty while FEISHU_APP_ID is set");
    if (config.FEISHU_EVENT_MODE === "webhook" && !security.verificationToken && !security.encryptKey) {
      throw new TongbuError("CONFIG_INVALID", "FEISHU_EVENT_MODE=webhook needs FEISHU_VERIFICATION_TOKEN (and ideally FEISHU_ENCRYPT_KEY) to tell real Feishu events from forged ones");
    }
  } else {
    if (config.SANDBOX === "off") {
      log.info("Feishu bot disabled: FEISHU_APP_ID is empty and SANDBOX=off");
      return void 0;
    }
    const { createFeishuSandbox } = await import("./sandbox-PAK5OGTD.js");
    const { registerBitableEmulator } = await import("./bitable-FEUTKRQM.js");
    sandbox = createFeishuSandbox({ botName: config.FEISHU_BOT_NAME ?? "Tongbu (sandbox)" });
    sandbox.im.addChat(SANDBOX_GROUP_CHAT, { name: "Sandbox group", type: "group" });
    registerBitableEmulator(sandbox.emulator, { apps: [config.BITABLE_APP_TOKEN ?? SANDBOX_BITABLE_APP] });
    sandbox.im.addChat("oc_sandbox_p2p", { name: "Sandbox one-to-one", type: "p2p" });
    const port = opts.sandboxPort ?? config.SANDBOX_PORT;
    await sandbox.emulator.listen(port).catch(async (e) => {
      if (e.code !== "EADDRINUSE" || port === 0) throw e;
      return sandbox?.emulator.listen(0);
    });
    appId = sandbox.emulator.appId;
    appSecret = sandbox.emulator.appSecret;
    domain = sandbox.emulator.baseUrl;
    security = { verificationToken: sandbox.verificationToken, encryptKey: sandbox.encryptKey };
  }
  const counter = new FeishuCallCounter(services.pool, log);
  services.statusContributors = [...services.statusContributors ?? [], feishuCallsSection(counter)];
  const api = new FeishuApi(createLarkClient({ appId, appSecret, domain, log }), {
    log,
    metrics: services.metrics,
    counter,
    maxAttempts: opts.apiRetry?.maxAttempts,
    baseDelayMs: opts.apiRetry?.baseDelayMs
  });
  let botId;
  const botOpenId = /* @__PURE__ */ __name(() => botId ??= api.botInfo().then(
    (b) => b.openId || void 0,
    (e) => {
      log.warn({ err: e }, "could not read the bot identity (bot/v3/info); any @-mention in a group counts as one for the bot");
      botId = void 0;
      return void 0;
    }
  ), "botOpenId");
  const watcher = createRunWatcher({ services, log, update: /* @__PURE__ */ __name((id, c) => api.updateCard(id, c), "update") }, { everyMs: opts.syncPollMs ?? 2e3, maxMs: opts.syncWatchMaxMs ?? 6 * 36e5 });
  let fileHandler;
  const handleEvent = createIntake({ services, api, log, counter, botOpenId, fileHandler: /* @__PURE__ */ __name(() => fileHandler, "fileHandler"), watchRun: /* @__PURE__ */ __name((keys, id, label) => watcher.watch(keys, id, label), "watchRun") });
  const onCardAction = /* @__PURE__ */ __name(async (ev) => {
    if (!await claimEvent(services.pool, [`event:${ev.event_id ?? ""}`])) return { toast: { type: "info", content: "Already done." } };
    const action = String(ev.action?.value?.action ?? "");
    if (action === "help") return { toast: { type: "success", content: "Here are the commands" }, card: { type: "raw", data: helpCard(services.connectors ?? []) } };
    if (action === "retry") return retry(ev);
    return { toast: { type: "warning", content: "This button is no longer active." } };
  }, "onCardAction");
  const retry = /* @__PURE__ */ __name(async (ev) => {
    const v = ev.action?.value ?? {};
    const who = ev.operator?.open_id ?? "";
    if (!config.FEISHU_ADMIN_OPEN_IDS.includes(who)) return { toast: { type: "warning", content: "Sorry, only admins can queue a sync again." } };
    try {
      const range = v.from ? `${String(v.from)}..${String(v.to ?? v.from)}` : void 0;
      const queued = await requestSync(services, { connector: String(v.connector ?? ""), account: v.account ? String(v.account) : void 0, range, trigger: "retry", requestedBy: who });
      const chatId = ev.context?.open_chat_id;
      if (chatId && !queued.alreadyRunning) {
        const window = queued.from === queued.to ? queued.from : `${queued.from}..${queued.to}`;
        const cardId = await api.sendCard(chatId, progressCard(queued.title, window, void 0));
        watcher.watch(queued.runKeys, cardId, `${queued.title}|${window}`);
      }
      return { toast: { type: "success", content: queued.alreadyRunning ? "That sync is already running." : `Queued again: ${queued.title} ${queued.from} \u2192 ${queued.to}` } };
    } catch (e) {
      return { toast: { type: "error", content: describeError(e).message.slice(0, 200) } };
    }
  }, "retry");
  let ws;
  const prune = /* @__PURE__ */ __name(() => void pruneSeenEvents(services.pool, 7).catch((e) => log.warn({ err: e }, "could not prune feishu_events_seen")), "prune");
  let pruneTimer;
  const bot = {
    mode: sandbox ? "sandbox" : "live",
    api,
    counter,
    security,
    sandbox,
    async routes(app) {
      await app.register(feishuEventRoutes, { security, log, onEvent: handleEvent, onCardAction });
    },
    handleEvent,
    onFile(handler) {
      fileHandler = handler;
    },
    async start(serviceUrl) {
      prune();
      pruneTimer = setInterval(prune, 864e5);
      pruneTimer.unref();
      const base = serviceUrl.replace(/\/+$/, "").replace("://0.0.0.0", "://127.0.0.1").replace("://[::]", "://127.0.0.1");
      if (sandbox) {
        sandbox.connect({ eventsUrl: `${base}/feishu/events`, cardsUrl: `${base}/feishu/cards` });
        log.info({ url: `${base}/sandbox` }, `Feishu sandbox: no FEISHU_APP_ID, so the bot talks to the built-in emulator; see and talk to it at ${base}/sandbox`);
        return;
      }
      if (config.FEISHU_EVENT_MODE === "ws") {
        ws = createLongConnection({ appId, appSecret, domain, log, onEvent: handleEvent });
        await ws.start();
        log.info("Feishu events: long connection (FEISHU_EVENT_MODE=ws)");
      } else log.info({ events: `${base}/feishu/events`, cards: `${base}/feishu/cards` }, "Feishu events: webhook; set these URLs in the app (\u4E8B\u4EF6\u4E0E\u56DE\u8C03)");
    },
    async close() {
      if (pruneTimer) clearInterval(pruneTimer);
      watcher.close();
      ws?.close();
      await counter.close();
      await sandbox?.emulator.close();
    }
  };
  return bot;
}
__name(createFeishuBot, "createFeishuBot");

// src/mirror/alert-once.ts
function createMirrorAlerts(notifier, log) {
  const alerting = /* @__PURE__ */ new Set();
  return {
    async alert(key, title, e, extra) {
      if (alerting.has(key)) return;
      alerting.add(key);
      const d = describeError(e);
      log.error({ key, err: d }, title);
      await notifier()?.alert({ key, title, message: extra ? `${d.message} ${extra}` : d.message, action: d.action }).catch(() => void 0);
    },
    async recover(key, message2) {
      if (!alerting.delete(key)) return;
      await notifier()?.recover(key, message2).catch(() => void 0);
    }
  };
}
__name(createMirrorAlerts, "createMirrorAlerts");

// src/mirror/outbox-retry.ts
var message = /* @__PURE__ */ __name((e) => (e instanceof Error ? e.message : String(e)).slice(0, 500), "message");
async function markFailed(pool, items, e, firstBackoffMs) {
  await pool.query(
    `UPDATE bitable_outbox SET attempts = attempts + 1, last_error = $2,
       next_attempt_at = now() + least(600000, $3::float8 * power(2, attempts)) * interval '1 millisecond'
     WHERE id = ANY($1::bigint[])`,
    [items.map((i) => i.id), message(e), firstBackoffMs]
  );
}
__name(markFailed, "markFailed");
async function park(pool, items, e, minutes) {
  await pool.query(
    `UPDATE bitable_outbox SET attempts = attempts + 1, parked = true, last_error = $2,
       next_attempt_at = now() + $3::int * interval '1 minute' WHERE id = ANY($1::bigint[])`,
    [items.map((i) => i.id), message(e), minutes]
  );
}
__name(park, "park");
async function parkedCount(pool, mapping) {
  const res = await pool.query("SELECT count(*)::int AS n FROM bitable_outbox WHERE mapping = $1 AND parked", [mapping]);
  return res.rows[0]?.n ?? 0;
}
__name(parkedCount, "parkedCount");
async function failingEntries(pool, mapping, attempts) {
  const res = await pool.query(
    `SELECT count(*)::int AS n, max(last_error) AS last_error FROM bitable_outbox WHERE mapping = $1 AND attempts >= $2 AND NOT parked`,
    [mapping, attempts]
  );
  return { n: res.rows[0]?.n ?? 0, lastError: res.rows[0]?.last_error ?? null };
}
__name(failingEntries, "failingEntries");

// src/mirror/record-map.ts
async function removeDone(db, items) {
  await db.query(`DELETE FROM bitable_outbox o USING unnest($1::bigint[], $2::int[]) AS x(id, version) WHERE o.id = x.id AND o.version = x.version`, [
    items.map((i) => i.id),
    items.map((i) => i.version)
  ]);
}
__name(removeDone, "removeDone");
async function saveCreated(pool, mapping, tableId, items, ids, clientToken) {
  await inTransaction(pool, async (c) => {
    await c.query(
      `INSERT INTO bitable_records (mapping, record_key, table_id, record_id, fields_hash)
       SELECT $1, k, $2, r, h FROM unnest($3::text[], $4::text[], $5::text[]) AS x(k, r, h)
       ON CONFLICT (mapping, record_key) DO UPDATE SET table_id = EXCLUDED.table_id, record_id = EXCLUDED.record_id,
         fields_hash = EXCLUDED.fields_hash, updated_at = now()`,
      [mapping, tableId, items.map((i) => i.key), ids, items.map((i) => i.hash ?? "")]
    );
    await removeDone(c, items);
    await c.query("DELETE FROM bitable_batches WHERE client_token = $1", [clientToken]);
  });
}
__name(saveCreated, "saveCreated");
async function saveUpdated(pool, mapping, items) {
  await inTransaction(pool, async (c) => {
    await c.query(
      `UPDATE bitable_records b SET fields_hash = x.h, updated_at = now() FROM unnest($2::text[], $3::text[]) AS x(k, h)
       WHERE b.mapping = $1 AND b.record_key = x.k`,
      [mapping, items.map((i) => i.key), items.map((i) => i.hash ?? "")]
    );
    await removeDone(c, items);
  });
}
__name(saveUpdated, "saveUpdated");
async function saveDeleted(pool, mapping, items) {
  await inTransaction(pool, async (c) => {
    await forgetRecords(c, mapping, items.map((i) => i.key));
    await removeDone(c, items);
  });
}
__name(saveDeleted, "saveDeleted");
async function forgetRecords(db, mapping, keys) {
  await db.query("DELETE FROM bitable_records WHERE mapping = $1 AND record_key = ANY($2::text[])", [mapping, keys]);
}
__name(forgetRecords, "forgetRecords");

// src/mirror/saved-batches.ts
import { randomUUID } from "node:crypto";
function chunk(list, size) {
  const out = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
__name(chunk, "chunk");
function createBatches(items, size) {
  return chunk(items, size).map((part) => ({ items: part, token: randomUUID(), records: part.map((i) => ({ fields: i.fields })) }));
}
__name(createBatches, "createBatches");
async function saveBatch(pool, mapping, tableId, b) {
  await pool.query(`INSERT INTO bitable_batches (client_token, mapping, table_id, items, records) VALUES ($1, $2, $3, $4, $5)`, [
    b.token,
    mapping,
    tableId,
    JSON.stringify(b.items.map(({ id, version, key, hash }) => ({ id, version, key, hash }))),
    JSON.stringify(b.records)
  ]);
}
__name(saveBatch, "saveBatch");
async function dropBatches(pool, tokens) {
  if (tokens.length) await pool.query("DELETE FROM bitable_batches WHERE client_token = ANY($1::text[])", [tokens]);
}
__name(dropBatches, "dropBatches");
async function savedBatches(pool, mapping) {
  const res = await pool.query(
    "SELECT client_token, table_id, items, records FROM bitable_batches WHERE mapping = $1 ORDER BY created_at, client_token",
    [mapping]
  );
  return res.rows.map((b) => ({ token: b.client_token, tableId: b.table_id, items: b.items, records: JSON.parse(b.records) }));
}
__name(savedBatches, "savedBatches");

// src/mirror/batch-writes.ts
var isCode = /* @__PURE__ */ __name((e, code) => e instanceof BitableApiError && e.code === code, "isCode");
async function failed(pass, items, e, call) {
  if (isCode(e, 1254041)) pass.forgetTarget();
  await markFailed(pass.pool, items, e, pass.failureBackoffMs);
  pass.report.failed += items.length;
  pass.log.warn({ mapping: pass.m.name, err: describeError(e) }, `Bitable ${call} failed; rows stay queued`);
}
__name(failed, "failed");
async function parkNew(pass, items, e) {
  await park(pass.pool, items, e, pass.parkMinutes);
  pass.report.parked += items.length;
}
__name(parkNew, "parkNew");
async function onTableFull(pass, items, e) {
  pass.tableFull = true;
  await parkNew(pass, items, e);
  const waiting = await parkedCount(pass.pool, pass.m.name);
  await pass.alerts.alert(
    `bitable-table-full:${pass.m.name}`,
    `Bitable mirror of ${pass.m.source}`,
    new TongbuError("BITABLE_TABLE_FULL", `${pass.m.table}`),
    `${waiting || items.length} new rows are waiting.`
  );
}
__name(onTableFull, "onTableFull");
async function writeCreate(pass, b) {
  const { pool, api, m, r } = pass;
  if (pass.tableFull) return parkNew(pass, b.items, new TongbuError("BITABLE_TABLE_FULL", m.table));
  await saveBatch(pool, m.name, r.target.tableId, b);
  if (!await pass.holdsLock()) throw new TongbuError("BITABLE_LOCK_LOST", r.target.appToken);
  const n2 = pass.nextBatchNo();
  pass.crashPoint("beforeCall", n2);
  let ids;
  try {
    ids = await api.batchCreate(r.target.appToken, r.target.tableId, b.records, b.token);
  } catch (e) {
    stopOnQuota(e);
    if (isCode(e, 1254103)) {
      await dropBatches(pool, [b.token]);
      return onTableFull(pass, b.items, e);
    }
    if (!(e instanceof BitableApiError && e.transient)) await dropBatches(pool, [b.token]);
    return failed(pass, b.items, e, "batch_create");
  }
  pass.crashPoint("afterCall", n2);
  await saveCreated(pool, m.name, r.target.tableId, b.items, ids, b.token);
  pass.report.created += b.items.length;
  pass.crashPoint("afterSave", n2);
  await pass.alerts.recover(`bitable-table-full:${m.name}`, `Bitable table ${m.table} accepts new records again.`);
}
__name(writeCreate, "writeCreate");
async function writeUpdate(pass, items) {
  const { pool, api, m, r } = pass;
  const n2 = pass.nextBatchNo();
  pass.crashPoint("beforeCall", n2);
  try {
    await api.batchUpdate(r.target.appToken, r.target.tableId, items.map((i) => ({ record_id: i.recordId, fields: i.fields })));
  } catch (e) {
    stopOnQuota(e);
    if (!isCode(e, 1254043)) return failed(pass, items, e, "batch_update");
    const gone = [];
    const done = [];
    for (const i of items) {
      try {
        await api.updateRecord(r.target.appToken, r.target.tableId, i.recordId, i.fields);
        done.push(i);
      } catch (e2) {
        stopOnQuota(e2);
        if (isCode(e2, 1254043)) gone.push(i);
        else throw e2;
      }
    }
    if (gone.length) await forgetRecords(pool, m.name, gone.map((i) => i.key));
    if (done.length) await saveUpdated(pool, m.name, done);
    pass.report.updated += done.length;
    return;
  }
  pass.crashPoint("afterCall", n2);
  await saveUpdated(pool, m.name, items);
  pass.report.updated += items.length;
  pass.crashPoint("afterSave", n2);
}
__name(writeUpdate, "writeUpdate");
async function writeDelete(pass, items) {
  const { pool, api, m, r } = pass;
  const n2 = pass.nextBatchNo();
  pass.crashPoint("beforeCall", n2);
  try {
    await api.batchDelete(r.target.appToken, r.target.tableId, items.map((i) => i.recordId));
  } catch (e) {
    stopOnQuota(e);
    if (!isCode(e, 1254043)) return failed(pass, items, e, "batch_delete");
    for (const i of items) {
      try {
        await api.deleteRecord(r.target.appToken, r.target.tableId, i.recordId);
      } catch (e2) {
        stopOnQuota(e2);
        if (!isCode(e2, 1254043)) throw e2;
      }
    }
  }
  pass.crashPoint("afterCall", n2);
  await saveDeleted(pool, m.name, items);
  pass.report.deleted += items.length;
  pass.crashPoint("afterSave", n2);
}
__name(writeDelete, "writeDelete");
async function replaySaved(pass) {
  const { pool, api, m, r } = pass;
  for (const b of await savedBatches(pool, m.name)) {
    if (b.tableId !== r.target.tableId) {
      await dropBatches(pool, [b.token]);
      continue;
    }
    let ids;
    try {
      ids = await api.batchCreate(r.target.appToken, b.tableId, b.records, b.token);
    } catch (e) {
      stopOnQuota(e);
      if (e instanceof BitableApiError && e.transient) return false;
      await dropBatches(pool, [b.token]);
      if (isCode(e, 1254041)) pass.forgetTarget();
      if (isCode(e, 1254103)) await onTableFull(pass, b.items, e);
      else await markFailed(pool, b.items, e, pass.failureBackoffMs);
      continue;
    }
    await saveCreated(pool, m.name, b.tableId, b.items, ids, b.token);
    pass.report.replayed += 1;
  }
  return true;
}
__name(replaySaved, "replaySaved");

// src/mirror/drain-plan.ts
async function prepareMapping(pool, api, appToken, m, tz) {
  const info = await describeSource(pool, m);
  const target = await ensureTarget(api, appToken, m, info);
  const keyJoin = m.key.map((c) => `t.${q(c)} = k.${q(c)}`).join(" AND ");
  const selectSql = `SELECT o.id, o.version, o.record_key, o.attempts, r.record_id, r.fields_hash,
      (t.${q(m.key[0])} IS NOT NULL) AS present, ${fieldSelectSql(m, info, tz, "t")}
    FROM (SELECT * FROM bitable_outbox WHERE mapping = $1 AND id > $3 AND next_attempt_at <= now() ORDER BY id LIMIT $4) o
    CROSS JOIN LATERAL jsonb_populate_record(null::${q(m.source)}, o.keys) k
    -- LATERAL \u2026 LIMIT 1: one primary-key lookup per entry whatever the table statistics say
    -- (fresh tables without ANALYZE otherwise get a nested loop over all mapped records).
    LEFT JOIN LATERAL (SELECT * FROM ${q(m.source)} t WHERE ${keyJoin} LIMIT 1) t ON true
    LEFT JOIN LATERAL (SELECT r.record_id, r.fields_hash FROM bitable_records r
      WHERE r.mapping = o.mapping AND r.record_key = o.record_key AND r.table_id = $2 LIMIT 1) r ON true
    ORDER BY o.id`;
  return { target, info, selectSql };
}
__name(prepareMapping, "prepareMapping");
async function planChunk(pool, m, r, cursor, limit) {
  const res = await pool.query(r.selectSql, [m.name, r.target.tableId, cursor, limit]);
  const p = { maxId: cursor, count: res.rows.length, creates: [], updates: [], deletes: [], unchanged: 0 };
  const unchanged = [];
  for (const row of res.rows) {
    const item = { id: Number(row.id), version: Number(row.version), key: String(row.record_key), attempts: Number(row.attempts), recordId: row.record_id ?? void 0 };
    p.maxId = Math.max(p.maxId, item.id);
    if (!row.present) {
      if (item.recordId) p.deletes.push(item);
      else unchanged.push(item);
      continue;
    }
    item.fields = rowToFields(m, row, item.key);
    item.hash = fieldsHash(item.fields);
    if (!item.recordId) p.creates.push(item);
    else if (item.hash !== row.fields_hash) p.updates.push(item);
    else unchanged.push(item);
  }
  if (unchanged.length) await removeDone(pool, unchanged);
  p.unchanged = unchanged.length;
  return p;
}
__name(planChunk, "planChunk");

// src/mirror/drain-report.ts
var emptyReport = /* @__PURE__ */ __name(() => ({ created: 0, updated: 0, deleted: 0, unchanged: 0, replayed: 0, failed: 0, parked: 0, locked: false, skipped: [] }), "emptyReport");
var SimulatedCrash = class extends Error {
  static {
    __name(this, "SimulatedCrash");
  }
  constructor(at, batch) {
    super(`simulated crash ${at} of batch ${batch}`);
    this.name = "SimulatedCrash";
  }
};

// src/mirror/write-pipeline.ts
var CALM_STARTS_TO_WIDEN = 2;
var CLOSE_CONFLICT_STARTS = 10;
var WritePipeline = class {
  constructor(maxInFlight, slotMs, conflictsSeen = 0) {
    this.maxInFlight = maxInFlight;
    this.slotMs = slotMs;
    this.conflictsSeen = conflictsSeen;
  }
  maxInFlight;
  slotMs;
  conflictsSeen;
  static {
    __name(this, "WritePipeline");
  }
  running = /* @__PURE__ */ new Set();
  failure;
  /** Calls allowed in flight now. */
  limit = 1;
  /** Calls started since the last conflict or widening. */
  calm = 0;
  /** Recent task duration (ms, moving average). */
  taskMs = 0;
  calmNeeded = CALM_STARTS_TO_WIDEN;
  /** Calls started since the last conflict. */
  sinceConflict = CLOSE_CONFLICT_STARTS;
  get inFlight() {
    return this.running.size;
  }
  get allowed() {
    return this.limit;
  }
  /**
   * Adapt before a start, given the platform's count of 1254291 so far: a conflict within
   * CLOSE_CONFLICT_STARTS of the previous one halves the calls in flight and doubles the calm
   * starts needed to widen; after that many starts without one, one more is allowed when the
   * calls take longer than the slots of those in flight, less half a slot.
   */
  adapt(conflicts) {
    this.sinceConflict += 1;
    if (conflicts > this.conflictsSeen) {
      this.conflictsSeen = conflicts;
      const close = this.sinceConflict < CLOSE_CONFLICT_STARTS;
      this.sinceConflict = 0;
      if (!close) return;
      this.limit = Math.max(1, Math.floor(this.limit / 2));
      this.calm = 0;
      this.calmNeeded *= 2;
    } else if (++this.calm >= this.calmNeeded && this.limit < this.maxInFlight && this.taskMs > this.slotMs * (this.limit - 0.5)) {
      this.limit += 1;
      this.calm = 0;
    }
  }
  /** Start `task` as soon as fewer than the allowed calls run; resolves once it started. */
  async start(task) {
    while (this.running.size >= this.limit && !this.failure) await Promise.race(this.running);
    if (this.failure) throw this.failure.error;
    const t0 = performance.now();
    const run = task().then(() => {
      const ms = performance.now() - t0;
      this.taskMs = this.taskMs ? 0.7 * this.taskMs + 0.3 * ms : ms;
    }).catch((error) => {
      this.failure ??= { error };
    }).finally(() => this.running.delete(run));
    this.running.add(run);
  }
  /** Wait for every task; throws the first failure. */
  async settle() {
    while (this.running.size) await Promise.allSettled([...this.running]);
    if (this.failure) throw this.failure.error;
  }
};

// src/mirror/writer.ts
function interrupted(e) {
  return isConnectionLost(e) || e instanceof TongbuError && e.code === "BITABLE_LOCK_LOST";
}
__name(interrupted, "interrupted");
function startMirrorWriter(services, client, opts = {}) {
  const { config, pool, log } = services;
  const mappings = mappingsOf(services, opts).filter((m) => m.enabled);
  const api = createBitableApi(services, { client, countCall: opts.countCall, api: opts.api });
  const batchSize = Math.min(500, opts.batchSize ?? config.BITABLE_BATCH_SIZE);
  const alertAfter = opts.alertAfterAttempts ?? config.BITABLE_ALERT_AFTER_ATTEMPTS;
  const parkMinutes = opts.parkMinutes ?? config.BITABLE_PARK_MINUTES;
  const failureBackoffMs = opts.failureBackoffMs ?? 1e3;
  const chunkSize = opts.chunkSize ?? 5e3;
  const maxInFlight = opts.maxInFlight ?? 8;
  const tz = config.TZ_BUSINESS;
  const ready = /* @__PURE__ */ new Map();
  const alerts = createMirrorAlerts(() => services.notifier, log);
  const quota = new QuotaPause(opts.now ?? (() => /* @__PURE__ */ new Date()));
  let batchNo = 0;
  const byBase = /* @__PURE__ */ new Map();
  for (const m of mappings) {
    const base = baseOf(m, config);
    if (base) byBase.set(base, [...byBase.get(base) ?? [], m]);
  }
  let crashed = false;
  function crashPoint(at, n2) {
    if (!opts.crash) return;
    if (crashed || opts.crash.at === at && (opts.crash.onBatch ?? 1) === n2) {
      crashed = true;
      throw new SimulatedCrash(at, n2);
    }
  }
  __name(crashPoint, "crashPoint");
  async function prepare(appToken, m) {
    const cached = ready.get(m.name);
    if (cached) return cached;
    const r = await prepareMapping(pool, api, appToken, m, tz);
    ready.set(m.name, r);
    return r;
  }
  __name(prepare, "prepare");
  async function execute(pass, pipeline, p) {
    const start = /* @__PURE__ */ __name(async (call) => {
      pipeline.adapt(api.conflicts);
      await pipeline.start(call);
    }, "start");
    for (const b of createBatches(p.creates, batchSize)) await start(() => writeCreate(pass, b));
    for (const items of chunk(p.updates, batchSize)) await start(() => writeUpdate(pass, items));
    for (const items of chunk(p.deletes, batchSize)) await start(() => writeDelete(pass, items));
  }
  __name(execute, "execute");
  async function checkFailing(m) {
    const { n: n2, lastError } = await failingEntries(pool, m.name, alertAfter);
    const key = `bitable-failing:${m.name}`;
    if (n2 > 0) {
      await alerts.alert(key, `Bitable mirror of ${m.source}`, new TongbuError("BITABLE_API_FAILED", `${n2} rows failed ${alertAfter} times or more; last error: ${lastError ?? "unknown"}`));
    } else {
      await alerts.recover(key, `Bitable mirror of ${m.source} is writing again.`);
    }
  }
  __name(checkFailing, "checkFailing");
  async function drainMapping(appToken, lock, m, report) {
    let r;
    try {
      r = await prepare(appToken, m);
      await alerts.recover(`bitable-setup:${m.name}`, `Bitable table ${m.table} is ready.`);
    } catch (e) {
      stopOnQuota(e);
      if (e instanceof BitableApiError && e.transient || e instanceof TongbuError && e.code === "BITABLE_SOURCE_MISSING") {
        report.skipped.push({ mapping: m.name, reason: e.message });
        return;
      }
      const err = e instanceof BitableApiError ? new TongbuError("BITABLE_API_FAILED", e.message) : e;
      report.skipped.push({ mapping: m.name, reason: describeError(err).message });
      await alerts.alert(`bitable-setup:${m.name}`, `Bitable mirror of ${m.source}`, err);
      return;
    }
    const pass = {
      pool,
      api,
      log,
      alerts,
      m,
      r,
      report,
      parkMinutes,
      failureBackoffMs,
      tableFull: false,
      holdsLock: /* @__PURE__ */ __name(() => lock.held(), "holdsLock"),
      crashPoint,
      nextBatchNo: /* @__PURE__ */ __name(() => ++batchNo, "nextBatchNo"),
      forgetTarget: /* @__PURE__ */ __name(() => ready.delete(m.name), "forgetTarget")
    };
    if (!await replaySaved(pass)) {
      report.skipped.push({ mapping: m.name, reason: "replay of a saved batch failed; retrying next pass" });
      return;
    }
    const pipeline = new WritePipeline(maxInFlight, 1e3 * 1.02 / config.BITABLE_WRITES_PER_SECOND, api.conflicts);
    let cursor = 0;
    let limit = Math.min(chunkSize, 2 * batchSize);
    let next = planChunk(pool, m, r, cursor, limit);
    try {
      for (; ; ) {
        const p = await next;
        report.unchanged += p.unchanged;
        if (!p.count) break;
        cursor = p.maxId;
        limit = Math.min(chunkSize, limit * 2);
        next = planChunk(pool, m, r, cursor, limit);
        next.catch(() => void 0);
        await execute(pass, pipeline, p);
      }
    } catch (e) {
      await next.catch(() => void 0);
      await pipeline.settle().catch(() => void 0);
      throw e;
    }
    await pipeline.settle();
    await checkFailing(m);
  }
  __name(drainMapping, "drainMapping");
  async function drainOnce() {
    const report = emptyReport();
    if (quota.active) {
      report.pausedUntil = quota.until;
      return report;
    }
    let exhausted;
    for (const [appToken, maps] of byBase) {
      if (exhausted) break;
      const lock = await tryLockBase(pool, appToken);
      if (!lock) {
        report.locked = true;
        continue;
      }
      try {
        for (const m of maps) {
          try {
            await drainMapping(appToken, lock, m, report);
          } catch (e) {
            if (e instanceof SimulatedCrash) throw e;
            if (e instanceof QuotaExhausted) {
              exhausted = e;
              break;
            }
            report.skipped.push({ mapping: m.name, reason: describeError(e).message });
            if (interrupted(e)) {
              log.warn({ mapping: m.name, err: describeError(e).message }, "Bitable mirror pass interrupted: database connection lost; the next pass goes on");
              break;
            }
            log.error({ mapping: m.name, err: describeError(e) }, "Bitable mirror pass failed");
          }
        }
      } finally {
        await lock.release();
      }
    }
    if (exhausted) {
      const why = quota.begin();
      report.pausedUntil = quota.until;
      log.error({ until: quota.until, err: describeError(exhausted.error) }, "Feishu monthly API quota used up: the Bitable mirror pauses");
      await alerts.alert(QUOTA_ALERT_KEY, "Feishu API quota used up", why);
    } else if (quota.end()) {
      await alerts.recover(QUOTA_ALERT_KEY, "Feishu API calls work again: the Bitable mirror is writing the queued rows.");
    }
    return report;
  }
  __name(drainOnce, "drainOnce");
  let stopped = false;
  let wake;
  let loopDone = Promise.resolve();
  if (opts.loop !== false && byBase.size) {
    const pollMs = opts.pollMs ?? config.BITABLE_POLL_MS;
    loopDone = (async () => {
      while (!stopped) {
        let busy = false;
        try {
          const r = await drainOnce();
          busy = r.created + r.updated + r.deleted + r.unchanged + r.replayed > 0;
        } catch (e) {
          if (interrupted(e)) log.warn({ err: describeError(e).message }, "Bitable mirror writer: database connection lost; trying again");
          else log.error({ err: describeError(e) }, "Bitable mirror writer failed; trying again");
        }
        if (!busy && !stopped) await new Promise((res) => (wake = res, setTimeout(res, pollMs)));
      }
    })();
  } else if (!byBase.size) {
    log.info("Bitable mirror is off: BITABLE_APP_TOKEN not set");
  }
  return {
    api,
    drainOnce,
    async stop() {
      stopped = true;
      wake?.();
      await loopDone;
    }
  };
}
__name(startMirrorWriter, "startMirrorWriter");

// src/chat/excel-import.ts
function registerChatImport(bot, services) {
  bot.onFile(async (file) => {
    try {
      const { buffer } = await bot.api.downloadResource(file.messageId, file.fileKey);
      const outcome = await importFile(services, { source: "chat", fileName: file.fileName, buffer, requestedBy: file.senderOpenId, admin: file.isAdmin });
      return { ...importOutcomeCard(outcome) };
    } catch (e) {
      services.log.warn({ fileName: file.fileName, err: e }, "Excel import from chat refused");
      return { ...importFailureCard(file.fileName, e) };
    }
  });
}
__name(registerChatImport, "registerChatImport");

// src/excel/folder-watcher.ts
import { mkdir, readdir, rename, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
var CANDIDATE = /\.(xlsx|xlsm|xls|csv)$/i;
var IGNORED = /^(~\$|\.)/;
async function freeName(dir, name2) {
  const ext = path.extname(name2);
  const base = name2.slice(0, name2.length - ext.length);
  for (let i = 0; ; i++) {
    const candidate = path.join(dir, i === 0 ? name2 : `${base} (${i})${ext}`);
    try {
      await stat(candidate);
    } catch {
      return candidate;
    }
  }
}
__name(freeName, "freeName");
function startFolderWatcher(services, opts = {}) {
  const { config } = services;
  const dir = path.resolve(config.IMPORT_DIR);
  const log = services.log.child({ mod: "excel-folder", dir });
  const seen = /* @__PURE__ */ new Map();
  let stopped = false;
  let running;
  let timer;
  async function handle(name2) {
    const file = path.join(dir, name2);
    try {
      const outcome = await importFile(services, { source: "folder", fileName: name2, path: file, requestedBy: "folder", admin: true });
      if (config.IMPORT_DONE_ACTION === "move") {
        const doneDir = path.join(dir, "imported");
        await mkdir(doneDir, { recursive: true });
        await rename(file, await freeName(doneDir, name2));
      } else {
        await unlink(file);
      }
      opts.onImported?.(file, outcome);
    } catch (e) {
      if (isTongbuError(e) && e.code === "EXCEL_INTERRUPTED") {
        log.warn({ err: describeError(e).message, file: name2 }, "import interrupted: database connection lost; the file stays for the next scan");
        return;
      }
      if (!isTongbuError(e) || !e.code.startsWith("EXCEL_")) {
        log.error({ err: describeError(e).message, file: name2 }, "import failed for a reason outside the file; it stays for the next scan");
        return;
      }
      const failedDir = path.join(dir, "failed");
      await mkdir(failedDir, { recursive: true });
      const target = await freeName(failedDir, name2);
      await rename(file, target);
      const d = describeError(e);
      await writeFile(`${target}.error.txt`, `${(/* @__PURE__ */ new Date()).toISOString()}  ${name2}
${d.code}: ${d.message}
${d.action}
`);
      await services.notifier?.alert({ key: `excel-import:${name2}`, title: `Excel import of ${name2}`, message: d.message, action: d.action }).catch((err) => log.warn({ err }, "alert failed"));
      opts.onFailed?.(target, e);
    }
  }
  __name(handle, "handle");
  async function scan() {
    await mkdir(dir, { recursive: true });
    const names = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isFile() && CANDIDATE.test(d.name) && !IGNORED.test(d.name)).map((d) => d.name).sort();
    const present = new Set(names);
    for (const k of seen.keys()) if (!present.has(k)) seen.delete(k);
    for (const name2 of names) {
      if (stopped) return;
      let st;
      try {
        st = await stat(path.join(dir, name2));
      } catch {
        continue;
      }
      const sig = `${st.size}:${st.mtimeMs}`;
      const stable = seen.get(name2) === sig && st.size > 0;
      seen.set(name2, sig);
      if (!stable) continue;
      seen.delete(name2);
      await handle(name2);
    }
  }
  __name(scan, "scan");
  const tick = /* @__PURE__ */ __name(() => {
    if (stopped || running) return;
    running = scan().catch((e) => log.error({ err: describeError(e).message }, "scan of IMPORT_DIR failed")).finally(() => {
      running = void 0;
    });
  }, "tick");
  timer = setInterval(tick, config.IMPORT_POLL_SECONDS * 1e3);
  timer.unref();
  log.info({ every: config.IMPORT_POLL_SECONDS, done: config.IMPORT_DONE_ACTION }, "watching for Excel exports");
  tick();
  return {
    scan: /* @__PURE__ */ __name(async () => {
      while (running) await running;
      const mine = scan().finally(() => {
        running = void 0;
      });
      running = mine;
      await mine;
    }, "scan"),
    stop: /* @__PURE__ */ __name(async () => {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = void 0;
      await running;
    }, "stop")
  };
}
__name(startFolderWatcher, "startFolderWatcher");

// src/notify/database-outage.ts
function watchDatabase(deps) {
  let since;
  let busy = false;
  const check = /* @__PURE__ */ __name(async () => {
    if (busy) return;
    busy = true;
    try {
      await deps.pool.query("SELECT 1");
      if (since) {
        const began = since;
        since = void 0;
        const seconds = Math.round((Date.now() - began.getTime()) / 1e3);
        deps.log.info({ seconds }, "PostgreSQL is reachable again; interrupted runs resume from their checkpoints");
        await deps.notifier?.()?.alert({
          key: "database-outage",
          title: "PostgreSQL was unreachable",
          message: `From ${formatBusinessTime(began)} for ${seconds} s Tongbu could not reach its database. Runs in progress stopped at their last checkpoint and have resumed.`,
          action: "Nothing to do if this was a planned restart. If it repeats, check the database server and the network to it."
        }).catch((e) => deps.log.warn({ err: e }, "the database outage alert could not be sent"));
      }
    } catch (e) {
      if (!since) {
        since = /* @__PURE__ */ new Date();
        deps.log.warn({ reason: e.message }, "PostgreSQL cannot be reached: runs stop at their last checkpoint and resume when it is back");
      }
    } finally {
      busy = false;
    }
  }, "check");
  const timer = setInterval(() => void check(), deps.intervalMs ?? 2e3);
  timer.unref();
  return { downSince: /* @__PURE__ */ __name(() => since, "downSince"), stop: /* @__PURE__ */ __name(() => clearInterval(timer), "stop") };
}
__name(watchDatabase, "watchDatabase");

// src/main.ts
async function startService(settings, log = createLogger(settings.LOG_LEVEL), opts = {}) {
  const { services, close } = await openServices(settings, log, opts);
  const { config } = services;
  let app;
  let address;
  try {
    services.feishuBot = await createFeishuBot(services);
    const bot = services.feishuBot;
    if (bot) {
      const countCall = /* @__PURE__ */ __name((kind) => {
        services.metrics.feishuCalls.inc({ kind });
        bot.counter.add(kind);
      }, "countCall");
      services.bitable = { client: bot.api.client, countCall };
      registerChatImport(bot, services);
    }
    app = await buildApp(services);
    await services.engine?.start({ pollingIntervalSeconds: opts.pollingIntervalSeconds, scheduler: opts.scheduler });
    address = await app.listen({ port: config.PORT, host: config.HOST });
    await services.feishuBot?.start(address);
  } catch (e) {
    await app?.close().catch(() => void 0);
    await services.feishuBot?.close().catch(() => void 0);
    await close();
    throw e;
  }
  const server = app;
  const mirror = services.bitable && config.BITABLE_APP_TOKEN ? startMirrorWriter(services, services.bitable.client, { countCall: services.bitable.countCall }) : void 0;
  const watcher = config.IMPORT_WATCH ? startFolderWatcher(services) : void 0;
  const summaryTask = opts.scheduler === false || !services.broadcaster ? void 0 : scheduleDailySummary({
    pool: services.pool,
    log,
    broadcaster: services.broadcaster,
    connectors: services.connectors ?? CONNECTORS,
    config,
    runs: /* @__PURE__ */ __name((name2) => services.engine?.runs(name2) ?? false, "runs")
  });
  const dbWatch = watchDatabase({ pool: services.pool, log, notifier: /* @__PURE__ */ __name(() => services.notifier, "notifier") });
  log.info({ address }, "Tongbu is listening");
  let stopping;
  const stop = /* @__PURE__ */ __name(() => stopping ??= (async () => {
    const t0 = Date.now();
    const step = /* @__PURE__ */ __name(async (what, budgetMs, fn) => {
      const t = Date.now();
      let timer;
      const overrun = new Promise((r) => timer = setTimeout(() => r("overrun"), budgetMs));
      const done = Promise.resolve().then(fn).catch((e) => log.warn({ err: e }, `shutdown: ${what} failed`));
      const result = await Promise.race([done, overrun]);
      clearTimeout(timer);
      if (result === "overrun") log.warn(`shutdown: ${what} did not stop within ${budgetMs} ms; going on`);
      else log.debug(`shutdown: ${what} in ${Date.now() - t} ms`);
    }, "step");
    await Promise.all([
      step("daily summary schedule", 1e3, () => summaryTask?.stop()),
      step("database watch", 100, () => dbWatch.stop()),
      step("Bitable writer", 2500, () => mirror?.stop()),
      step("folder watcher", 2500, () => watcher?.stop()),
      step("HTTP server", 2500, () => server.close())
    ]);
    await step("Feishu bot", 1e3, () => services.feishuBot?.close());
    await step("engine and database", 6e3, close);
    log.info(`stopped in ${Date.now() - t0} ms`);
  })(), "stop");
  return { services, url: address, stop };
}
__name(startService, "startService");
async function runService() {
  let config;
  try {
    config = loadSettings(process.env, CONNECTORS);
  } catch (e) {
    process.stderr.write(`${e.message}
`);
    process.exit(1);
  }
  const log = createLogger(config.LOG_LEVEL, { format: config.LOG_FORMAT, redact: connectorRedactPaths(CONNECTORS) });
  const running = await startService(config, log).catch((e) => {
    const d = describeError(e);
    log.fatal({ err: e }, `Tongbu could not start: ${d.message} ${d.code === "INTERNAL" ? "" : d.action}`.trim());
    process.exit(1);
  });
  let shuttingDown = false;
  const shutdown = /* @__PURE__ */ __name((signal) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, "shutting down: finishing the page in flight");
    const timer = setTimeout(() => {
      log.error("shutdown took longer than 10 s; exiting");
      process.exit(1);
    }, 1e4);
    timer.unref();
    running.stop().then(
      () => process.exit(0),
      (e) => {
        log.error({ err: e }, "shutdown failed");
        process.exit(1);
      }
    );
  }, "shutdown");
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  const crash = /* @__PURE__ */ __name((e) => {
    log.fatal({ err: e, stack: e instanceof Error && e.stack ? withoutUrlPasswords(e.stack) : void 0 }, "Tongbu crashed");
    process.exit(1);
  }, "crash");
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", (e) => {
    if (isConnectionLost(e)) log.warn({ err: e }, "a database call was cut off by a lost connection; runs it touched resume from their checkpoints");
    else crash(e);
  });
}
__name(runService, "runService");

// src/cli/serve.ts
var serveCommand = {
  async run() {
    await runService();
    return -1;
  }
};
export {
  serveCommand
};
//# sourceMappingURL=serve-VKK7R5AM.js.map

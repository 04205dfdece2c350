import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/logger.ts
import { createRequire } from "node:module";

// src/log/lazy-logger.ts
var LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };
var noop = /* @__PURE__ */ __name(() => void 0, "noop");
function lazyLogger(level, make) {
  let real;
  return wrap(() => real ??= make(), level);
}
__name(lazyLogger, "lazyLogger");
function wrap(getReal, initialLevel) {
  let level = initialLevel;
  let built;
  const get = /* @__PURE__ */ __name(() => built ??= getReal(), "get");
  return new Proxy({}, {
    get(_target, prop) {
      const threshold = LEVELS[level] ?? LEVELS.info;
      if (typeof prop === "string" && prop in LEVELS && prop !== "silent") return LEVELS[prop] < threshold ? noop : bound(get(), prop);
      if (prop === "level") return built ? built.level : level;
      if (prop === "isLevelEnabled") return (l) => (LEVELS[l] ?? Infinity) >= threshold;
      if (prop === "child") {
        return (bindings, opts) => wrap(() => get().child(bindings, opts), opts?.level ?? level);
      }
      return bound(get(), prop);
    },
    set(_target, prop, value2) {
      if (prop === "level") level = String(value2);
      get()[prop] = value2;
      return true;
    }
  });
}
__name(wrap, "wrap");
function bound(target, prop) {
  const v = target[prop];
  return typeof v === "function" ? v.bind(target) : v;
}
__name(bound, "bound");

// src/log/error-serializer.ts
var CONTEXT_FIELDS = ["kind", "status", "transient", "retryAfterMs"];
var INFO_FIELDS = ["code", "status", "httpStatus", "class", "retryAfterMs"];
var MAX_MESSAGE = 1e3;
var MAX_DEPTH = 2;
var isPrimitive = /* @__PURE__ */ __name((v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean", "isPrimitive");
function withoutUrlPasswords(text) {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]*):[^@/?#\s]*@/gi, "$1:***@");
}
__name(withoutUrlPasswords, "withoutUrlPasswords");
function shortMessage(v) {
  const text = withoutUrlPasswords(typeof v === "string" ? v : String(v));
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}\u2026 (${text.length} chars)` : text;
}
__name(shortMessage, "shortMessage");
function isErrorLike(v) {
  return v instanceof Error || typeof v === "object" && v !== null && typeof v.message === "string" && "stack" in v;
}
__name(isErrorLike, "isErrorLike");
function typeName(e) {
  const ctor = e.constructor?.name;
  if (typeof ctor === "string" && ctor && ctor !== "Object") return ctor;
  const name = e.name;
  return typeof name === "string" && name ? name : "Error";
}
__name(typeName, "typeName");
function serializeError(e, opts = {}, depth = 0) {
  if (typeof e !== "object" || e === null) return { type: typeof e, message: shortMessage(e) };
  const src = e;
  const out = { type: typeName(e), message: shortMessage(typeof src.message === "string" ? src.message : "") };
  if (typeof src.code === "string" || typeof src.code === "number") out.code = src.code;
  if (out.type === "TongbuError" || src.name === "TongbuError" || typeof src.action === "string") {
    if (typeof src.detail === "string" && src.detail) out.detail = shortMessage(src.detail);
    if (typeof src.action === "string") out.action = src.action;
  }
  for (const f of CONTEXT_FIELDS) if (isPrimitive(src[f])) out[f] = src[f];
  for (const key of ["info", "failure"]) {
    const info = src[key];
    if (typeof info !== "object" || info === null) continue;
    const picked = {};
    for (const f of INFO_FIELDS) if (isPrimitive(info[f])) picked[f] = info[f];
    if (Object.keys(picked).length) out[key] = picked;
  }
  if (depth < MAX_DEPTH) {
    if (src.cause !== void 0 && src.cause !== null) out.cause = serializeError(src.cause, { stack: false }, depth + 1);
    if (Array.isArray(src.errors) && src.errors.length) {
      out.errors = src.errors.slice(0, 3).map((x) => serializeError(x, { stack: false }, depth + 1));
    }
  }
  if (opts.stack && typeof src.stack === "string") out.stack = withoutUrlPasswords(src.stack);
  return out;
}
__name(serializeError, "serializeError");
function shortErrorsIn(record, opts = {}) {
  let copy;
  for (const key of Object.keys(record)) {
    const v = record[key];
    if (key !== "err" && isErrorLike(v)) {
      copy ??= { ...record };
      copy[key] = serializeError(v, opts);
    }
  }
  return copy ?? record;
}
__name(shortErrorsIn, "shortErrorsIn");

// src/log/line-format.ts
var LEVELS2 = {
  10: { name: "TRACE", color: "\x1B[90m" },
  20: { name: "DEBUG", color: "\x1B[36m" },
  30: { name: "INFO", color: "\x1B[32m" },
  40: { name: "WARN", color: "\x1B[33m" },
  50: { name: "ERROR", color: "\x1B[31m" },
  60: { name: "FATAL", color: "\x1B[35m" }
};
var RESET = "\x1B[0m";
var DIM = "\x1B[2m";
var OMIT = /* @__PURE__ */ new Set(["level", "time", "msg", "pid", "hostname"]);
var two = /* @__PURE__ */ __name((n) => String(n).padStart(2, "0"), "two");
function value(v) {
  if (typeof v === "string") return v !== "" && /^[^\s"=\\]+$/.test(v) ? v : JSON.stringify(v);
  if (v === null || typeof v !== "object") return String(v);
  if (Array.isArray(v) && v.every((x) => x === null || typeof x !== "object")) return v.map((x) => value(x)).join(",");
  return JSON.stringify(v);
}
__name(value, "value");
function isSerializedError(v) {
  return typeof v === "object" && v !== null && typeof v.type === "string" && typeof v.message === "string";
}
__name(isSerializedError, "isSerializedError");
function pairs(key, v, out, stacks) {
  if (isSerializedError(v)) {
    const { type, message, stack, ...rest } = v;
    out.push(`${key}=${value(message ? `${type}: ${message}` : type)}`);
    if (typeof stack === "string") stacks.push(stack);
    for (const [k, x] of Object.entries(rest)) pairs(`${key}.${k}`, x, out, stacks);
    return;
  }
  if (typeof v === "object" && v !== null && !Array.isArray(v)) {
    const entries = Object.entries(v);
    if (!entries.length) out.push(`${key}={}`);
    for (const [k, x] of entries) pairs(`${key}.${k}`, x, out, stacks);
    return;
  }
  if (v !== void 0) out.push(`${key}=${value(v)}`);
}
__name(pairs, "pairs");
function formatLine(json, opts = {}) {
  let rec;
  try {
    rec = JSON.parse(json);
  } catch {
    return json.endsWith("\n") ? json : `${json}
`;
  }
  const t = new Date(typeof rec.time === "number" ? rec.time : Date.now());
  const time = `${two(t.getHours())}:${two(t.getMinutes())}:${two(t.getSeconds())}`;
  const level = LEVELS2[rec.level] ?? { name: String(rec.level), color: "" };
  const fields = [];
  const stacks = [];
  for (const [k, v] of Object.entries(rec)) {
    if (k === "stack" && typeof v === "string") stacks.push(v);
    else if (!OMIT.has(k)) pairs(k, v, fields, stacks);
  }
  const msg = typeof rec.msg === "string" ? rec.msg : "";
  const head = opts.colors ? `${DIM}${time}${RESET} ${level.color}${level.name.padEnd(5)}${RESET}` : `${time} ${level.name.padEnd(5)}`;
  const rest = fields.length ? ` ${fields.join(" ")}` : "";
  const stackLines = stacks.map((s) => `
${s.replace(/^/gm, "    ")}`).join("");
  return `${head} ${msg}${rest}${stackLines}
`;
}
__name(formatLine, "formatLine");

// src/logger.ts
var REDACT_PATHS = [
  "*.access_token",
  "*.refresh_token",
  "*.client_secret",
  "*.app_secret",
  "*.secret",
  "*.password",
  "*.phone",
  "*.token",
  "req.headers.authorization",
  'req.headers["access-token"]',
  "headers.authorization",
  'headers["access-token"]',
  "config.ADMIN_TOKEN",
  "config.FEISHU_APP_SECRET",
  "config.FEISHU_ENCRYPT_KEY",
  "config.FEISHU_VERIFICATION_TOKEN",
  // OAuth grants (src/tokens)
  "*.auth_code",
  "*.accessToken",
  "*.refreshToken",
  "*.access_token_enc",
  "*.refresh_token_enc",
  // The environment settings were read from; each connector names its own secrets (`redact`).
  "config.env",
  "config.TOKEN_ENCRYPTION_KEY"
];
function loadPino() {
  return createRequire(import.meta.url)("pino").pino;
}
__name(loadPino, "loadPino");
function createLogger(level = "info", opts = {}) {
  if (opts.lazy) return lazyLogger(level, () => createLogger(level, { ...opts, lazy: false }));
  const pino = loadPino();
  const fd = opts.stderr ? 2 : 1;
  const isTTY = opts.isTTY ?? Boolean(opts.stderr ? process.stderr.isTTY : process.stdout.isTTY);
  const format = opts.format ?? (opts.pretty === void 0 ? "auto" : opts.pretty ? "pretty" : "json");
  const pretty = format === "pretty" || format === "auto" && isTTY;
  const stack = level === "debug" || level === "trace";
  const dest = opts.destination ?? pino.destination({ dest: fd, sync: true });
  const colors = isTTY && !process.env.NO_COLOR;
  const stream = pretty ? {
    write: /* @__PURE__ */ __name((line) => dest.write(formatLine(line, { colors })), "write"),
    flush: /* @__PURE__ */ __name((cb) => "flush" in dest && typeof dest.flush === "function" ? dest.flush(cb) : cb?.(), "flush")
  } : dest;
  return pino(
    {
      level,
      redact: { paths: [...REDACT_PATHS, ...opts.redact ?? []], censor: "[redacted]" },
      serializers: { err: /* @__PURE__ */ __name((e) => serializeError(e, { stack }), "err") },
      formatters: { log: /* @__PURE__ */ __name((record) => shortErrorsIn(record, { stack }), "log") },
      hooks: {
        // Without a message pino uses the error's own, unserialized: pass it through the same rule.
        logMethod(args, method) {
          const [first, second] = args;
          const err = first instanceof Error ? first : first?.err;
          if (typeof second !== "string" && err instanceof Error) {
            return method.apply(this, [first, withoutUrlPasswords(err.message), ...args.slice(1)]);
          }
          return method.apply(this, args);
        }
      }
    },
    stream
  );
}
__name(createLogger, "createLogger");

export {
  withoutUrlPasswords,
  createLogger
};
//# sourceMappingURL=chunk-ZLXQIJQH.js.map

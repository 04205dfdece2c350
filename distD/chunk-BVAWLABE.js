import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/connectors/temu/sign.ts
import { createHash } from "node:crypto";
function signValue(value) {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value === null) return "null";
  return JSON.stringify(value);
}
__name(signValue, "signValue");
function stringToSign(params, secret) {
  const keys = Object.keys(params).filter((k) => k !== "sign" && params[k] !== void 0).sort();
  return `${secret}${keys.map((k) => `${k}${signValue(params[k])}`).join("")}${secret}`;
}
__name(stringToSign, "stringToSign");
function signParams(params, secret) {
  return createHash("md5").update(stringToSign(params, secret), "utf8").digest("hex").toUpperCase();
}
__name(signParams, "signParams");

export {
  signParams
};
//# sourceMappingURL=chunk-BVAWLABE.js.map

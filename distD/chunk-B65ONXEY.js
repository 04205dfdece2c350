import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/connectors/douyin-life/phone.ts
import { createCipheriv, createDecipheriv } from "node:crypto";
function secretTo32(secret) {
  let s = secret;
  let left = true;
  while (s.length < 32) {
    s = left ? `#${s}` : `${s}#`;
    left = !left;
  }
  left = true;
  while (s.length > 32) {
    s = left ? s.slice(1) : s.slice(0, -1);
    left = !left;
  }
  return s;
}
__name(secretTo32, "secretTo32");
var derived = /* @__PURE__ */ new Map();
function keyAndIv(secret) {
  let k = derived.get(secret);
  if (!k) {
    const s = secretTo32(secret);
    k = { key: Buffer.from(s, "utf8"), iv: Buffer.from(s.slice(16), "utf8") };
    if (derived.size > 16) derived.clear();
    derived.set(secret, k);
  }
  return k;
}
__name(keyAndIv, "keyAndIv");
function isOnlineCipher(text) {
  return text.startsWith("Enc.");
}
__name(isOnlineCipher, "isOnlineCipher");
function decryptField(cipherBase64, clientSecret) {
  const { key, iv } = keyAndIv(clientSecret);
  const d = createDecipheriv("aes-256-cbc", key, iv);
  return Buffer.concat([d.update(Buffer.from(cipherBase64, "base64")), d.final()]).toString("utf8");
}
__name(decryptField, "decryptField");
function encryptField(plain, clientSecret) {
  const { key, iv } = keyAndIv(clientSecret);
  const c = createCipheriv("aes-256-cbc", key, iv);
  return Buffer.concat([c.update(plain, "utf8"), c.final()]).toString("base64");
}
__name(encryptField, "encryptField");

export {
  isOnlineCipher,
  decryptField,
  encryptField
};
//# sourceMappingURL=chunk-B65ONXEY.js.map

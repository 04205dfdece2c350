import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/engine/lossless-json.ts
function parseJsonLossless(text) {
  let out = "";
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      continue;
    }
    if (ch === "-" || ch !== void 0 && ch >= "0" && ch <= "9") {
      let j = i + 1;
      while (j < text.length && /[0-9eE.+-]/.test(text[j])) j++;
      const literal = text.slice(i, j);
      if (/^-?\d{16,}$/.test(literal)) {
        out += `${text.slice(last, i)}"${literal}"`;
        last = j;
      }
      i = j - 1;
    }
  }
  return JSON.parse(out + text.slice(last));
}
__name(parseJsonLossless, "parseJsonLossless");
function stringifyWithBigInts(value) {
  return JSON.stringify(value, (_k, v) => typeof v === "bigint" ? `\0big:${v}\0` : v).replace(
    /"\\u0000big:(-?\d+)\\u0000"/g,
    "$1"
  );
}
__name(stringifyWithBigInts, "stringifyWithBigInts");

export {
  parseJsonLossless,
  stringifyWithBigInts
};
//# sourceMappingURL=chunk-7VM5WVL3.js.map

import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  createLarkClient,
  dedupCheck,
  dedupClean,
  forceResync
} from "./chunk-NDA6EVO2.js";
import "./chunk-CDCYALK5.js";
import {
  withServices
} from "./chunk-LPKARAVT.js";
import "./chunk-ZLXQIJQH.js";
import "./chunk-MXRYIYM3.js";
import "./chunk-TJ5FBCIB.js";
import "./chunk-B65ONXEY.js";
import "./chunk-7VM5WVL3.js";
import "./chunk-BVAWLABE.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/cli/dedup.ts
import { parseArgs } from "node:util";
var USAGE = "dedup check|clean|force <table> <YYYY-MM-DD> [--json]";
function withClient(services) {
  if (services.bitable) return services;
  const { FEISHU_APP_ID, FEISHU_APP_SECRET, FEISHU_DOMAIN } = services.config;
  if (!FEISHU_APP_ID || !FEISHU_APP_SECRET) return services;
  const client = createLarkClient({ appId: FEISHU_APP_ID, appSecret: FEISHU_APP_SECRET, domain: FEISHU_DOMAIN, log: services.log });
  return { ...services, bitable: { client } };
}
__name(withClient, "withClient");
var keys = /* @__PURE__ */ __name((label, l) => `  ${label.padEnd(11)} ${l.count}${l.count ? `  (${l.keys.join(", ")}${l.count > l.keys.length ? ", \u2026" : ""})` : ""}
`, "keys");
function printCheck(r) {
  process.stdout.write(`${r.table} (${r.mapping}) on ${r.date}: ${r.postgresRows} rows in PostgreSQL, ${r.bitableRecords} records in Bitable \u2014 ${r.clean ? "clean" : "needs cleaning"}
`);
  process.stdout.write(keys("missing", r.missing) + keys("duplicated", r.duplicated) + keys("different", r.different) + keys("extra", r.extra));
  if (r.unkeyed) process.stdout.write(`  ${r.unkeyed} records without a record key (added by hand) are left alone
`);
}
__name(printCheck, "printCheck");
var dedupCommand = {
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, options: { json: { type: "boolean", default: false } } });
    } catch (e) {
      process.stderr.write(`${e.message}
Usage: tongbu ${USAGE}
`);
      return 2;
    }
    const [action, table, date] = parsed.positionals;
    if (!action || !["check", "clean", "force"].includes(action) || !table || !date) {
      process.stderr.write(`Usage: tongbu ${USAGE}
`);
      return 2;
    }
    const json = parsed.values.json;
    return withServices(async (base) => {
      const services = withClient(base);
      const out = /* @__PURE__ */ __name((v) => process.stdout.write(`${JSON.stringify(v, null, 2)}
`), "out");
      if (action === "check") {
        const r2 = await dedupCheck(services, table, date);
        if (json) out(r2);
        else printCheck(r2);
        return r2.clean ? 0 : 3;
      }
      if (action === "clean") {
        const r2 = await dedupClean(services, table, date);
        if (json) out(r2);
        else {
          printCheck(r2.before);
          process.stdout.write(
            `Cleaned: ${r2.deletedDuplicates} duplicates and ${r2.deletedExtra} stale records deleted; ${r2.requeuedMissing} missing and ${r2.requeuedDifferent} different rows queued for the mirror writer.
`
          );
        }
        return 0;
      }
      const r = await forceResync(services, table, date);
      if (json) out(r);
      else process.stdout.write(`${r.table} on ${r.date}: ${r.deleted} records deleted in Bitable, ${r.queued} rows queued to be written again.
`);
      return 0;
    });
  }
};
export {
  dedupCommand
};
//# sourceMappingURL=dedup-HNI2OI4W.js.map

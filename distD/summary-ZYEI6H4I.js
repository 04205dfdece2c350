import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  buildDailySummary,
  checkDay,
  sendDailySummary
} from "./chunk-RNP7EZYN.js";
import {
  createNotifications
} from "./chunk-WBJRFPRW.js";
import "./chunk-N32ZS3A6.js";
import {
  withServices
} from "./chunk-LPKARAVT.js";
import "./chunk-ZLXQIJQH.js";
import "./chunk-LHHEMKC6.js";
import {
  CONNECTORS,
  yesterday
} from "./chunk-MXRYIYM3.js";
import "./chunk-TJ5FBCIB.js";
import "./chunk-B65ONXEY.js";
import "./chunk-7VM5WVL3.js";
import "./chunk-BVAWLABE.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/cli/summary.ts
import { parseArgs } from "node:util";
async function runSummary(services, args, out, connectors = CONNECTORS) {
  const { values } = parseArgs({ args, options: { day: { type: "string" }, print: { type: "boolean", default: false } }, allowPositionals: false });
  const day = checkDay(values.day ?? yesterday());
  if (values.print) {
    out.write(`${JSON.stringify(await buildDailySummary({ ...services, connectors }, day), null, 2)}
`);
    return 0;
  }
  const broadcaster = services.broadcaster ?? createNotifications({ config: services.config, log: services.log, pool: services.pool }).broadcaster;
  const outcome = await sendDailySummary({ pool: services.pool, log: services.log, broadcaster, connectors, config: services.config, runs: services.engine && ((name) => services.engine?.runs(name) ?? true) }, day);
  const r = outcome.result;
  const reports = outcome.reports?.length ? ` Then ${outcome.reports.map((x) => `${x.title}${x.file ? ` (+ ${x.file.name})` : ""}`).join(", ")}.` : "";
  if (r?.logOnly) out.write(`Summary of ${day} written to the log: no FEISHU_NOTIFY_CHAT_IDS or FEISHU_WEBHOOK_URL is configured.
`);
  else if (outcome.sent) out.write(`Summary of ${day} sent to ${r?.delivered} place(s)${r?.failed ? `, ${r.failed} failed (see the log)` : ""}.${reports}
`);
  else {
    out.write(`Summary of ${day} could not be delivered; the log says why.
`);
    return 1;
  }
  return 0;
}
__name(runSummary, "runSummary");
var summaryCommand = {
  run: /* @__PURE__ */ __name((args) => withServices((services) => runSummary(services, args, process.stdout)), "run")
};
export {
  runSummary,
  summaryCommand
};
//# sourceMappingURL=summary-ZYEI6H4I.js.map

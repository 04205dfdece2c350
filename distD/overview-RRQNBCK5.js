import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  getOverview
} from "./chunk-YE22NNSM.js";
import "./chunk-C3ZBSOBS.js";
import "./chunk-N32ZS3A6.js";
import {
  printError,
  withServices
} from "./chunk-LPKARAVT.js";
import "./chunk-ZLXQIJQH.js";
import "./chunk-LHHEMKC6.js";
import {
  formatYuan
} from "./chunk-MXRYIYM3.js";
import "./chunk-TJ5FBCIB.js";
import "./chunk-B65ONXEY.js";
import "./chunk-7VM5WVL3.js";
import "./chunk-BVAWLABE.js";
import "./chunk-RZBAZSCI.js";

// src/cli/overview.ts
import { parseArgs } from "node:util";
var overviewCommand = {
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, options: { json: { type: "boolean" } } });
    } catch (e) {
      printError(e);
      return 2;
    }
    return withServices(
      async (services) => {
        const o = await getOverview(services, parsed.positionals[0]);
        if (parsed.values.json) {
          process.stdout.write(`${JSON.stringify(o, null, 2)}
`);
          return 0;
        }
        const t = o.totals;
        process.stdout.write(`Overview ${o.period.from === o.period.to ? o.period.from : `${o.period.from}..${o.period.to}`}
`);
        process.stdout.write(`  revenue ${formatYuan(t.revenue)}, refunds ${formatYuan(t.refunds)}, ad spend ${formatYuan(t.adSpend)}, orders ${t.orders}, ROI ${t.roi ?? "\u2014"}
`);
        if (t.missingRates.length) process.stdout.write(`  not counted (no exchange rate): ${t.missingRates.join(", ")} \u2014 set one with \`tongbu fx set <CODE> <rate>\`
`);
        for (const p of o.platforms) process.stdout.write(`  ${p.platform} ${p.metric}: ${p.value}${p.missingRates.length ? ` (+ ${p.missingRates.join(", ")} without a rate)` : ""}
`);
        return 0;
      },
      { emulators: false }
    );
  }
};
export {
  overviewCommand
};
//# sourceMappingURL=overview-RRQNBCK5.js.map

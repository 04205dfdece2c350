import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  getStatus
} from "./chunk-MAOMMCRO.js";
import "./chunk-EGAMGWC5.js";
import {
  withServices
} from "./chunk-LPKARAVT.js";
import "./chunk-KF6Z7LW6.js";
import "./chunk-ZLXQIJQH.js";
import "./chunk-UUUMHGKH.js";
import {
  formatBusinessTime
} from "./chunk-MXRYIYM3.js";
import "./chunk-TJ5FBCIB.js";
import "./chunk-B65ONXEY.js";
import "./chunk-7VM5WVL3.js";
import "./chunk-BVAWLABE.js";
import "./chunk-RZBAZSCI.js";

// src/cli/status.ts
var statusCommand = {
  async run(args) {
    const json = args.includes("--json");
    return withServices(async (services) => {
      const report = await getStatus(services);
      if (json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}
`);
        return 0;
      }
      for (const c of report.connectors) {
        process.stdout.write(`${c.title} (${c.name}) \u2014 ${c.mode}${c.reason ? `: ${c.reason}` : ""}, task ${c.task.state}
`);
        if (c.lastRun) {
          const r = c.lastRun;
          process.stdout.write(`  last run: ${r.status} at ${r.startedAt ? formatBusinessTime(new Date(r.startedAt)) : "?"} \u2014 ${r.inserted} inserted, ${r.updated} updated, ${r.unchanged} unchanged${r.errorMessage ? ` \u2014 ${r.errorMessage}` : ""}
`);
        } else process.stdout.write("  last run: never\n");
        process.stdout.write(`  next run: ${c.nextRunAt ? formatBusinessTime(new Date(c.nextRunAt)) : "\u2014"}
`);
        process.stdout.write(`  heartbeat: ${c.task.heartbeatAgeSeconds !== void 0 ? `${c.task.heartbeatAgeSeconds}s ago` : "none yet"}
`);
      }
      for (const x of report.extras) process.stdout.write(`${x.title}
${x.lines.map((l) => `  ${l}`).join("\n")}
`);
      return 0;
    }, { light: true });
  }
};
export {
  statusCommand
};
//# sourceMappingURL=status-ZFNYHDIW.js.map

import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  printError,
  withServices
} from "./chunk-LPKARAVT.js";
import {
  backfillWindow,
  scheduleWindowNow
} from "./chunk-KF6Z7LW6.js";
import "./chunk-ZLXQIJQH.js";
import "./chunk-UUUMHGKH.js";
import "./chunk-MXRYIYM3.js";
import "./chunk-TJ5FBCIB.js";
import "./chunk-B65ONXEY.js";
import "./chunk-7VM5WVL3.js";
import "./chunk-BVAWLABE.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/cli/sync.ts
import { parseArgs } from "node:util";
import { SingleBar, Presets } from "cli-progress";
var syncCommand = {
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, options: { from: { type: "string" }, to: { type: "string" }, json: { type: "boolean" }, account: { type: "string" } } });
    } catch (e) {
      printError(e);
      return 2;
    }
    const [connector] = parsed.positionals;
    if (!connector) {
      process.stderr.write("Usage: tongbu sync <connector> [--from 2026-02-01] [--to 2026-02-11]\n");
      return 2;
    }
    const { from, to, json, account } = parsed.values;
    const range = from ? `${from}..${to ?? from}` : to;
    return withServices(async (services) => {
      const engine = services.engine;
      if (!engine) throw new Error("engine unavailable");
      const rt = engine.runtime(connector);
      const window = range ? backfillWindow(range) : scheduleWindowNow(rt);
      const bar = process.stderr.isTTY && !json ? new SingleBar({ format: `${rt.decl.name} [{bar}] {value}/{total} days | {rows} rows`, hideCursor: true }, Presets.shades_classic) : void 0;
      bar?.start(1, 0, { rows: 0 });
      let stop = false;
      const onSigint = /* @__PURE__ */ __name(() => {
        stop = true;
      }, "onSigint");
      process.once("SIGINT", onSigint);
      const outcomes = await engine.runNow(
        { connector: rt.decl.name, window, kind: "backfill", trigger: "cli", requestedBy: "cli", account, streams: range ? void 0 : rt.schedules[0]?.streams },
        {
          onProgress: /* @__PURE__ */ __name((p) => {
            bar?.setTotal(p.slicesTotal);
            bar?.update(p.slicesDone, { rows: p.counts.inserted + p.counts.updated + p.counts.unchanged });
          }, "onProgress"),
          afterPage: /* @__PURE__ */ __name(() => stop, "afterPage")
        }
      );
      process.off("SIGINT", onSigint);
      bar?.stop();
      let code = 0;
      for (const o of outcomes) {
        if (o.status === "skipped") {
          process.stdout.write(json ? `${JSON.stringify({ account: o.run.account, status: "skipped", reason: o.reason })}
` : `account ${o.run.account}: skipped (${o.reason === "running-elsewhere" ? "the same run is going on elsewhere" : "already done"})
`);
          continue;
        }
        const summary = { account: o.run.account, run: o.run.id, status: o.status, ...o.counts, pages: o.run.pages, error: o.error?.toJSON() };
        if (json) process.stdout.write(`${JSON.stringify(summary)}
`);
        else {
          process.stdout.write(`account ${o.run.account}: ${o.status} \u2014 ${o.counts.inserted} inserted, ${o.counts.updated} updated, ${o.counts.unchanged} unchanged (run ${o.run.id})
`);
          if (o.error) process.stderr.write(`Error: ${o.error.message}
${o.error.action}
`);
        }
        if (o.status !== "succeeded") code = 1;
      }
      return code;
    });
  }
};
export {
  syncCommand
};
//# sourceMappingURL=sync-LUJ4UZOZ.js.map

import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  importFile,
  renderImportOutcomeText
} from "./chunk-7GBBPXUU.js";
import "./chunk-DIUG7UWK.js";
import {
  withServices
} from "./chunk-LPKARAVT.js";
import "./chunk-ZLXQIJQH.js";
import "./chunk-MXRYIYM3.js";
import {
  describeError
} from "./chunk-TJ5FBCIB.js";
import "./chunk-B65ONXEY.js";
import "./chunk-7VM5WVL3.js";
import "./chunk-BVAWLABE.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/cli/import.ts
import { basename } from "node:path";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
var importCommand = {
  async run(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: "boolean", default: false } } });
    const file = positionals[0];
    if (!file || positionals.length > 1) {
      process.stderr.write("Usage: tongbu import <file.xlsx> [--json]\n");
      return 2;
    }
    return withServices(
      async (services) => {
        const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ format: "Importing {file} | {value} rows | {duration}s", stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic) : void 0;
        try {
          bar?.start(0, 0, { file: basename(file) });
          const outcome = await importFile(services, {
            source: "cli",
            fileName: basename(file),
            path: file,
            requestedBy: process.env.USER ?? "cli",
            admin: true,
            onProgress: /* @__PURE__ */ __name((n) => bar?.update(n), "onProgress")
          });
          bar?.stop();
          const out = outcome.kind === "report" ? outcome.summary : outcome;
          process.stdout.write(values.json ? `${JSON.stringify(out, null, 2)}
` : renderImportOutcomeText(outcome));
          return 0;
        } catch (e) {
          bar?.stop();
          const d = describeError(e);
          if (values.json) process.stdout.write(`${JSON.stringify({ error: d }, null, 2)}
`);
          process.stderr.write(`${d.message}
${d.action}
`);
          return 1;
        }
      },
      { emulators: false }
    );
  }
};
export {
  importCommand
};
//# sourceMappingURL=import-FJ45QYZS.js.map

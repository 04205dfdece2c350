import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  exportMonth
} from "./chunk-C3ZBSOBS.js";
import {
  printError,
  withServices
} from "./chunk-LPKARAVT.js";
import "./chunk-ZLXQIJQH.js";
import "./chunk-LHHEMKC6.js";
import "./chunk-MXRYIYM3.js";
import "./chunk-TJ5FBCIB.js";
import "./chunk-B65ONXEY.js";
import "./chunk-7VM5WVL3.js";
import "./chunk-BVAWLABE.js";
import "./chunk-RZBAZSCI.js";

// src/cli/export.ts
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
var exportCommand = {
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, options: { out: { type: "string" } } });
    } catch (e) {
      printError(e);
      return 2;
    }
    const [connector, month] = parsed.positionals;
    if (!connector || !month) {
      process.stderr.write("Usage: tongbu export <connector> 2026-02 [--out DIR]\n");
      return 2;
    }
    return withServices(async (services) => {
      const out = await exportMonth(services, connector, month);
      const dir = path.resolve(parsed.values.out ?? ".");
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, out.fileName);
      await writeFile(file, out.buffer);
      process.stdout.write(`${file}: ${out.rows} rows
`);
      return 0;
    });
  }
};
export {
  exportCommand
};
//# sourceMappingURL=export-PNYPVHCE.js.map

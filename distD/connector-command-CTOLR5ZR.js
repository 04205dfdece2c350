import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  reportText,
  runConnectorCommand,
  runOperation
} from "./chunk-EUF6OX3Q.js";
import {
  printError,
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

// src/cli/connector-command.ts
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
function connectorCliCommand(name) {
  return {
    async run(args) {
      let parsed;
      try {
        parsed = parseArgs({ args, allowPositionals: true, strict: false, options: { json: { type: "boolean" }, xlsx: { type: "string" } } });
      } catch (e) {
        printError(e);
        return 2;
      }
      const { json, xlsx, ...flags } = parsed.values;
      return withServices(
        async (services) => {
          const { report } = await runConnectorCommand(services, name, {
            args: parsed.positionals,
            flags: Object.fromEntries(Object.entries(flags).filter((e) => e[1] !== void 0))
          });
          process.stdout.write(json ? `${JSON.stringify(report.data, null, 2)}
` : reportText(report));
          if (typeof xlsx === "string" && report.attachment) {
            const { sheetWorkbook } = await import("./sheet-workbook-JN5YH67O.js");
            await writeFile(xlsx, await sheetWorkbook(report.title, report.attachment.sheet));
            process.stdout.write(`${xlsx}: ${report.attachment.sheet.rows.length} rows
`);
          }
          return 0;
        },
        // A command gets the pool and its settings (src/ops/connector-commands.ts): the light path.
        { light: true }
      );
    }
  };
}
__name(connectorCliCommand, "connectorCliCommand");
function operationCliCommand(name) {
  return {
    async run(args) {
      return withServices(async (services) => {
        const r = await runOperation(services, name, args, "cli");
        process.stdout.write(`${r.title}
${r.lines.map((l) => `  ${l}`).join("\n")}
`);
        return r.ok ? 0 : 1;
      });
    }
  };
}
__name(operationCliCommand, "operationCliCommand");
export {
  connectorCliCommand,
  operationCliCommand
};
//# sourceMappingURL=connector-command-CTOLR5ZR.js.map

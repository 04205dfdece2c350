import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  allTokenStatus,
  describeCredentialStatus,
  describeTokenStatus,
  tokenRefresh
} from "./chunk-4N4ZG2AM.js";
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
import "./chunk-RZBAZSCI.js";

// src/cli/token.ts
import { parseArgs } from "node:util";
var tokenCommand = {
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, options: { json: { type: "boolean" } } });
    } catch (e) {
      printError(e);
      return 2;
    }
    const [action, platform] = parsed.positionals;
    if (action !== "status" && action !== "refresh") {
      process.stderr.write("Usage: tongbu token status|refresh [platform] [--json]\n");
      return 2;
    }
    const json = parsed.values.json;
    return withServices(async (services) => {
      let code = 0;
      if (action === "refresh") {
        const results = await tokenRefresh(services, platform);
        for (const r of results) {
          if (json) process.stdout.write(`${JSON.stringify(r)}
`);
          else if (r.ok) process.stdout.write(`${r.platform}/${r.account}: refreshed
`);
          else process.stderr.write(`${r.platform}/${r.account}: ${r.error?.message}
${r.error?.action}
`);
          if (!r.ok) code = 1;
        }
      }
      const { oauth: rows, credentials } = await allTokenStatus(services, platform);
      if (json) {
        for (const r of rows) process.stdout.write(`${JSON.stringify(r)}
`);
        for (const c of credentials) process.stdout.write(`${JSON.stringify({ kind: "credential", ...c })}
`);
      } else {
        const lines = [...rows.length || !credentials.length ? describeTokenStatus(rows, services) : [], ...describeCredentialStatus(credentials)];
        process.stdout.write(`${lines.join("\n")}
`);
      }
      return code;
    }, action === "refresh" ? { emulators: true } : { light: true });
  }
};
export {
  tokenCommand
};
//# sourceMappingURL=token-7RUBVBAZ.js.map

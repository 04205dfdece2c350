import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  createLogger
} from "./chunk-ZLXQIJQH.js";
import {
  CONNECTORS
} from "./chunk-MXRYIYM3.js";
import {
  ConfigError,
  connectorRedactPaths,
  describeError,
  external_exports,
  loadSettings
} from "./chunk-TJ5FBCIB.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/cli/context.ts
async function withServices(fn, opts = {}) {
  if (opts.light) external_exports.config({ jitless: true });
  let config;
  try {
    config = loadSettings(process.env, CONNECTORS);
  } catch (e) {
    process.stderr.write(`${e instanceof ConfigError ? e.message : String(e)}
`);
    return 1;
  }
  const log = createLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : "warn", { stderr: true, format: config.LOG_FORMAT, redact: connectorRedactPaths(CONNECTORS), lazy: opts.light });
  let opened;
  try {
    opened = opts.light ? await (await import("./light-services-N4SLMI34.js")).openLightServices(config, log) : await (await import("./open-services-2MLVDXLW.js")).openServices(config, log, { emulators: opts.emulators });
  } catch (e) {
    printError(e);
    return 1;
  }
  try {
    return await fn(opened.services);
  } catch (e) {
    printError(e);
    return 1;
  } finally {
    await opened.close();
  }
}
__name(withServices, "withServices");
function printError(e) {
  const d = describeError(e);
  process.stderr.write(`Error: ${d.message}
${d.action}
`);
}
__name(printError, "printError");

export {
  withServices,
  printError
};
//# sourceMappingURL=chunk-LPKARAVT.js.map

import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  setExchangeRate
} from "./chunk-YE22NNSM.js";
import "./chunk-C3ZBSOBS.js";
import {
  loadRates
} from "./chunk-N32ZS3A6.js";
import {
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

// src/cli/fx.ts
var fxCommand = {
  async run(args) {
    const [verb, code, rate] = args;
    if (!(verb === "list" || verb === "set" && code && rate)) {
      process.stderr.write("Usage: tongbu fx set <CODE> <rate>   (\u5143 per unit, e.g. tongbu fx set USD 7.12)\n       tongbu fx list\n");
      return 2;
    }
    return withServices(
      async (services) => {
        if (verb === "set") await setExchangeRate(services, code, rate, "cli");
        for (const [c, r] of await loadRates(services.pool, services.config)) process.stdout.write(`${c} = ${r} \u5143
`);
        return 0;
      },
      { emulators: false }
    );
  }
};
export {
  fxCommand
};
//# sourceMappingURL=fx-Q5DZ7T5L.js.map

import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  createOceanengineEmulator
} from "./chunk-5OSQXKIG.js";
import "./chunk-XQIOZR4A.js";
import "./chunk-7VM5WVL3.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/sandbox/oceanengine-local/sandbox.ts
var start = /* @__PURE__ */ __name(async (_config, { port }) => {
  const emu = createOceanengineEmulator();
  await emu.listen(port);
  return {
    baseUrl: emu.baseUrl,
    env: {
      OCEANENGINE_APP_ID: emu.appId,
      OCEANENGINE_SECRET: emu.secret,
      OCEANENGINE_ACCOUNT_IDS: emu.accounts.join(","),
      OCEANENGINE_AUTH_BASE_URL: `${emu.baseUrl}/sandbox/oauth/authorize`
    },
    close: /* @__PURE__ */ __name(() => emu.close(), "close")
  };
}, "start");
export {
  start
};
//# sourceMappingURL=sandbox-WXD6SMKF.js.map

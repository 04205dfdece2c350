import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  Engine,
  mirrorStatusSection,
  notificationStatus,
  withFeishuSandboxDefaults
} from "./chunk-NNKZWI7C.js";
import {
  openDatabase
} from "./chunk-775YIJVF.js";
import {
  tokenStatusContributor
} from "./chunk-4N4ZG2AM.js";
import {
  createNotifications
} from "./chunk-WBJRFPRW.js";
import "./chunk-N32ZS3A6.js";
import "./chunk-CDCYALK5.js";
import "./chunk-DIUG7UWK.js";
import "./chunk-EGAMGWC5.js";
import "./chunk-UUUMHGKH.js";
import {
  CONNECTORS,
  openTokenStore
} from "./chunk-MXRYIYM3.js";
import {
  checkConnectorSettings
} from "./chunk-TJ5FBCIB.js";
import "./chunk-B65ONXEY.js";
import "./chunk-7VM5WVL3.js";
import "./chunk-BVAWLABE.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/metrics-inert.ts
var instrument = {};
for (const name of ["inc", "dec", "set", "observe", "reset", "remove"]) instrument[name] = () => void 0;
instrument.labels = () => instrument;
instrument.get = () => Promise.resolve({ values: [] });
function inertMetrics() {
  return new Proxy({}, {
    get: /* @__PURE__ */ __name((_t, key) => key === "registry" ? void 0 : instrument, "get")
  });
}
__name(inertMetrics, "inertMetrics");

// src/light-services.ts
async function openLightServices(settings, log, opts = {}) {
  const config = withFeishuSandboxDefaults(settings);
  const connectors = opts.connectors ?? CONNECTORS;
  checkConnectorSettings(connectors, config);
  const db = await openDatabase(config, log, { migrate: false });
  const services = { config, log, pool: db.pool, metrics: inertMetrics(), databaseUrl: db.url, connectors };
  try {
    const notifications = createNotifications({ config, log, pool: db.pool, messenger: /* @__PURE__ */ __name(() => void 0, "messenger") });
    services.notifier = notifications.notifier;
    services.broadcaster = notifications.broadcaster;
    services.tokens = await openTokenStore({ config, log, pool: db.pool, metrics: services.metrics, notifierOf: /* @__PURE__ */ __name(() => services.notifier, "notifierOf") });
    services.engine = await Engine.create({ config, log, pool: db.pool, metrics: services.metrics, databaseUrl: db.url, connectors, withEmulators: false, notifier: services.notifier, tokens: services.tokens });
    services.statusContributors = [notificationStatus, mirrorStatusSection, tokenStatusContributor];
  } catch (e) {
    await db.close();
    throw e;
  }
  return {
    services,
    close: /* @__PURE__ */ __name(async () => {
      await services.engine?.stop();
      await db.close();
    }, "close")
  };
}
__name(openLightServices, "openLightServices");
export {
  openLightServices
};
//# sourceMappingURL=light-services-N4SLMI34.js.map

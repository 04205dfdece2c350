import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  openDatabase
} from "./chunk-775YIJVF.js";
import {
  printError
} from "./chunk-LPKARAVT.js";
import {
  createLogger
} from "./chunk-ZLXQIJQH.js";
import "./chunk-MXRYIYM3.js";
import {
  loadConfig
} from "./chunk-TJ5FBCIB.js";
import "./chunk-B65ONXEY.js";
import "./chunk-7VM5WVL3.js";
import "./chunk-BVAWLABE.js";
import "./chunk-RZBAZSCI.js";

// src/cli/migrate.ts
var migrateCommand = {
  async run() {
    try {
      const config = loadConfig();
      const db = await openDatabase(config, createLogger("info", { stderr: true }));
      await db.close();
      process.stdout.write("migrations are up to date\n");
      return 0;
    } catch (e) {
      printError(e);
      return 1;
    }
  }
};
export {
  migrateCommand
};
//# sourceMappingURL=migrate-BDIH6OAQ.js.map

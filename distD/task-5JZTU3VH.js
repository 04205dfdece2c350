import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  setTaskState
} from "./chunk-ZZGSTMIH.js";
import "./chunk-EGAMGWC5.js";
import {
  withServices
} from "./chunk-LPKARAVT.js";
import "./chunk-ZLXQIJQH.js";
import "./chunk-MXRYIYM3.js";
import "./chunk-TJ5FBCIB.js";
import "./chunk-B65ONXEY.js";
import "./chunk-7VM5WVL3.js";
import "./chunk-BVAWLABE.js";
import "./chunk-RZBAZSCI.js";

// src/cli/task.ts
var taskCommand = {
  async run(args) {
    const [verb, name] = args;
    if (verb !== "stop" && verb !== "start" || !name) {
      process.stderr.write("Usage: tongbu task stop|start <name>   (names: tongbu status)\n");
      return 2;
    }
    return withServices(async (services) => {
      const t = await setTaskState(services, name, verb === "stop" ? "STOPPED" : "RUNNING", "cli");
      process.stdout.write(`task ${t.name} is ${t.state}
`);
      return 0;
    }, { light: true });
  }
};
export {
  taskCommand
};
//# sourceMappingURL=task-5JZTU3VH.js.map

import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  setDesiredState
} from "./chunk-EGAMGWC5.js";
import {
  TongbuError
} from "./chunk-TJ5FBCIB.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/ops/tasks.ts
async function setTaskState(services, name, state, by) {
  let task = name.trim().toLowerCase();
  try {
    task = services.engine?.runtime(task, { allowDisabled: true }).decl.name ?? task;
  } catch {
  }
  const row = await setDesiredState(services.pool, task, state, by);
  if (!row) throw new TongbuError("TASK_UNKNOWN", name);
  services.log.info({ task, state, by }, `task ${task} set to ${state}`);
  return { name: row.name, state: row.desired_state };
}
__name(setTaskState, "setTaskState");

export {
  setTaskState
};
//# sourceMappingURL=chunk-ZZGSTMIH.js.map

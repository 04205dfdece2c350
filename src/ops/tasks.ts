// STOP/START of scheduled tasks: the operation behind `/stop`, `/start` and `tongbu task`.
import { TongbuError } from '../errors.js';
import { ensureTask, setDesiredState, type TaskState } from '../engine/tasks.js';
import type { Services } from '../services.js';

export async function setTaskState(services: Services, name: string, state: TaskState, by: string): Promise<{ name: string; state: TaskState }> {
  // Accept a connector alias too (`/stop <alias>`).
  let task = name.trim().toLowerCase();
  try {
    const connector = services.engine?.runtime(task, { allowDisabled: true }).decl.name;
    // A read-only start-up (the CLI) does not create the connectors' task rows: create this one.
    if (connector) await ensureTask(services.pool, connector);
    task = connector ?? task;
  } catch {
    /* not a connector alias: a plain task name */
  }
  const row = await setDesiredState(services.pool, task, state, by);
  if (!row) throw new TongbuError('TASK_UNKNOWN', name);
  services.log.info({ task, state, by }, `task ${task} set to ${state}`);
  return { name: row.name, state: row.desired_state };
}

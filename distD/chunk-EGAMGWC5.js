import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/engine/tasks.ts
async function ensureTask(pool, name) {
  await pool.query(`INSERT INTO sync_tasks (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [name]);
}
__name(ensureTask, "ensureTask");
async function listTasks(pool) {
  return (await pool.query(`SELECT * FROM sync_tasks ORDER BY name`)).rows;
}
__name(listTasks, "listTasks");
async function isStopped(pool, name) {
  const r = await pool.query(`SELECT desired_state FROM sync_tasks WHERE name = $1`, [name]);
  return r.rows[0]?.desired_state === "STOPPED";
}
__name(isStopped, "isStopped");
async function setDesiredState(pool, name, state, by) {
  const r = await pool.query(
    `UPDATE sync_tasks SET desired_state = $2, updated_by = $3, updated_at = now() WHERE name = $1 RETURNING *`,
    [name, state, by]
  );
  return r.rows[0];
}
__name(setDesiredState, "setDesiredState");
async function heartbeat(pool, name, status, error) {
  await pool.query(
    `UPDATE sync_tasks SET heartbeat_at = now(),
       last_status = COALESCE($2, last_status),
       last_error = CASE WHEN $2::text IS NULL THEN last_error ELSE $3 END,
       last_run_at = CASE WHEN $2::text IS NULL THEN last_run_at ELSE now() END
     WHERE name = $1`,
    [name, status ?? null, error ?? null]
  );
}
__name(heartbeat, "heartbeat");

export {
  ensureTask,
  listTasks,
  isStopped,
  setDesiredState,
  heartbeat
};
//# sourceMappingURL=chunk-EGAMGWC5.js.map

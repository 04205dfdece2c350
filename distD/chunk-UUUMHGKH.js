import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/engine/run-lock.ts
var RUN_LOCK_NS = 1413632590;
async function lockRunOn(client, runId) {
  let onError = /* @__PURE__ */ __name(() => void 0, "onError");
  const lost = new Promise((resolve) => onError = resolve);
  client.on("error", onError);
  await client.query(`SELECT pg_advisory_lock($1, $2)`, [RUN_LOCK_NS, runId]);
  let released = false;
  return {
    lost,
    async release() {
      if (released) return;
      released = true;
      client.off("error", onError);
      try {
        await client.query(`SELECT pg_advisory_unlock($1, $2)`, [RUN_LOCK_NS, runId]);
        client.release();
      } catch (e) {
        client.release(e);
      }
    }
  };
}
__name(lockRunOn, "lockRunOn");
async function runOwnerAlive(client, runId) {
  const r = await client.query(`SELECT pg_try_advisory_lock($1, $2) AS free`, [RUN_LOCK_NS, runId]);
  if (!r.rows[0]?.free) return true;
  await client.query(`SELECT pg_advisory_unlock($1, $2)`, [RUN_LOCK_NS, runId]);
  return false;
}
__name(runOwnerAlive, "runOwnerAlive");

// src/engine/runs.ts
function runKey(connector, account, kind, w, streams) {
  const scope = streams ? `${[...streams].sort().join("+")}:` : "";
  return `${connector}:${account}:${kind}:${scope}${w.from.toISOString()}..${w.to.toISOString()}`;
}
__name(runKey, "runKey");
async function claimRun(pool, p) {
  const client = await pool.connect();
  let keep = false;
  try {
    await client.query("BEGIN");
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [p.key]);
    const latest = (await client.query(`SELECT * FROM sync_runs WHERE run_key = $1 ORDER BY id DESC LIMIT 1`, [p.key])).rows[0];
    let result;
    if (latest?.status === "running" && await runOwnerAlive(client, latest.id)) {
      result = { skipped: "running-elsewhere", run: latest };
    } else if (latest?.status === "succeeded" && latest.finished_at && latest.finished_at >= p.requestedAt) {
      result = { skipped: "already-done", run: latest };
    } else if (latest && latest.status !== "succeeded") {
      const died = latest.status === "running";
      const r = await client.query(
        `UPDATE sync_runs SET status = 'running', heartbeat_at = now(), finished_at = NULL, error_code = NULL, error_message = NULL,
                interruptions = interruptions + $2::int, last_interrupted_at = CASE WHEN $2::int > 0 THEN now() ELSE last_interrupted_at END
          WHERE id = $1 RETURNING *`,
        [latest.id, died ? 1 : 0]
      );
      result = { run: r.rows[0], resumed: true };
    } else {
      const r = await client.query(
        `INSERT INTO sync_runs (connector, account, trigger, run_key, window_from, window_to, requested_by, streams)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [p.connector, p.account, p.trigger, p.key, p.window.from, p.window.to, p.requestedBy ?? null, p.streams ?? null]
      );
      result = { run: r.rows[0], resumed: false };
    }
    if ("skipped" in result) {
      await client.query("COMMIT");
      return result;
    }
    const lock = await lockRunOn(client, result.run.id);
    await client.query("COMMIT");
    keep = true;
    return { ...result, lock };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => void 0);
    client.release(e);
    keep = true;
    throw e;
  } finally {
    if (!keep) client.release();
  }
}
__name(claimRun, "claimRun");
async function loadCheckpoints(pool, runId, stream) {
  const r = await pool.query(
    `SELECT slice_from, last_page, done FROM sync_checkpoints WHERE run_id = $1 AND stream = $2`,
    [runId, stream]
  );
  return new Map(r.rows.map((row) => [row.slice_from.toISOString(), { last_page: row.last_page, done: row.done }]));
}
__name(loadCheckpoints, "loadCheckpoints");
async function recordPage(client, r) {
  const res = await client.query({
    name: "tongbu_record_page",
    text: `WITH checkpoint AS (
       INSERT INTO sync_checkpoints (run_id, stream, slice_from, slice_to, last_page, done) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (run_id, stream, slice_from) DO UPDATE SET last_page = EXCLUDED.last_page, done = EXCLUDED.done, updated_at = now()
     ), progress AS (
       UPDATE sync_runs SET inserted = inserted + $7, updated = updated + $8, unchanged = unchanged + $9, pages = pages + 1,
         slices_done = slices_done + $10, heartbeat_at = now() WHERE id = $1
     )
     SELECT (SELECT desired_state FROM sync_tasks WHERE name = $11) AS desired_state`,
    values: [r.runId, r.stream, r.slice.from, r.slice.to, r.page, r.done, r.counts.inserted, r.counts.updated, r.counts.unchanged, r.done ? 1 : 0, r.task]
  });
  return { stopped: res.rows[0]?.desired_state === "STOPPED" };
}
__name(recordPage, "recordPage");
async function finishRun(pool, runId, status, error) {
  const r = await pool.query(
    `UPDATE sync_runs SET status = $2, finished_at = now(), heartbeat_at = now(), error_code = $3, error_message = $4 WHERE id = $1 RETURNING *`,
    [runId, status, error?.code ?? null, error?.message ?? null]
  );
  return r.rows[0];
}
__name(finishRun, "finishRun");
async function latestRunByKey(pool, key) {
  return (await pool.query(`SELECT * FROM sync_runs WHERE run_key = $1 ORDER BY id DESC LIMIT 1`, [key])).rows[0];
}
__name(latestRunByKey, "latestRunByKey");

export {
  runOwnerAlive,
  runKey,
  claimRun,
  loadCheckpoints,
  recordPage,
  finishRun,
  latestRunByKey
};
//# sourceMappingURL=chunk-UUUMHGKH.js.map

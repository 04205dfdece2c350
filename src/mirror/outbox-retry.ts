// Entries whose write failed stay in the outbox and are tried again later: after 1 s, 2 s, 4 s
// … (at most 10 min); entries refused because the table is full (1254103) are parked and tried
// once per BITABLE_PARK_MINUTES, so a full table costs no call per pass.
import type { Pool } from '../db/pool.js';
import type { OutboxItem } from './record-map.js';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 500);

/** Count a failed attempt and back off (firstBackoffMs doubling per attempt, ≤ 10 min). */
export async function markFailed(pool: Pool, items: OutboxItem[], e: unknown, firstBackoffMs: number): Promise<void> {
  await pool.query(
    `UPDATE bitable_outbox SET attempts = attempts + 1, last_error = $2,
       next_attempt_at = now() + least(600000, $3::float8 * power(2, attempts)) * interval '1 millisecond'
     WHERE id = ANY($1::bigint[])`,
    [items.map((i) => i.id), message(e), firstBackoffMs],
  );
}

/** Park new rows of a full table until `minutes` passed. */
export async function park(pool: Pool, items: OutboxItem[], e: unknown, minutes: number): Promise<void> {
  await pool.query(
    `UPDATE bitable_outbox SET attempts = attempts + 1, parked = true, last_error = $2,
       next_attempt_at = now() + $3::int * interval '1 minute' WHERE id = ANY($1::bigint[])`,
    [items.map((i) => i.id), message(e), minutes],
  );
}

export async function parkedCount(pool: Pool, mapping: string): Promise<number> {
  const res = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM bitable_outbox WHERE mapping = $1 AND parked', [mapping]);
  return res.rows[0]?.n ?? 0;
}

/** Entries that failed `attempts` times or more (not parked), and the last error among them. */
export async function failingEntries(pool: Pool, mapping: string, attempts: number): Promise<{ n: number; lastError: string | null }> {
  const res = await pool.query<{ n: number; last_error: string | null }>(
    `SELECT count(*)::int AS n, max(last_error) AS last_error FROM bitable_outbox WHERE mapping = $1 AND attempts >= $2 AND NOT parked`,
    [mapping, attempts],
  );
  return { n: res.rows[0]?.n ?? 0, lastError: res.rows[0]?.last_error ?? null };
}

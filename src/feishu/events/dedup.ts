// Each Feishu event is handled once, across restarts and replicas. Feishu delivers at least
// once (retries at 15 s, 5 min, 1 h, 6 h) and the receive page warns that the same message can
// come again under a new event_id, so an event is claimed on event_id AND message_id: the
// INSERT ... ON CONFLICT DO NOTHING that adds every key wins; any key already present loses.
import type { Pool } from '../../db/pool.js';

export async function claimEvent(pool: Pool, keys: string[]): Promise<boolean> {
  // Sorted so two replicas claiming overlapping keys lock them in the same order.
  const unique = [...new Set(keys.filter(Boolean))].sort();
  if (!unique.length) return true;
  const { rowCount } = await pool.query('INSERT INTO feishu_events_seen (key) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [unique]);
  return rowCount === unique.length;
}

/** Forget claims older than `days` (Feishu stops retrying after about 6 h). */
export async function pruneSeenEvents(pool: Pool, days = 7): Promise<number> {
  const { rowCount } = await pool.query(`DELETE FROM feishu_events_seen WHERE seen_at < now() - make_interval(days => $1)`, [days]);
  return rowCount ?? 0;
}

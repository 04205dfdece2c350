// Alert state in Postgres (table notify_alerts, migration 004), so de-duplication survives
// restarts and is shared by replicas. Who sends is decided by the database: each step is one
// conditional statement, and row locks make a second replica's UPDATE re-check its WHERE
// after the first commits, so exactly one of them gets the row back and sends.
import type { Pool } from '../db/pool.js';

export interface AlertClaim {
  /** This caller should send the card. */
  send: boolean;
  /** Occurrences in the current episode, this one included. */
  count: number;
  firstAt: Date;
}

export interface ResolvedAlert {
  title: string;
  firstAt: Date;
  count: number;
}

export class AlertStore {
  constructor(
    private readonly pool: Pool,
    private readonly repeatMinutes: number,
  ) {}

  /** Record an occurrence of `key` at `now`; `send` is true for the one caller that should notify. */
  async claim(key: string, title: string, message: string, now: Date): Promise<AlertClaim> {
    // 1. A key never seen: a new episode.
    const inserted = await this.pool.query<{ count: number; first_at: Date }>(
      `INSERT INTO notify_alerts (key, title, message, first_at, last_seen_at, last_sent_at, count, sent_count)
       VALUES ($1, $2, $3, $4, $4, $4, 1, 1)
       ON CONFLICT (key) DO NOTHING
       RETURNING count, first_at`,
      [key, title, message, now],
    );
    if (inserted.rows[0]) return { send: true, count: 1, firstAt: inserted.rows[0].first_at };

    // 2. A resolved key failing again (a new episode), or an open one not sent for the repeat period.
    const due = await this.pool.query<{ count: number; first_at: Date }>(
      `UPDATE notify_alerts SET
         title = $2, message = $3, last_seen_at = $4, last_sent_at = $4,
         first_at   = CASE WHEN resolved_at IS NOT NULL THEN $4 ELSE first_at END,
         count      = CASE WHEN resolved_at IS NOT NULL THEN 1 ELSE count + 1 END,
         sent_count = CASE WHEN resolved_at IS NOT NULL THEN 1 ELSE sent_count + 1 END,
         resolved_at = NULL
       WHERE key = $1
         AND (resolved_at IS NOT NULL OR last_sent_at IS NULL OR last_sent_at <= $4::timestamptz - make_interval(mins => $5::int))
       RETURNING count, first_at`,
      [key, title, message, now, this.repeatMinutes],
    );
    if (due.rows[0]) return { send: true, count: due.rows[0].count, firstAt: due.rows[0].first_at };

    // 3. Sent recently: count it, stay quiet.
    const seen = await this.pool.query<{ count: number; first_at: Date }>(
      `UPDATE notify_alerts SET count = count + 1, last_seen_at = $2, message = $3
       WHERE key = $1 RETURNING count, first_at`,
      [key, now, message],
    );
    const row = seen.rows[0];
    return { send: false, count: row?.count ?? 1, firstAt: row?.first_at ?? now };
  }

  /** Undo a claim whose card reached nobody, so the next occurrence tries again. */
  async release(key: string, claimedAt: Date): Promise<void> {
    await this.pool.query(
      `UPDATE notify_alerts SET last_sent_at = NULL, sent_count = greatest(sent_count - 1, 0)
       WHERE key = $1 AND last_sent_at = $2`,
      [key, claimedAt],
    );
  }

  /**
   * End the episode of `key`. Returns it when a card had been sent for it (the caller sends
   * the recovery); undefined when the key was not alerting. Only one replica gets the row.
   */
  async resolve(key: string, now: Date): Promise<ResolvedAlert | undefined> {
    const res = await this.pool.query<{ title: string; first_at: Date; count: number; sent_count: number }>(
      `UPDATE notify_alerts SET resolved_at = $2
       WHERE key = $1 AND resolved_at IS NULL
       RETURNING title, first_at, count, sent_count`,
      [key, now],
    );
    const row = res.rows[0];
    if (!row || row.sent_count === 0) return undefined;
    return { title: row.title, firstAt: row.first_at, count: row.count };
  }
}

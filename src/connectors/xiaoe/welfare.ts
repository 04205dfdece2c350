// Welfare (福利) decisions, a derived table refreshed after every run of the order stream (and
// before the morning card). The merchant grants each buyer a welfare only if the buyer has not
// refunded within XIAOE_WELFARE_DAYS (14) days of paying:
//   - a paid order enters xiaoe_welfare as `pending`, decision day = pay day + 14 (Asia/Shanghai);
//   - a refund (full; partial too unless XIAOE_WELFARE_PARTIAL_REFUND=keep) before the decision
//     day makes it `revoked` (revoked_on = the day it was seen). The refund's own time decides
//     "before" when the platform gives it; otherwise the day it was seen;
//   - on the decision day an order still paid becomes `granted` (granted_on = that day). An order
//     whose refund is in progress (退款中) on that day waits until the refund settles;
//   - a refund seen after the decision day sets `late_refund` (listed for a person to judge; the
//     grant is never changed silently).
// Each transition is one UPDATE guarded by the current status, so rescans and replicas running
// the refresh at once make it exactly once (the second waits on the row lock and finds the
// status moved). Orders that enter on or after their decision day (the history a first run
// reads) are decided at once and marked `historical`, so the first backfill does not fill the
// morning card.
import type { Pool, PoolClient } from '../../db/pool.js';
import { businessDay } from '../../engine/time.js';

export interface WelfareRule {
  days: number;
  /** A partial refund revokes the welfare (XIAOE_WELFARE_PARTIAL_REFUND=revoke). */
  partialRevokes: boolean;
}

/** The rule as the settings give it. */
export function welfareRule(s: { XIAOE_WELFARE_DAYS: number; XIAOE_WELFARE_PARTIAL_REFUND: string }): WelfareRule {
  return { days: s.XIAOE_WELFARE_DAYS, partialRevokes: s.XIAOE_WELFARE_PARTIAL_REFUND === 'revoke' };
}

export interface WelfareRefresh {
  entered: number;
  revoked: number;
  granted: number;
  lateRefunds: number;
  /** Every order whose welfare row was inserted or changed (for the Bitable mirror), once each. */
  changed: string[];
}

const REFUND_SQL = (o: string) => `(${o}.order_state IN (3, 10) OR ${o}.sales_state = 2 OR ($3::boolean AND (${o}.order_state = 11 OR ${o}.sales_state = 1)))`;
const REFUND_KIND_SQL = (o: string) => `CASE WHEN ${o}.order_state IN (3, 10) OR ${o}.sales_state = 2 THEN 'full' WHEN ${o}.order_state = 11 OR ${o}.sales_state = 1 THEN 'partial' END`;
/** The predicate of the index xiaoe_orders_refunded (migration 018): every order REFUND_SQL can match. */
const REFUNDED_INDEX_SQL = '(order_state IN (3, 10, 11) OR sales_state IN (1, 2))';
/** The business day of the refund: its own time when given, else the day it is seen ($1). */
const REFUND_DAY_SQL = (o: string) => `COALESCE((${o}.refund_time AT TIME ZONE 'Asia/Shanghai')::date, $1::date)`;

/**
 * New paid orders enter xiaoe_welfare. One entering on or after its decision day (the history)
 * is decided here at once, by the same rules as refreshWelfare's, so a first backfill writes each
 * welfare row once. `created` limits it to the orders created in that span (a slice the run has
 * just written: the engine calls this per slice while the run goes on, see `afterSlice`).
 */
export async function enterWelfare(tx: PoolClient, rule: WelfareRule, now: Date, created?: { from: Date; to: Date }): Promise<{ order_id: string }[]> {
  const params: unknown[] = [businessDay(now), rule.days, rule.partialRevokes];
  if (created) params.push(created.from, created.to);
  const entered = await tx.query<{ order_id: string }>(
    `INSERT INTO xiaoe_welfare (order_id, user_id, title, price, pay_time, decision_day, status, granted_on, revoked_on,
                                refund_money, refund_time, refund_kind, late_refund, late_refund_seen_on, historical)
     SELECT n.order_id, n.user_id, n.title, n.price, n.pay_time, n.decision_day, n.status,
            CASE WHEN n.status = 'granted' THEN $1::date END, CASE WHEN n.status = 'revoked' THEN $1::date END,
            CASE WHEN n.refunded AND n.status <> 'pending' THEN n.refund_money END,
            CASE WHEN n.refunded AND n.status <> 'pending' THEN n.refund_time END,
            CASE WHEN n.refunded AND n.status <> 'pending' THEN n.refund_kind END,
            n.refunded AND n.status = 'granted', CASE WHEN n.refunded AND n.status = 'granted' THEN $1::date END, n.historical
       FROM (SELECT o.order_id, o.user_id, o.title, o.price, o.pay_time, o.refund_money, o.refund_time, d.decision_day, r.refunded,
                    ${REFUND_KIND_SQL('o')} AS refund_kind, $1::date >= d.decision_day AS historical,
                    CASE WHEN $1::date < d.decision_day THEN 'pending'
                         WHEN r.refunded AND ${REFUND_DAY_SQL('o')} < d.decision_day THEN 'revoked'
                         WHEN o.order_state = 8 THEN 'pending'
                         ELSE 'granted' END AS status
               FROM xiaoe_orders o
              CROSS JOIN LATERAL (SELECT (o.pay_time AT TIME ZONE 'Asia/Shanghai')::date + $2::int AS decision_day) d
              CROSS JOIN LATERAL (SELECT ${REFUND_SQL('o')} AS refunded) r
              WHERE o.pay_time IS NOT NULL AND ${
                // A slice's orders (a few thousand) are checked against the welfare's key by the
                // insert itself, a probe each; NOT EXISTS there was planned as a hash anti-join
                // reading the whole welfare table for every slice. The whole table's orders are
                // anti-joined in one pass.
                created ? 'o.created_time BETWEEN $4 AND $5' : 'NOT EXISTS (SELECT 1 FROM xiaoe_welfare w WHERE w.order_id = o.order_id)'
              }) n
     ON CONFLICT (order_id) DO NOTHING
     RETURNING order_id`,
    params,
  );
  return entered.rows;
}

/**
 * Refunds seen after the grant: flags `late_refund` (listed for a person, the grant unchanged).
 * `created` limits it to the orders created in that span (a slice just written).
 */
export async function flagLateRefunds(tx: PoolClient, rule: WelfareRule, now: Date, created?: { from: Date; to: Date }): Promise<{ order_id: string }[]> {
  const params: unknown[] = [businessDay(now), rule.days, rule.partialRevokes];
  if (created) params.push(created.from, created.to);
  // Driven from the refunded orders (a few in a hundred, read through their partial index), read
  // once: joined the other way, the planner (whose statistics do not yet count the rows this
  // transaction inserted) probed the orders' key once per granted welfare, 0.5 s after a
  // 300,000-order first refresh.
  // A slice's orders are read by their creation time alone (OFFSET 0 keeps the refund test out
  // of that scan): with both indexes the planner also read the refunded orders of every slice.
  const orders = created
    ? `(SELECT order_id, refund_money, refund_time, order_state, sales_state FROM xiaoe_orders WHERE created_time BETWEEN $4 AND $5 OFFSET 0)`
    : 'xiaoe_orders';
  const late = await tx.query<{ order_id: string }>(
    `WITH o AS MATERIALIZED (SELECT o.order_id, o.refund_money, o.refund_time, ${REFUND_KIND_SQL('o')} AS refund_kind
                               FROM ${orders} o WHERE ${REFUNDED_INDEX_SQL} AND ${REFUND_SQL('o')})
     UPDATE xiaoe_welfare w SET late_refund = true, late_refund_seen_on = $1::date, refund_money = o.refund_money,
            refund_time = o.refund_time, refund_kind = o.refund_kind, updated_at = now()
       FROM o
      WHERE o.order_id = w.order_id AND w.status = 'granted' AND NOT w.late_refund AND $2::int IS NOT NULL
     RETURNING w.order_id`,
    params,
  );
  return late.rows;
}

/**
 * What a slice of orders just written allows at once (the derived table's `afterSlice`): its
 * paid orders enter, and its refunds seen after a grant are flagged. An order is only ever
 * written by a slice of a run, so when every slice of a run did this, the refresh after it may
 * leave both out (`slicesCovered`) instead of reading every order again.
 */
export async function welfareOfSlice(tx: PoolClient, rule: WelfareRule, now: Date, created: { from: Date; to: Date }): Promise<{ entered: string[]; lateRefunds: string[] }> {
  const entered = await enterWelfare(tx, rule, now, created);
  const late = await flagLateRefunds(tx, rule, now, created);
  return { entered: entered.map((r) => r.order_id), lateRefunds: late.map((r) => r.order_id) };
}

/**
 * Bring xiaoe_welfare up to date at `now`. Runs in the caller's transaction. `slicesCovered`:
 * every slice of the run that precedes it already did welfareOfSlice, so entering and the
 * late-refund check (each a read of every order) are left out; the decisions due are still made.
 */
export async function refreshWelfare(tx: PoolClient, rule: WelfareRule, now: Date, slicesCovered = false): Promise<WelfareRefresh> {
  const params = [businessDay(now), rule.days, rule.partialRevokes];
  // $2 is used by the entering only; the statements below take $1 and $3 (pg wants every $n
  // typed, so they cast $2 too).
  const entered = slicesCovered ? [] : await enterWelfare(tx, rule, now);
  const revoked = await tx.query<{ order_id: string }>(
    `UPDATE xiaoe_welfare w SET status = 'revoked', revoked_on = $1::date, refund_money = o.refund_money, refund_time = o.refund_time,
            refund_kind = ${REFUND_KIND_SQL('o')}, updated_at = now()
       FROM xiaoe_orders o
      WHERE o.order_id = w.order_id AND w.status = 'pending' AND $2::int IS NOT NULL
        AND ${REFUND_SQL('o')} AND ${REFUND_DAY_SQL('o')} < w.decision_day
     RETURNING w.order_id`,
    params,
  );
  // Still paid on the decision day (or refunded only after it: granted, and the late refund flagged).
  const granted = await tx.query<{ order_id: string; late: boolean }>(
    `UPDATE xiaoe_welfare w SET status = 'granted', granted_on = $1::date,
            late_refund = ${REFUND_SQL('o')},
            late_refund_seen_on = CASE WHEN ${REFUND_SQL('o')} THEN $1::date END,
            refund_money = CASE WHEN ${REFUND_SQL('o')} THEN o.refund_money END,
            refund_time = CASE WHEN ${REFUND_SQL('o')} THEN o.refund_time END,
            refund_kind = CASE WHEN ${REFUND_SQL('o')} THEN ${REFUND_KIND_SQL('o')} END,
            updated_at = now()
       FROM xiaoe_orders o
      WHERE o.order_id = w.order_id AND w.status = 'pending' AND $2::int IS NOT NULL
        AND w.decision_day <= $1::date AND o.order_state IS DISTINCT FROM 8
        AND NOT (${REFUND_SQL('o')} AND ${REFUND_DAY_SQL('o')} < w.decision_day)
     RETURNING w.order_id, w.late_refund AS late`,
    params,
  );
  const late = slicesCovered ? [] : await flagLateRefunds(tx, rule, now);
  // An order entered and then granted in the same pass is one change of its row.
  const changed = new Set([...entered, ...revoked.rows, ...granted.rows, ...late].map((r) => r.order_id));
  return {
    entered: entered.length,
    revoked: revoked.rowCount ?? 0,
    granted: granted.rowCount ?? 0,
    lateRefunds: late.length + granted.rows.filter((r) => r.late).length,
    changed: [...changed],
  };
}

export interface WelfareOrder {
  order_id: string;
  user_id: string | null;
  title: string | null;
  price: string | null;
  refund_money: string | null;
  refund_kind: string | null;
  pay_time: Date;
  refund_time: Date | null;
  decision_day: string;
  status: string;
  granted_on: string | null;
  revoked_on: string | null;
  late_refund_seen_on: string | null;
}

export interface WelfareDay {
  day: string;
  granted: WelfareOrder[];
  revoked: WelfareOrder[];
  lateRefunds: WelfareOrder[];
  /** Pending now, and how many are decided in the next 3 days. */
  pending: number;
  dueSoon: number;
}

const COLUMNS = `order_id, user_id, title, price::text AS price, refund_money::text AS refund_money, refund_kind, pay_time, refund_time,
  to_char(decision_day, 'YYYY-MM-DD') AS decision_day, status, to_char(granted_on, 'YYYY-MM-DD') AS granted_on,
  to_char(revoked_on, 'YYYY-MM-DD') AS revoked_on, to_char(late_refund_seen_on, 'YYYY-MM-DD') AS late_refund_seen_on`;

/** What happened on a business day: granted, revoked, late refunds seen (history excluded). */
export async function welfareDay(pool: Pool | PoolClient, day: string): Promise<WelfareDay> {
  const list = async (where: string) =>
    (await pool.query<WelfareOrder>(`SELECT ${COLUMNS} FROM xiaoe_welfare WHERE ${where} ORDER BY pay_time, order_id`, [day])).rows;
  const granted = await list(`status = 'granted' AND granted_on = $1::date AND NOT historical`);
  const revoked = await list(`status = 'revoked' AND revoked_on = $1::date AND NOT historical`);
  // A historical order found refunded late in the very refresh that entered (and granted) it is history too.
  const lateRefunds = await list(`late_refund AND late_refund_seen_on = $1::date AND (NOT historical OR late_refund_seen_on > granted_on)`);
  const p = (
    await pool.query<{ pending: number; due: number }>(
      `SELECT count(*)::int AS pending, count(*) FILTER (WHERE decision_day <= $1::date + 3)::int AS due FROM xiaoe_welfare WHERE status = 'pending'`,
      [day],
    )
  ).rows[0];
  return { day, granted, revoked, lateRefunds, pending: p?.pending ?? 0, dueSoon: p?.due ?? 0 };
}

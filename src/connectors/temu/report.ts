// `/temu [shop] [today|7d|30d|YYYY-MM]` (alias 店铺): per shop and currency, GMV, orders, units,
// profit and margin, the top SKUs, the payouts due in the next 7 days, and the orders missing a
// cost or whose amount could not be read. One function behind the chat command, the CLI and the
// HTTP API; money in the shop's own currency, never added across currencies.
import type { Pool } from '../../db/pool.js';
import { addDays, businessDay } from '../../engine/time.js';
import { TongbuError } from '../../errors.js';
import { formatMoney, marginText } from './figures.js';

export interface OpReport {
  title: string;
  lines: string[];
  ok: boolean;
}

export interface ReportRange {
  first: string;
  last: string;
  label: string;
}

/** today | 7d | 30d | YYYY-MM (default 7d), business days ending today. */
export function parseRange(text: string | undefined, now = new Date()): ReportRange {
  const today = businessDay(now);
  const t = (text ?? '7d').trim().toLowerCase();
  if (t === 'today' || t === '今天') return { first: today, last: today, label: today };
  const days = /^(\d{1,3})d$/.exec(t);
  if (days) {
    const n = Number(days[1]);
    if (n < 1 || n > 366) throw new TongbuError('COMMAND_BAD_ARGS', `${text}: give 1d to 366d`);
    return { first: addDays(today, -(n - 1)), last: today, label: `${addDays(today, -(n - 1))}..${today}` };
  }
  const month = /^(\d{4})-(\d{2})$/.exec(t);
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) {
    const first = `${month[1]}-${month[2]}-01`;
    const next = Number(month[2]) === 12 ? `${Number(month[1]) + 1}-01-01` : `${month[1]}-${String(Number(month[2]) + 1).padStart(2, '0')}-01`;
    return { first, last: addDays(next, -1), label: `${month[1]}-${month[2]}` };
  }
  throw new TongbuError('COMMAND_BAD_ARGS', `"${text}" is not a range: use today, 7d, 30d or YYYY-MM`);
}

export async function shopReport(pool: Pool, args: string[], now = new Date()): Promise<OpReport> {
  const shops = (await pool.query<{ shop: string }>(`SELECT DISTINCT shop FROM temu_orders ORDER BY shop`)).rows.map((r) => r.shop);
  let shop: string | undefined;
  let rangeText: string | undefined;
  for (const a of args) {
    if (shops.includes(a)) shop = a;
    else if (rangeText === undefined) rangeText = a;
    else throw new TongbuError('COMMAND_BAD_ARGS', `unknown shop "${a}" (shops: ${shops.join(', ') || 'none synced yet'})`);
  }
  let range: ReportRange;
  try {
    range = parseRange(rangeText, now);
  } catch (e) {
    if (rangeText && !shop) throw new TongbuError('COMMAND_BAD_ARGS', `"${rangeText}" is neither a shop (${shops.join(', ') || 'none synced yet'}) nor a range (today, 7d, 30d, YYYY-MM)`);
    throw e;
  }
  const scope = shop ? [shop] : null;
  const lines: string[] = [];
  const totals = await pool.query<{ shop: string; currency: string; orders: number; units: number; gmv: string; refunds: string; cost: string | null; profit: string | null; missing: number }>(
    `SELECT shop, currency, sum(orders)::int AS orders, sum(units)::int AS units, sum(gmv)::text AS gmv, sum(refunds)::text AS refunds,
            sum(cost)::text AS cost, sum(profit)::text AS profit, sum(missing_cost)::int AS missing
     FROM temu_shop_daily WHERE day BETWEEN $1 AND $2 AND ($3::text[] IS NULL OR shop = ANY($3))
     GROUP BY shop, currency ORDER BY shop, currency`,
    [range.first, range.last, scope],
  );
  for (const t of totals.rows) {
    const cur = t.currency || '?';
    const profit = t.profit === null ? '—' : `${formatMoney(t.profit, cur)}, margin ${marginText(t.profit, t.gmv)}`;
    lines.push(`**${t.shop}** (${cur}): GMV ${formatMoney(t.gmv, cur)} · ${t.orders} orders · ${t.units} units · refunds ${formatMoney(t.refunds, cur)} · profit ${profit}${t.missing ? ` (${t.missing} orders without a cost left out)` : ''}`);
  }
  if (!totals.rows.length) lines.push('No orders in this range.');

  const top = await pool.query<{ shop: string; sku_id: string; goods_name: string | null; units: number }>(
    `SELECT i.shop, i.sku_id, max(i.goods_name) AS goods_name, sum(i.quantity)::int AS units
     FROM temu_order_items i JOIN temu_order_finance f ON f.shop = i.shop AND f.parent_order_sn = i.parent_order_sn
     WHERE f.order_day BETWEEN $1 AND $2 AND f.status <> 3 AND ($3::text[] IS NULL OR i.shop = ANY($3))
     GROUP BY i.shop, i.sku_id ORDER BY units DESC, i.sku_id LIMIT 5`,
    [range.first, range.last, scope],
  );
  if (top.rows.length) lines.push(`Top SKUs: ${top.rows.map((r) => `${r.goods_name ?? r.sku_id} (${r.shop}, SKU ${r.sku_id}) ×${r.units}`).join('; ')}`);

  const today = businessDay(now);
  const due = await pool.query<{ shop: string; currency: string; due: string; orders: number }>(
    `SELECT shop, coalesce(currency, '') AS currency, sum(payout_amount)::text AS due, count(*)::int AS orders FROM temu_order_finance
     WHERE payout_due BETWEEN $1 AND $2 AND payout_amount IS NOT NULL AND ($3::text[] IS NULL OR shop = ANY($3))
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [today, addDays(today, 6), scope],
  );
  lines.push(
    due.rows.length
      ? `Payouts due in the next 7 days: ${due.rows.map((d) => `${d.shop} ${formatMoney(d.due, d.currency || '?')} (${d.orders} orders)`).join('; ')}`
      : 'Payouts due in the next 7 days: none',
  );

  const missing = await pool.query<{ shop: string; parent_order_sn: string; missing_skus: string[] }>(
    `SELECT shop, parent_order_sn, missing_skus FROM temu_order_finance
     WHERE order_day BETWEEN $1 AND $2 AND status <> 3 AND cardinality(missing_skus) > 0 AND ($3::text[] IS NULL OR shop = ANY($3))
     ORDER BY order_day DESC, parent_order_sn LIMIT 20`,
    [range.first, range.last, scope],
  );
  if (missing.rows.length) {
    const skus = [...new Set(missing.rows.flatMap((m) => m.missing_skus))];
    lines.push(`Orders missing a cost: ${missing.rows.map((m) => m.parent_order_sn).slice(0, 10).join(', ')}${missing.rows.length > 10 ? ', …' : ''} — SKUs without a cost: ${skus.slice(0, 10).join(', ')}${skus.length > 10 ? ', …' : ''}. Send a cost sheet (SKU id or 货号, 成本价).`);
  }
  const unreadable = await pool.query<{ shop: string; parent_order_sn: string; problem: string }>(
    `SELECT a.shop, a.parent_order_sn, a.problem FROM temu_order_amounts a JOIN temu_orders o ON o.shop = a.shop AND o.parent_order_sn = a.parent_order_sn
     WHERE a.problem IS NOT NULL AND (o.parent_order_time AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $1 AND $2 AND ($3::text[] IS NULL OR a.shop = ANY($3))
     ORDER BY a.parent_order_sn LIMIT 10`,
    [range.first, range.last, scope],
  );
  for (const u of unreadable.rows) lines.push(`Amount not readable for ${u.parent_order_sn} (${u.shop}): ${u.problem}. Kept as sent; not counted in GMV or profit.`);
  return { title: `Temu ${shop ?? 'all shops'} ${range.label}`, lines, ok: !missing.rows.length && !unreadable.rows.length };
}

// Cost prices per SKU with the day they take effect (temu_sku_costs). From a cost sheet (columns
// SKU id or 货号, 成本价, optional 生效日期 and 币种), the CLI or the HTTP API. A sheet is checked
// as a whole first: an unknown SKU, a negative or non-numeric cost, a bad date or currency refuses
// the whole sheet with every bad row named, and nothing is written (the stored costs stay). After
// a write, every order's cost and profit is recomputed set-wise (profit.ts).
import type { Pool } from '../../db/pool.js';
import { inTransaction } from '../../db/pool.js';
import { TongbuError } from '../../errors.js';
import { KNOWN_CURRENCIES } from '../../money.js';
import { refreshFinance } from './profit.js';

export interface CostInput {
  /** 1-based row of the sheet (for messages); absent for a single CLI/API entry. */
  row?: number;
  skuId?: string;
  /** 货号 */
  skuSn?: string;
  cost: unknown;
  /** YYYY-MM-DD (or a date cell); default 1970-01-01 (always). */
  effectiveFrom?: string | Date;
  currency?: string;
}

export interface CostRow {
  ref_kind: 'sku_id' | 'sku_sn';
  sku_ref: string;
  effective_from: string;
  unit_cost: string;
  currency: string | null;
}

export const ALWAYS = '1970-01-01';

/** Header names accepted for each column (first match wins). */
export const COST_HEADERS = {
  skuId: ['SKU id', 'SKU ID', 'SKUID', 'sku_id', 'skuId', 'SKU'],
  skuSn: ['货号', 'SKU货号', 'sku货号', 'skuSn', 'extCode'],
  cost: ['成本价', '成本', 'cost'],
  effectiveFrom: ['生效日期', 'effective_from'],
  currency: ['币种', 'currency'],
} as const;

/** A cost as written in a sheet or typed: "3.5", 3.5, "¥3.50", "1,234.5" → a decimal string; else undefined. */
function parseCost(v: unknown): string | undefined {
  let text: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || /e/i.test(String(v))) return undefined;
    text = String(v);
  } else if (typeof v === 'string') text = v.trim().replace(/^[¥$€£]/, '').replace(/,/g, '');
  else return undefined;
  return /^-?\d+(\.\d+)?$/.test(text) ? text : undefined;
}

function parseDay(v: unknown): string | undefined {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return new Date(v.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const text = String(v ?? '')
    .trim()
    .replace(/[/.]/g, '-');
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const day = `${m[1]}-${(m[2] as string).padStart(2, '0')}-${(m[3] as string).padStart(2, '0')}`;
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day ? day : undefined;
}

/** Check every entry; the problems say row and value. */
export async function validateCosts(pool: Pool, inputs: CostInput[]): Promise<{ rows: CostRow[]; problems: string[] }> {
  const problems: string[] = [];
  const rows: CostRow[] = [];
  const where = (i: CostInput, n: number) => (i.row !== undefined ? `row ${i.row}` : inputs.length > 1 ? `entry ${n + 1}` : 'the cost');
  inputs.forEach((i, n) => {
    const skuId = i.skuId?.toString().trim();
    const skuSn = i.skuSn?.toString().trim();
    if (!skuId && !skuSn) return problems.push(`${where(i, n)}: no SKU id or 货号`);
    const cost = parseCost(i.cost);
    if (cost === undefined) return problems.push(`${where(i, n)} (${skuId ?? skuSn}): 成本价 ${JSON.stringify(i.cost ?? '')} is not a number`);
    if (cost.startsWith('-')) return problems.push(`${where(i, n)} (${skuId ?? skuSn}): 成本价 ${cost} is negative`);
    if ((cost.split('.')[1] ?? '').length > 4) return problems.push(`${where(i, n)} (${skuId ?? skuSn}): 成本价 ${cost} has more than 4 decimals`);
    let day = ALWAYS;
    if (i.effectiveFrom instanceof Date || (i.effectiveFrom !== undefined && i.effectiveFrom.trim() !== '')) {
      const d = parseDay(i.effectiveFrom);
      if (!d) return problems.push(`${where(i, n)} (${skuId ?? skuSn}): 生效日期 ${JSON.stringify(i.effectiveFrom)} is not a date (YYYY-MM-DD)`);
      day = d;
    }
    let currency: string | null = null;
    if (i.currency !== undefined && i.currency.trim() !== '') {
      currency = i.currency.trim().toUpperCase();
      if (currency === 'RMB') currency = 'CNY';
      if (!KNOWN_CURRENCIES.has(currency)) return problems.push(`${where(i, n)} (${skuId ?? skuSn}): 币种 ${JSON.stringify(i.currency)} is not a currency code (CNY, USD, EUR, …)`);
    }
    rows.push({ ref_kind: skuId ? 'sku_id' : 'sku_sn', sku_ref: (skuId ?? skuSn) as string, effective_from: day, unit_cost: cost, currency });
  });
  // Every SKU must be one we know: from the product list or from an order.
  const ids = [...new Set(rows.filter((r) => r.ref_kind === 'sku_id').map((r) => r.sku_ref))];
  const sns = [...new Set(rows.filter((r) => r.ref_kind === 'sku_sn').map((r) => r.sku_ref))];
  const known = await pool.query<{ kind: string; ref: string }>(
    `SELECT 'sku_id' AS kind, sku_id AS ref FROM temu_skus WHERE sku_id = ANY($1)
     UNION SELECT 'sku_id', sku_id FROM temu_order_items WHERE sku_id = ANY($1)
     UNION SELECT 'sku_sn', sku_sn FROM temu_skus WHERE sku_sn = ANY($2)
     UNION SELECT 'sku_sn', ext_code FROM temu_order_items WHERE ext_code = ANY($2)`,
    [ids, sns],
  );
  const knownSet = new Set(known.rows.map((k) => `${k.kind}|${k.ref}`));
  inputs.forEach((i, n) => {
    const r = rows.find((x) => x.sku_ref === (i.skuId?.toString().trim() || i.skuSn?.toString().trim()));
    if (r && !knownSet.has(`${r.ref_kind}|${r.sku_ref}`)) problems.push(`${where(i, n)}: ${r.ref_kind === 'sku_id' ? 'SKU id' : '货号'} ${r.sku_ref} is not a SKU of any Temu shop (sync products first, or check the value)`);
  });
  return { rows, problems };
}

export interface CostImportResult {
  written: number;
  unchanged: number;
  ordersRecomputed: number;
}

/** Check, then write all costs in one transaction and recompute every order's cost and profit. */
export async function importCosts(pool: Pool, inputs: CostInput[], opts: { source: string; payoutDays: number; costCurrency?: string }): Promise<CostImportResult> {
  if (!inputs.length) throw new TongbuError('EXCEL_MISSING_COLUMNS', 'the cost sheet has no rows with a SKU id or 货号 and a 成本价');
  const { rows, problems } = await validateCosts(pool, inputs);
  if (problems.length) {
    const shown = problems.slice(0, 10).join('; ');
    throw new TongbuError('COMMAND_BAD_ARGS', `nothing was imported, ${problems.length} cost ${problems.length === 1 ? 'entry is' : 'entries are'} wrong: ${shown}${problems.length > 10 ? `; and ${problems.length - 10} more` : ''}`);
  }
  return inTransaction(pool, async (tx) => {
    const r = await tx.query<{ n: number }>(
      `WITH w AS (
         INSERT INTO temu_sku_costs AS c (ref_kind, sku_ref, effective_from, unit_cost, currency, source)
         SELECT ref_kind, sku_ref, effective_from, unit_cost, currency, $2 FROM jsonb_to_recordset($1::jsonb)
           AS r(ref_kind text, sku_ref text, effective_from date, unit_cost numeric, currency text)
         ON CONFLICT (ref_kind, sku_ref, effective_from) DO UPDATE SET unit_cost = EXCLUDED.unit_cost, currency = EXCLUDED.currency,
           source = EXCLUDED.source, updated_at = now()
         WHERE (c.unit_cost, c.currency) IS DISTINCT FROM (EXCLUDED.unit_cost, EXCLUDED.currency)
         RETURNING 1)
       SELECT count(*)::int AS n FROM w`,
      [JSON.stringify(dedupe(rows)), opts.source],
    );
    const written = r.rows[0]?.n ?? 0;
    const fin = written ? await refreshFinance(tx, { payoutDays: opts.payoutDays, costCurrency: opts.costCurrency }) : { orders: 0 };
    return { written, unchanged: dedupe(rows).length - written, ordersRecomputed: fin.orders };
  });
}

function dedupe(rows: CostRow[]): CostRow[] {
  const m = new Map<string, CostRow>();
  for (const r of rows) m.set(`${r.ref_kind}|${r.sku_ref}|${r.effective_from}`, r);
  return [...m.values()];
}

/** A cost sheet's rows (header row first) → cost inputs; throws when the columns are missing. */
export function costInputsFromSheet(header: unknown[], body: unknown[][], firstRow = 2): CostInput[] {
  const names = header.map((h) => String(h ?? '').trim());
  const col = (alts: readonly string[]) => {
    for (const a of alts) {
      const i = names.findIndex((n) => n.toLowerCase() === a.toLowerCase());
      if (i >= 0) return i;
    }
    return -1;
  };
  const c = { skuId: col(COST_HEADERS.skuId), skuSn: col(COST_HEADERS.skuSn), cost: col(COST_HEADERS.cost), effectiveFrom: col(COST_HEADERS.effectiveFrom), currency: col(COST_HEADERS.currency) };
  const missing = [...(c.skuId < 0 && c.skuSn < 0 ? ['SKU id or 货号'] : []), ...(c.cost < 0 ? ['成本价'] : [])];
  if (missing.length) throw new TongbuError('EXCEL_MISSING_COLUMNS', `${missing.join(', ')} (cost sheet)`);
  const cell = (r: unknown[], i: number) => (i < 0 ? undefined : r[i]);
  const str = (v: unknown) => (v === undefined || v === null || String(v).trim() === '' ? undefined : String(v).trim());
  const out: CostInput[] = [];
  body.forEach((r, n) => {
    if (r.every((v) => str(v) === undefined)) return;
    out.push({
      row: firstRow + n,
      skuId: str(cell(r, c.skuId)),
      skuSn: str(cell(r, c.skuSn)),
      cost: cell(r, c.cost),
      effectiveFrom: cell(r, c.effectiveFrom) instanceof Date ? (cell(r, c.effectiveFrom) as Date) : str(cell(r, c.effectiveFrom)),
      currency: str(cell(r, c.currency)),
    });
  });
  return out;
}

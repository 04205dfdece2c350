// Which PostgreSQL table (or view) is mirrored into which Bitable table, and how each column
// becomes a field. Built-in mappings below; a JSON file (BITABLE_MAPPING) can override them
// (partially, by name) or add new ones. Validated once at start, with errors naming the entry.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Config } from '../config.js';
import { TongbuError } from '../errors.js';

/** Field types we write, with their Bitable type codes (feishu.md §6). */
export const FIELD_TYPES = { text: 1, number: 2, singleSelect: 3, date: 5, url: 15 } as const;
export type FieldType = keyof typeof FIELD_TYPES;

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'must be a plain SQL identifier (letters, digits, _)' });

const fieldSchema = z.object({
  column: identifier,
  field: z.string().min(1).max(100),
  type: z.enum(Object.keys(FIELD_TYPES) as [FieldType, ...FieldType[]]),
});

const mappingSchema = z
  .object({
    /** Unique id; by default the source table's name (the loader's write hook matches on `source`). */
    name: z.string().min(1),
    /** PostgreSQL table or view (in the current schema). */
    source: identifier,
    /** Base override; default BITABLE_APP_TOKEN. */
    appToken: z.string().min(1).optional(),
    /** Bitable table name; created when missing. */
    table: z.string().min(1).max(100),
    /** Columns forming the record key (the primary key of `source`). */
    key: z.array(identifier).min(1),
    /** Text field holding the record key, so records can be matched back to rows. */
    keyField: z.string().min(1).max(100).default('记录键'),
    /** Column and Bitable field used by /dedup and --force to select one business day. */
    dateColumn: identifier.optional(),
    dateField: z.string().min(1).optional(),
    fields: z.array(fieldSchema).min(1),
    enabled: z.boolean().default(true),
    /** Other names accepted in commands (`oceanengine`). */
    aliases: z.array(z.string()).default([]),
  })
  .superRefine((m, ctx) => {
    const names = m.fields.map((f) => f.field);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) ctx.addIssue({ code: 'custom', path: ['fields'], message: `field "${dup}" appears twice` });
    if (names.includes(m.keyField)) ctx.addIssue({ code: 'custom', path: ['keyField'], message: `"${m.keyField}" is also a mapped field` });
    if (m.dateField && !m.fields.some((f) => f.field === m.dateField && f.type === 'date')) {
      ctx.addIssue({ code: 'custom', path: ['dateField'], message: `"${m.dateField}" must be one of the mapped fields, of type date` });
    }
    if (Boolean(m.dateColumn) !== Boolean(m.dateField)) ctx.addIssue({ code: 'custom', path: ['dateField'], message: 'dateColumn and dateField go together' });
  });

export type BitableMapping = z.output<typeof mappingSchema>;
export type MappingInput = z.input<typeof mappingSchema>;

/** 巨量本地推 daily unit report, as in the old script's Bitable (时间, 单元ID, … 团购线索数). */
const OCEANENGINE_LOCAL_DAILY: MappingInput = {
  name: 'oceanengine_local_daily',
  source: 'oceanengine_local_daily',
  table: '巨量本地推日报',
  key: ['stat_date', 'account_id', 'unit_id'],
  keyField: '记录键',
  dateColumn: 'stat_date',
  dateField: '时间',
  aliases: ['oceanengine', 'oceanengine-local', '巨量本地推'],
  fields: [
    { column: 'stat_date', field: '时间', type: 'date' },
    { column: 'unit_id', field: '单元ID', type: 'text' },
    { column: 'unit_name', field: '单元名称', type: 'text' },
    { column: 'spend', field: '消耗(元)', type: 'number' },
    { column: 'conversions', field: '转化数', type: 'number' },
    { column: 'cost_per_conversion', field: '转化成本(元)', type: 'number' },
    { column: 'group_buy_leads', field: '团购线索数', type: 'number' },
  ],
};

/**
 * 抖音来客 orders. Off unless BITABLE_MIRROR_ORDERS=true: a busy shop passes the ~20,000-row
 * table limit within months; then new orders are parked with one alert (see docs). The phone
 * column is never mirrored.
 */
const DOUYIN_LIFE_ORDERS: MappingInput = {
  name: 'douyin_life_orders',
  source: 'douyin_life_orders',
  table: '抖音来客订单',
  key: ['order_id'],
  keyField: '记录键',
  dateColumn: 'create_time',
  dateField: '下单时间',
  aliases: ['douyin-life', 'douyin', '抖音来客'],
  enabled: false,
  fields: [
    { column: 'order_id', field: '订单号', type: 'text' },
    { column: 'account_id', field: '账户ID', type: 'text' },
    { column: 'order_status', field: '订单状态', type: 'singleSelect' },
    { column: 'sku_name', field: '商品名称', type: 'text' },
    { column: 'pay_amount', field: '实付金额(元)', type: 'number' },
    { column: 'original_amount', field: '原价(元)', type: 'number' },
    { column: 'count', field: '数量', type: 'number' },
    { column: 'create_time', field: '下单时间', type: 'date' },
    { column: 'pay_time', field: '支付时间', type: 'date' },
  ],
};

export const BUILTIN_MAPPINGS: readonly MappingInput[] = [OCEANENGINE_LOCAL_DAILY, DOUYIN_LIFE_ORDERS];

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(entry)'}: ${i.message}`).join('; ');
}

/**
 * Built-ins merged with `overrides` (an entry whose name is a built-in replaces the keys it gives;
 * any other entry must be complete). Throws BITABLE_MAPPING_INVALID naming the bad entry.
 */
export function buildMappings(overrides: unknown[] = [], opts: { mirrorOrders?: boolean } = {}): BitableMapping[] {
  const byName = new Map<string, MappingInput>();
  for (const m of BUILTIN_MAPPINGS) byName.set(m.name, m.name === 'douyin_life_orders' && opts.mirrorOrders ? { ...m, enabled: true } : m);
  overrides.forEach((entry, index) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new TongbuError('BITABLE_MAPPING_INVALID', `entry ${index + 1} is not an object`);
    }
    const name = (entry as { name?: unknown }).name ?? (entry as { source?: unknown }).source;
    if (typeof name !== 'string' || !name) throw new TongbuError('BITABLE_MAPPING_INVALID', `entry ${index + 1} has no "name" (or "source")`);
    byName.set(name, { ...(byName.get(name) ?? {}), ...(entry as object), name } as MappingInput);
  });
  const out: BitableMapping[] = [];
  for (const [name, input] of byName) {
    const parsed = mappingSchema.safeParse(input);
    if (!parsed.success) throw new TongbuError('BITABLE_MAPPING_INVALID', `mapping "${name}": ${describeIssues(parsed.error)}`);
    out.push(parsed.data);
  }
  return out;
}

/** Mappings from settings: built-ins, the BITABLE_MAPPING file, BITABLE_MIRROR_ORDERS. */
export function loadMappings(config: Config): BitableMapping[] {
  let overrides: unknown[] = [];
  if (config.BITABLE_MAPPING) {
    let text: string;
    try {
      text = readFileSync(config.BITABLE_MAPPING, 'utf8');
    } catch (e) {
      throw new TongbuError('BITABLE_MAPPING_INVALID', `cannot read ${config.BITABLE_MAPPING}: ${(e as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new TongbuError('BITABLE_MAPPING_INVALID', `${config.BITABLE_MAPPING} is not JSON: ${(e as Error).message}`);
    }
    const list = Array.isArray(json) ? json : (json as { mappings?: unknown })?.mappings;
    if (!Array.isArray(list)) throw new TongbuError('BITABLE_MAPPING_INVALID', `${config.BITABLE_MAPPING} must hold an array of mappings, or {"mappings": [...]}`);
    overrides = list;
  }
  return buildMappings(overrides, { mirrorOrders: config.BITABLE_MIRROR_ORDERS });
}

/** The base a mapping writes to, or undefined when none is configured. */
export function baseOf(mapping: BitableMapping, config: Config): string | undefined {
  return mapping.appToken ?? config.BITABLE_APP_TOKEN;
}

/** Find a mapping by name, source table, Bitable table name or alias (case-insensitive). */
export function resolveMapping(mappings: BitableMapping[], name: string): BitableMapping {
  const n = name.trim().toLowerCase();
  const found =
    mappings.find((m) => m.name.toLowerCase() === n) ??
    mappings.find((m) => m.source.toLowerCase() === n) ??
    mappings.find((m) => m.table.toLowerCase() === n || m.aliases.some((a) => a.toLowerCase() === n));
  if (!found) throw new TongbuError('BITABLE_MAPPING_UNKNOWN', name);
  return found;
}

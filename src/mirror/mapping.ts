// Which PostgreSQL table (or view) is mirrored into which Bitable table, and how each column
// becomes a field. The built-in mappings come from the connectors' declarations (`mirror`); a
// JSON file (BITABLE_MAPPING) can override them (partially, by name) or add new ones. Validated
// once at start, with errors naming the entry.
import { DAILY_OVERVIEW_MIRROR } from '../overview/mirror.js';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { ConnectorDeclaration, MirrorMappingInput } from '../engine/types.js';
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
    /** Other names accepted in commands (a connector's name or alias). */
    aliases: z.array(z.string()).default([]),
    /** Off unless the setting of this opt-in is on (`orders`: BITABLE_MIRROR_ORDERS). */
    optIn: z.enum(['orders']).optional(),
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

/** Connectors declare their mappings as plain data (engine/types.ts); the schema accepts them. */
const asInput = (m: MirrorMappingInput): MappingInput => m;

/** The built-ins: each connector's (src/connectors/<name>/mirror.ts), and the overview across platforms. */
export function builtinMappings(connectors: readonly Pick<ConnectorDeclaration, 'mirror' | 'dailyMetrics'>[] = []): MirrorMappingInput[] {
  const overview = connectors.some((c) => c.dailyMetrics) ? [{ ...DAILY_OVERVIEW_MIRROR, key: [...DAILY_OVERVIEW_MIRROR.key], aliases: [...DAILY_OVERVIEW_MIRROR.aliases], fields: DAILY_OVERVIEW_MIRROR.fields.map((f) => ({ ...f })) }] : [];
  return [...connectors.flatMap((c) => c.mirror ?? []), ...overview];
}

/** Settings that turn opt-in mappings on (`optIn: 'orders'` ← BITABLE_MIRROR_ORDERS). */
export type MirrorOptIns = Partial<Record<NonNullable<MirrorMappingInput['optIn']>, boolean>>;

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(entry)'}: ${i.message}`).join('; ');
}

/**
 * Built-ins merged with `overrides` (an entry whose name is a built-in replaces the keys it gives;
 * any other entry must be complete). An opt-in built-in is on only when its setting is.
 * Throws BITABLE_MAPPING_INVALID naming the bad entry.
 */
export function buildMappings(builtins: readonly MirrorMappingInput[], overrides: unknown[] = [], opts: { optIns?: MirrorOptIns } = {}): BitableMapping[] {
  const byName = new Map<string, MappingInput>();
  for (const m of builtins) byName.set(m.name, m.optIn ? { ...asInput(m), enabled: opts.optIns?.[m.optIn] ?? false } : asInput(m));
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

/** Mappings from settings: the connectors' built-ins, the BITABLE_MAPPING file, BITABLE_MIRROR_ORDERS. */
export function loadMappings(config: Config, builtins: readonly MirrorMappingInput[]): BitableMapping[] {
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
  return buildMappings(builtins, overrides, { optIns: { orders: config.BITABLE_MIRROR_ORDERS } });
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

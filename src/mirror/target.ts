// Makes sure a mapping's Bitable table and fields exist: the table is found by name (created
// with all fields when missing), missing fields are added, and a field that exists with
// another type stops that mapping with a clear error instead of failing every write.
import { TongbuError } from '../errors.js';
import type { BitableApi } from './api.js';
import { FIELD_TYPES, type BitableMapping, type FieldType } from './mapping.js';
import type { SourceInfo } from './source.js';

/** Types allowed for a table's first (primary) field (feishu.md §6). */
const PRIMARY_OK = new Set([1, 2, 5, 13, 15, 20, 22]);

const TYPE_NAMES: Record<number, string> = { 1: 'text', 2: 'number', 3: 'single select', 4: 'multi select', 5: 'date', 7: 'checkbox', 11: 'user', 13: 'phone', 15: 'url', 17: 'attachment', 20: 'formula' };

export interface BitableTarget {
  appToken: string;
  tableId: string;
}

export function wantedFields(mapping: BitableMapping, info?: SourceInfo): { field_name: string; type: number; property?: Record<string, unknown> }[] {
  const fields: { field_name: string; type: number; property?: Record<string, unknown> }[] = mapping.fields.map((f) => ({
    field_name: f.field,
    type: FIELD_TYPES[f.type as FieldType],
    // An instant shows its time of day; a business date does not.
    ...(f.type === 'date' ? { property: { date_formatter: info?.types.get(f.column) === 'timestamp with time zone' ? 'yyyy-MM-dd HH:mm' : 'yyyy/MM/dd' } } : {}),
  }));
  const key = { field_name: mapping.keyField, type: FIELD_TYPES.text };
  // The first field becomes the primary one; not every type may be primary.
  return PRIMARY_OK.has(fields[0]?.type ?? 0) ? [...fields, key] : [key, ...fields];
}

export async function ensureTarget(api: BitableApi, appToken: string, mapping: BitableMapping, info?: SourceInfo): Promise<BitableTarget> {
  const wanted = wantedFields(mapping, info);
  const existing = (await api.listTables(appToken)).find((t) => t.name === mapping.table);
  if (!existing) {
    const tableId = await api.createTable(appToken, mapping.table, wanted);
    return { appToken, tableId };
  }
  const fields = await api.listFields(appToken, existing.table_id);
  for (const w of wanted) {
    const f = fields.find((x) => x.field_name === w.field_name);
    if (!f) {
      await api.createField(appToken, existing.table_id, w);
    } else if (f.type !== w.type) {
      throw new TongbuError(
        'BITABLE_FIELD_TYPE_MISMATCH',
        `"${w.field_name}" in table ${mapping.table} is a ${TYPE_NAMES[f.type] ?? `type ${f.type}`} field; the mapping writes ${TYPE_NAMES[w.type]}.`,
      );
    }
  }
  return { appToken, tableId: existing.table_id };
}

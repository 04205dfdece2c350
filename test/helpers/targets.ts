// Load targets the loader's tests write into.
import type { ColumnSpec } from '../../src/engine/types.js';

/** A snapshot target of spend buckets per entity: (id, bucket, spend), primary key (id, bucket). */
export function spendSnapshots(table: string) {
  return {
    table,
    primaryKey: ['id', 'bucket'],
    columns: [
      { name: 'id', type: 'text' },
      { name: 'bucket', type: 'timestamptz' },
      { name: 'spend', type: 'numeric' },
    ] as ColumnSpec[],
    snapshot: { entity: ['id'], time: 'bucket' },
    syncedAt: false,
  };
}

/** The table behind `spendSnapshots(table)`. */
export const spendSnapshotsTable = (table: string) => `CREATE TABLE ${table} (id text, bucket timestamptz, spend numeric(14,2), PRIMARY KEY (id, bucket))`;

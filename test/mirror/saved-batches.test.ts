// A saved batch_create keeps its body and its entries' ids and versions; each record's key and
// hash are derived from the body when it is read back for a replay. These tests show that what
// is read back is what was saved, and that a batch saved by the version before migration 019
// (entries as JSON) reads back the same after the upgrade.
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { MIGRATIONS_DIR, migrate } from '../../src/db/migrate.js';
import { createPool, type Pool } from '../../src/db/pool.js';
import { buildMappings } from '../../src/mirror/mapping.js';
import type { OutboxItem } from '../../src/mirror/record-map.js';
import { createBatches, saveBatch, savedBatches } from '../../src/mirror/saved-batches.js';
import { fieldsHash, type BitableFields } from '../../src/mirror/source.js';
import { TEST_MAPPING } from './harness.js';

const mapping = buildMappings([], [TEST_MAPPING])[0]!;

/** Entries as the writer plans them: fields of every kind a mapping writes, hashed. */
function plannedItems(n: number, firstId = 1, keyField = '记录键'): OutboxItem[] {
  return Array.from({ length: n }, (_, i) => {
    const key = `2026-02-1${i % 10}|1835880409219083|单元-${i}`;
    const fields: BitableFields = {
      时间: 1770739200000 + i * 86_400_000,
      单元ID: `7${String(i).padStart(18, '0')}`,
      单元名称: i % 3 ? `推广单元 "${i}" \\ 第${i}号\n换行` : null,
      '消耗(元)': 0.1 + 0.2 + i,
      转化数: i % 7,
      状态: '投放中',
      链接: i % 2 ? { text: `https://example.com/u/${i}?a=1&b=2`, link: `https://example.com/u/${i}?a=1&b=2` } : null,
      [keyField]: key,
    };
    return { id: firstId + i, version: 1 + (i % 3), key, attempts: i % 2, fields, hash: fieldsHash(fields) };
  });
}

describe('saved batches', () => {
  const name = `${inject('runPrefix')}_saved_${randomBytes(3).toString('hex')}`;
  let pool: Pool | undefined;
  let oldDir: string | undefined;
  afterAll(async () => {
    await pool?.end();
    if (oldDir) await rm(oldDir, { recursive: true, force: true });
    const admin = new pg.Client({ connectionString: inject('adminUrl') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });

  it('a batch saved by the version before migration 019 reads back the same after it, and a new one round-trips', async () => {
    const admin = new pg.Client({ connectionString: inject('adminUrl') });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const u = new URL(inject('adminUrl'));
    u.pathname = `/${name}`;
    pool = createPool(u.toString(), 2);

    // The schema as the previous version left it: migrations up to 018.
    oldDir = await mkdtemp(path.join(tmpdir(), 'tongbu-migrations-'));
    for (const f of await readdir(MIGRATIONS_DIR)) if (/^0(0\d|1[0-8])_/.test(f)) await copyFile(path.join(MIGRATIONS_DIR, f), path.join(oldDir, f));
    await migrate(pool, oldDir);
    // Written while the mapping's key field was named otherwise: the upgrade finds the field
    // holding the entries' keys.
    const old = plannedItems(7, 40, '旧记录键');
    const oldRecords = JSON.stringify(old.map((i) => ({ fields: i.fields })));
    await pool.query(`INSERT INTO bitable_batches (client_token, mapping, table_id, items, records) VALUES ($1, $2, $3, $4, $5)`, [
      'token-before-upgrade',
      mapping.name,
      'tblOld',
      JSON.stringify(old.map(({ id, version, key, hash }) => ({ id, version, key, hash }))),
      oldRecords,
    ]);

    // The upgrade: 019 turns the saved entries into ids and versions.
    expect(await migrate(pool)).toContain('019_bitable_lean_writes.sql');
    const [upgraded] = await savedBatches(pool, mapping);
    expect(upgraded?.token).toBe('token-before-upgrade');
    expect(upgraded?.tableId).toBe('tblOld');
    expect(JSON.stringify(upgraded?.records)).toBe(oldRecords);
    expect(upgraded?.items.map(({ id, version, key, hash }) => ({ id, version, key, hash }))).toEqual(old.map(({ id, version, key, hash }) => ({ id, version, key, hash })));

    // A batch saved now: the same ids, versions, keys and hashes come back, and the same body.
    const planned = plannedItems(500, 1000);
    const [batch] = createBatches(planned, 500);
    await saveBatch(pool, mapping, 'tblNew', batch!);
    const back = (await savedBatches(pool, mapping)).find((b) => b.token === batch!.token);
    expect(back?.tableId).toBe('tblNew');
    expect(JSON.stringify(back?.records)).toBe(JSON.stringify(batch!.records));
    expect(back?.items.map(({ id, version, key, hash }) => ({ id, version, key, hash }))).toEqual(planned.map(({ id, version, key, hash }) => ({ id, version, key, hash })));

    // The mapping's key field renamed before the replay (a crash, then a new setting): the keys
    // are still read from the field the batch was written with.
    const renamed = buildMappings([], [{ ...TEST_MAPPING, keyField: '同步键' }])[0]!;
    const replayed = (await savedBatches(pool, renamed)).find((b) => b.token === batch!.token);
    expect(replayed?.items.map((i) => i.key)).toEqual(planned.map((i) => i.key));
  });
});

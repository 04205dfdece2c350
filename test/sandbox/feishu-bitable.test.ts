// The Bitable part of the Feishu emulator, through the real SDK: the limits and errors the
// writer relies on must be there, or the writer's tests would prove nothing.
import * as lark from '@larksuiteoapi/node-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerBitableEmulator, type BitableEmulator } from '../../src/sandbox/feishu/bitable.js';
import { createFeishuEmulator, type FeishuEmulator } from '../../src/sandbox/feishu/emulator.js';

const APP = 'bascnEmulatorTest01';

describe('Feishu emulator: Bitable', () => {
  let emu: FeishuEmulator;
  let bt: BitableEmulator;
  let client: lark.Client;
  let tableId: string;
  const rec = (i: number) => ({ fields: { 名称: `r${i}`, 数量: i, 日期: Date.parse('2026-02-11T10:00:00+08:00') } });

  beforeEach(async () => {
    emu = createFeishuEmulator({ appId: `cli_${Math.random().toString(16).slice(2, 18).padEnd(16, '0')}` });
    bt = registerBitableEmulator(emu, { apps: [APP], writeDelayMs: 30, rowLimit: 1200 });
    await emu.listen();
    const m = new Map<unknown, unknown>();
    client = new lark.Client({
      appId: emu.appId,
      appSecret: emu.appSecret,
      domain: emu.baseUrl,
      cache: { get: async (k: unknown) => m.get(k), set: async (k: unknown, v: unknown) => void m.set(k, v) } as never,
      loggerLevel: lark.LoggerLevel.fatal,
    });
    const res = await client.bitable.v1.appTable.create({
      path: { app_token: APP },
      data: { table: { name: '表', fields: [{ field_name: '名称', type: 1 }, { field_name: '数量', type: 2 }, { field_name: '日期', type: 5 }] } },
    });
    expect(res.code).toBe(0);
    tableId = res.data?.table_id as string;
  });
  afterEach(async () => {
    await emu.close();
  });

  const create = (records: { fields: Record<string, unknown> }[], clientToken?: string) =>
    client.bitable.v1.appTableRecord.batchCreate({ path: { app_token: APP, table_id: tableId }, params: clientToken ? { client_token: clientToken } : {}, data: { records: records as never } });

  it('lists tables and fields, and refuses a duplicate table name', async () => {
    const tables = await client.bitable.v1.appTable.list({ path: { app_token: APP } });
    expect(tables.data?.items?.map((t) => t.name)).toEqual(['表']);
    const dup = await client.bitable.v1.appTable.create({ path: { app_token: APP }, data: { table: { name: '表' } } });
    expect(dup.code).toBe(1254013);
    const add = await client.bitable.v1.appTableField.create({ path: { app_token: APP, table_id: tableId }, data: { field_name: '链接', type: 15 } });
    expect(add.code).toBe(0);
    const fields = await client.bitable.v1.appTableField.list({ path: { app_token: APP, table_id: tableId } });
    expect(fields.data?.items?.map((f) => [f.field_name, f.type, f.is_primary])).toEqual([
      ['名称', 1, true],
      ['数量', 2, false],
      ['日期', 5, false],
      ['链接', 15, false],
    ]);
  });

  it('enforces the batch limits: 1,000 per batch_create, 500 per batch_delete (1254104)', async () => {
    expect((await create(Array.from({ length: 1001 }, (_, i) => rec(i)))).code).toBe(1254104);
    const ok = await create(Array.from({ length: 1000 }, (_, i) => rec(i)));
    expect(ok.code).toBe(0);
    const ids = ok.data?.records?.map((r) => r.record_id as string) ?? [];
    const del = await client.bitable.v1.appTableRecord.batchDelete({ path: { app_token: APP, table_id: tableId }, data: { records: ids.slice(0, 501) } });
    expect(del.code).toBe(1254104);
    expect(bt.records(APP, '表').length).toBe(1000);
  });

  it('answers 1254103 once a table would pass its row limit, creating nothing of that batch', async () => {
    expect((await create(Array.from({ length: 1000 }, (_, i) => rec(i)))).code).toBe(0);
    const over = await create(Array.from({ length: 201 }, (_, i) => rec(i)));
    expect(over.code).toBe(1254103);
    expect(over.msg).toMatch(/RecordExceedLimit/);
    expect(bt.records(APP, '表').length).toBe(1000);
  });

  it('replays a client_token without inserting twice, and refuses it with another body (1255006)', async () => {
    const a = await create([rec(1), rec(2)], 'tok-1');
    const b = await create([rec(1), rec(2)], 'tok-1');
    expect(b.data?.records?.map((r) => r.record_id)).toEqual(a.data?.records?.map((r) => r.record_id));
    expect(bt.records(APP, '表').length).toBe(2);
    expect((await create([rec(3)], 'tok-1')).code).toBe(1255006);
  });

  it('answers 1254291 to a write that arrives while another write to the base is in flight', async () => {
    const [a, b] = await Promise.all([create([rec(1)]), create([rec(2)])]);
    expect([a.code, b.code].sort()).toEqual([0, 1254291]);
    expect(bt.conflicts).toBe(1);
  });

  it('rate-limits record writes at 50/s with HTTP 429, 99991400 and x-ogw-ratelimit-reset', async () => {
    bt.options.writeDelayMs = 0; // writes then finish at once, so only the rate limit can refuse them
    const results = await Promise.allSettled(Array.from({ length: 60 }, (_, i) => create([rec(i)])));
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused.length).toBe(10);
    const err = refused[0]?.reason as { response?: { status?: number; data?: { code?: number }; headers?: Record<string, string> } };
    expect(err?.response?.status).toBe(429);
    expect(err?.response?.data?.code).toBe(99991400);
    expect(Number(err?.response?.headers?.['x-ogw-ratelimit-reset'])).toBeGreaterThanOrEqual(1);
    expect(bt.records(APP, '表').length).toBe(50);
  });

  it('checks field names and value types', async () => {
    expect((await create([{ fields: { 不存在: 'x' } }])).code).toBe(1254045);
    expect((await create([{ fields: { 数量: '12' } }])).code).toBe(1254061);
    expect((await create([{ fields: { 日期: '2026-02-11' } }])).code).toBe(1254064);
  });

  it('searches with filters (text, ExactDate), pages of at most 500, and text as rich-text segments', async () => {
    await create(Array.from({ length: 700 }, (_, i) => rec(i)));
    bt.seed(APP, '表', [{ 名称: 'other day', 日期: Date.parse('2026-02-12T01:00:00+08:00') }]);
    const search = (params: { page_size?: number; page_token?: string }, filter?: unknown) =>
      client.bitable.v1.appTableRecord.search({ path: { app_token: APP, table_id: tableId }, params, data: filter ? { filter: filter as never } : {} });
    expect((await search({ page_size: 501 })).code).toBe(99992402);
    const p1 = await search({ page_size: 500 });
    expect(p1.data?.items?.length).toBe(500);
    expect(p1.data?.has_more).toBe(true);
    const p2 = await search({ page_size: 500, page_token: p1.data?.page_token });
    expect(p2.data?.items?.length).toBe(201);
    expect(p2.data?.has_more).toBe(false);
    const byName = await search({ page_size: 10 }, { conjunction: 'and', conditions: [{ field_name: '名称', operator: 'is', value: ['r7'] }] });
    expect(byName.data?.items?.map((r) => r.fields)).toEqual([{ 名称: [{ text: 'r7', type: 'text' }], 数量: 7, 日期: Date.parse('2026-02-11T10:00:00+08:00') }]);
    const day = await search({ page_size: 500 }, { conjunction: 'and', conditions: [{ field_name: '日期', operator: 'is', value: ['ExactDate', String(Date.parse('2026-02-12T00:00:00+08:00'))] }] });
    expect(day.data?.items?.length).toBe(1);
    expect(day.data?.total).toBe(1);
  });
});

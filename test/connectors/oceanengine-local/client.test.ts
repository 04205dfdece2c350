import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { oceanengineLocal } from '../../../src/connectors/oceanengine-local/index.js';
import { dailyReportStream } from '../../../src/connectors/oceanengine-local/daily-report.js';
import { REPORT_PATH, type OceanengineLocalClient } from '../../../src/connectors/oceanengine-local/client.js';
import { PlatformError, type SyncSlice } from '../../../src/engine/types.js';
import { dayEnd, dayStart } from '../../../src/engine/time.js';
import { createHarness, type Harness } from './harness.js';

const DAY = '2026-02-10';
const slice = (day: string): SyncSlice => ({ day, from: dayStart(day), to: dayEnd(day) });

async function fetchAll(client: OceanengineLocalClient, account: string, day: string) {
  const records = [];
  for (let page = 1; ; page++) {
    const res = await dailyReportStream.fetchPage(client, { account, partition: { id: account }, slice: slice(day), page }, new AbortController().signal);
    records.push(...res.records);
    if (!res.hasMore) break;
  }
  return records;
}

describe('巨量本地推 client against the emulator', () => {
  let h: Harness;
  let account: string;
  beforeAll(async () => {
    h = await createHarness({ emulator: { unitsPerAccount: 25 }, settings: { OCEANENGINE_PAGE_SIZE: 10 } });
    account = h.emu.accounts[0] as string;
    await h.authorise();
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => {
    h.emu.requests.length = 0;
    h.emu.faults.length = 0;
    h.emu.clock.offsetMs = 0;
  });

  it('pages through a day with the contract params and maps every unit the emulator holds', async () => {
    const client = oceanengineLocal.createClient(h.ctx, { id: account }) as OceanengineLocalClient;
    const records = await fetchAll(client, account, DAY);
    const expected = h.emu.rows(account, DAY);
    expect(expected.length).toBeGreaterThan(10); // more than one page
    const rows = dailyReportStream.toRows(records, { account, partition: { id: account }, client });
    expect(rows.map((r) => r.unit_id).sort()).toEqual(expected.map((e) => e.unit.promotionId.toString()).sort());
    const first = expected[0]!;
    const mapped = rows.find((r) => r.unit_id === first.unit.promotionId.toString())!;
    expect(mapped.spend).toBe(`${Math.floor(first.costCents / 100)}.${String(first.costCents % 100).padStart(2, '0')}`);
    expect(mapped.conversions).toBe(first.convert_cnt);
    expect(mapped.group_buy_leads).toBe(first.clue_pay_order_cnt);

    const calls = h.emu.requests.filter((r) => r.path === REPORT_PATH);
    expect(calls).toHaveLength(Math.ceil(expected.length / 10));
    expect(calls[0]!.query).toMatchObject({
      local_account_id: account,
      start_date: DAY,
      end_date: DAY,
      metrics: '["stat_cost","convert_cnt","clue_pay_order_cnt","show_cnt","click_cnt"]',
      page: '1',
      page_size: '10',
    });
    expect(calls[0]!.headers['access-token']).toMatch(/^[\w-]+\.[\w-]+$/);
  });

  it('classifies rate limits, 5xx, malformed pages and refusals as PlatformErrors', async () => {
    const client = oceanengineLocal.createClient(h.ctx, { id: account }) as OceanengineLocalClient;
    const kindOf = async () => {
      try {
        await client.reportPage(DAY, 1);
        return 'ok';
      } catch (e) {
        return (e as PlatformError).kind;
      }
    };
    h.emu.faults.push({ match: /report/, times: 1, kind: 'rateLimit' });
    expect(await kindOf()).toBe('rateLimited');
    h.emu.faults.push({ match: /report/, times: 1, kind: 'serverError' });
    expect(await kindOf()).toBe('retryable');
    h.emu.faults.push({ match: /report/, times: 1, kind: 'malformedPage' });
    expect(await kindOf()).toBe('malformed');
    h.emu.faults.push({ match: /report/, times: 1, kind: { code: 40001, message: '参数错误' } });
    expect(await kindOf()).toBe('fatal');
    expect(await kindOf()).toBe('ok');
  });

  it('an access token the platform already expired → authExpired; refreshAuth renews it and the call works', async () => {
    const client = oceanengineLocal.createClient(h.ctx, { id: account }) as OceanengineLocalClient;
    await client.reportPage(DAY, 1);
    h.emu.clock.advance(25 * 3600_000); // the emulator thinks 25 h passed; our row still says valid
    await expect(client.reportPage(DAY, 1)).rejects.toMatchObject({ kind: 'authExpired', info: { code: 40102 } });
    await client.refreshAuth();
    await expect(client.reportPage(DAY, 1)).resolves.toMatchObject({ page: 1 });
  });

  it('an account the grant does not cover is refused (fatal, code 40002)', async () => {
    const client = oceanengineLocal.createClient(h.ctx, { id: '1111111111111111' }) as OceanengineLocalClient;
    await expect(client.reportPage(DAY, 1)).rejects.toMatchObject({ kind: 'fatal', info: { code: 40002 } });
  });

  it('the emulator checks the contract params', async () => {
    const token = await h.tokens.getValidAccessToken('oceanengine', 'default');
    const call = async (q: Record<string, string>) => {
      const u = new URL(`${h.emu.baseUrl}${REPORT_PATH}`);
      for (const [k, v] of Object.entries(q)) u.searchParams.set(k, v);
      return ((await (await fetch(u, { headers: { 'Access-Token': token } })).json()) as { code: number; message: string }).code;
    };
    const base = { local_account_id: account, start_date: DAY, end_date: DAY, metrics: '["stat_cost"]' };
    expect(await call(base)).toBe(0);
    expect(await call({ ...base, page_size: '30' })).toBe(40001);
    expect(await call({ ...base, metrics: '[]' })).toBe(40001);
    expect(await call({ ...base, metrics: '["nope"]' })).toBe(40001);
    expect(await call({ ...base, local_account_id: '' })).toBe(40001);
    expect(await call({ ...base, start_date: '2026-02-11' })).toBe(40001);
    expect(await call({ ...base, start_date: '2024-01-01' })).toBe(40001); // > 365 days
  });

  it('the same seed gives the same data; a revision changes the day and drops a unit', () => {
    const before = h.emu.rows(account, '2026-02-09');
    expect(h.emu.rows(account, '2026-02-09')).toEqual(before);
    h.emu.revise(account, '2026-02-09');
    const after = h.emu.rows(account, '2026-02-09');
    expect(after).toHaveLength(before.length - 1);
    expect(after.map((r) => r.costCents)).not.toEqual(before.slice(1).map((r) => r.costCents));
  });

  it('a day with rows for another day is malformed', async () => {
    const client = oceanengineLocal.createClient(h.ctx, { id: account }) as OceanengineLocalClient;
    const bogus = { ...client, reportPage: async () => ({ records: [{ promotion_id: '1', stat_time_day: '2026-02-09', stat_cost: 1 }], page: 1, totalPage: 1 }) };
    await expect(
      dailyReportStream.fetchPage(bogus as unknown as OceanengineLocalClient, { account, partition: { id: account }, slice: slice(DAY), page: 1 }, new AbortController().signal),
    ).rejects.toBeInstanceOf(PlatformError);
  });
});

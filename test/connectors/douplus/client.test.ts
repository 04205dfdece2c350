// The client over real HTTP against the emulator: paging from 0 or 1, group_by encodings, the
// 抖音号 the grant lists, classify, and the settings' aliases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFrom } from '../../../src/config.js';
import { douplusClassify } from '../../../src/connectors/douplus/client.js';
import { oceanengineOpenPlatform } from '../../../src/connectors/oceanengine-local/open-platform.js';
import { douplus } from '../../../src/connectors/index.js';
import type { DouplusSettings } from '../../../src/connectors/douplus/settings.js';
import { settingsOf } from '../../../src/engine/connector.js';
import type { ConnectorContext } from '../../../src/engine/types.js';
import { createDouplusHarness, type DouplusHarness } from './harness.js';

const classify = douplusClassify(oceanengineOpenPlatform.classify);

describe('DOU+ client', () => {
  let h: DouplusHarness;
  beforeAll(async () => {
    // An API whose pages count from 0 (one reading of the contract).
    h = await createDouplusHarness({ emulator: { firstPage: 0 }, settings: { DOUPLUS_PAGE_SIZE: '10', DOUPLUS_FIRST_PAGE: '0', DOUPLUS_GROUP_BY_FORMAT: 'csv' } });
  });
  afterAll(async () => {
    await h.close();
  });
  const clientFor = (account: string) => douplus.createClient(h.ctx as ConnectorContext, { id: account }) as ReturnType<typeof douplus.createClient> & {
    orderPage(r: { from: Date; to: Date }, page: number): Promise<{ records: { order?: { order_id?: string } }[]; totalPage: number; totalNum: number }>;
    report(ids: string[], b: string, e: string): Promise<unknown[]>;
  };

  it('with DOUPLUS_FIRST_PAGE=0 it asks for pages 0, 1, 2 … and reads every order exactly once', async () => {
    const account = h.emu.awemeSecUids[0] as string;
    const c = clientFor(account);
    const range = h.ordersWindow(30);
    const first = await c.orderPage(range, 1);
    const ids: string[] = [];
    for (let p = 1; p <= first.totalPage; p++) ids.push(...(await c.orderPage(range, p)).records.map((r) => String(r.order?.order_id)));
    const expected = h.emu.orders.filter((o) => o.account === account && o.createdAt <= h.now().getTime()).length;
    expect(first.totalNum).toBe(expected);
    expect(new Set(ids).size).toBe(expected);
    expect(ids).toHaveLength(expected);
    const pages = h.emu.requests.filter((r) => r.path.endsWith('/order/list/')).map((r) => r.query.page);
    expect(pages.slice(0, 3)).toEqual(['0', '0', '1']);
    // Against this API the default (pages from 1) would skip the first page: why it is a setting.
    expect(h.emu.requests.some((r) => r.path.endsWith('/order/list/') && r.query.page === '4')).toBe(false);
  });

  it('writes group_by as CSV when asked (the TypeScript SDK\'s form); the emulator answers both forms alike', async () => {
    const account = h.emu.awemeSecUids[0] as string;
    const ids = h.emu.orders.filter((o) => o.account === account && o.fate === 'normal').slice(0, 3).map((o) => o.orderId.toString());
    const rows = await clientFor(account).report(ids, '2020-01-01', '2030-01-01').catch((e: Error) => e);
    // 180 days at most: the emulator refuses a longer span with code 40001, a fatal refusal.
    expect(rows).toBeInstanceOf(Error);
    expect(String(rows)).toMatch(/40001/);
    const today = new Date(h.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const begin = new Date(h.now().getTime() + 8 * 3_600_000 - 20 * 86_400_000).toISOString().slice(0, 10);
    const csv = await clientFor(account).report(ids, begin, today);
    expect(h.emu.requests.at(-1)?.query.group_by).toBe('GROUP_BY_AD_ID');
    expect(csv).toHaveLength(3);
  });

  it('lists the 抖音号 the grant covers when DOUPLUS_AWEME_SEC_UIDS is empty', async () => {
    const config = configFrom({ ...h.config.env, DOUPLUS_AWEME_SEC_UIDS: '' });
    const settings = settingsOf(douplus, config) as DouplusSettings;
    const parts = await douplus.partitions?.({ ...(h.ctx as ConnectorContext), config, settings } as ConnectorContext);
    expect(parts?.map((p) => p.id)).toEqual(h.emu.awemeSecUids);
    const call = h.emu.requests.find((r) => r.path === '/open_api/oauth2/advertiser/get/');
    expect(typeof call?.query.access_token).toBe('string');
  });

  it('classify: 0 ok; 40102/40105/40108 token; 40100 and 429 rate limit; 5xx retry; other codes fatal; no envelope malformed', () => {
    expect(classify(200, { code: 0 }).kind).toBe('ok');
    for (const code of [40102, 40105, 40108]) expect(classify(200, { code, message: 'x' }).kind).toBe('authExpired');
    expect(classify(200, { code: 40100 }).kind).toBe('rateLimited');
    expect(classify(429, undefined).kind).toBe('rateLimited');
    expect(classify(502, undefined).kind).toBe('retryable');
    expect(classify(200, { code: 50000 }).kind).toBe('retryable');
    expect(classify(200, { code: 40002, message: 'no permission' })).toMatchObject({ kind: 'fatal', message: 'code 40002: no permission' });
    expect(classify(200, '<html>').kind).toBe('malformed');
    expect(classify(200, { message: 'no code' }).kind).toBe('malformed');
  });

  it('settings: OCEANENGINE_* app and the seed\'s SYNC_*_DAYS are aliases; DOUPLUS_* names win', () => {
    const s = settingsOf(douplus, configFrom({ OCEANENGINE_APP_ID: '111', OCEANENGINE_SECRET: 's', OCEANENGINE_GRANT: 'shop', SYNC_INCREMENTAL_DAYS: '3', SYNC_FULL_DAYS: '60' })) as DouplusSettings;
    expect([s.DOUPLUS_APP_ID, s.DOUPLUS_SECRET, s.DOUPLUS_GRANT, s.DOUPLUS_INCREMENTAL_DAYS, s.DOUPLUS_FULL_DAYS]).toEqual(['111', 's', 'shop', 3, 60]);
    const own = settingsOf(douplus, configFrom({ OCEANENGINE_APP_ID: '111', DOUPLUS_APP_ID: '222', DOUPLUS_GRANT: 'douyin' })) as DouplusSettings;
    expect([own.DOUPLUS_APP_ID, own.DOUPLUS_GRANT]).toEqual(['222', 'douyin']);
    expect(() => settingsOf(douplus, configFrom({ DOUPLUS_PAGE_SIZE: '500' }))).toThrow(/DOUPLUS_PAGE_SIZE/);
    const schedules = douplus.schedules(s).map((x) => [x.name, x.cron, x.streams]);
    expect(schedules).toEqual([
      ['incremental', '*/5 * * * *', ['orders']],
      ['full', '30 3 * * *', ['orders']],
      ['video-daily', '10 0 * * *', ['video_daily']],
      ['stats', '1-59/5 * * * *', ['order_stats']],
    ]);
    // The stats window at 12:06:30 (Asia/Shanghai) is the 12:05 bucket.
    const at = new Date('2026-02-11T04:06:30Z');
    const stats = douplus.schedules(s).find((x) => x.name === 'stats')?.window(at);
    expect(stats?.from.toISOString()).toBe('2026-02-11T04:05:00.000Z');
  });
});

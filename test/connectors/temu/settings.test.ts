import { describe, expect, it } from 'vitest';
import { configFrom } from '../../../src/config.js';
import { temu } from '../../../src/connectors/temu/index.js';
import { appFor, hostFor, type TemuSettings } from '../../../src/connectors/temu/settings.js';
import { settingsOf } from '../../../src/engine/connector.js';

const settings = (env: Record<string, string>) => settingsOf(temu, configFrom({ SANDBOX: 'off', ...env })) as TemuSettings;

describe('Temu settings', () => {
  it('defaults: orders every 30 min, products hourly, 90 days first, page 100, 20 calls/s, payouts 14 days, alerts 14/3/1', () => {
    const s = settings({});
    expect([s.TEMU_ORDERS_CRON, s.TEMU_PRODUCTS_CRON, s.TEMU_FIRST_RUN_DAYS, s.TEMU_PAGE_SIZE, s.TEMU_RATE_PER_SECOND, s.TEMU_PAYOUT_DAYS]).toEqual(['*/30 * * * *', '5 * * * *', 90, 100, 20, 14]);
    expect(s.TEMU_TOKEN_ALERT_DAYS).toEqual([14, 3, 1]);
    expect(temu.setup(s).configured).toBe(false);
  });

  it("the seed's TEMU_API_PROXY_URL is accepted for TEMU_BASE_URL; {region} picks the shop's region", () => {
    const s = settings({ TEMU_API_PROXY_URL: 'http://proxy-server:8001/{region}/' });
    expect(s.TEMU_BASE_URL).toBe('http://proxy-server:8001/{region}');
    expect(hostFor(s, 'eu')).toBe('http://proxy-server:8001/eu');
    expect(hostFor(settings({}), 'us')).toBe('https://openapi-b-us.temu.com');
    expect(hostFor(settings({}), 'global')).toBe('https://openapi-b-global.temu.com');
    expect(hostFor(settings({}), 'cn')).toBe('https://openapi.kuajingmaihuo.com');
  });

  it('cn shops sign with the CN app when it is set, else with the main app', () => {
    const both = settings({ TEMU_APP_KEY: 'k', TEMU_APP_SECRET: 's', TEMU_CN_APP_KEY: 'ck', TEMU_CN_APP_SECRET: 'cs' });
    expect(appFor(both, 'cn')).toEqual({ key: 'ck', secret: 'cs' });
    expect(appFor(both, 'us')).toEqual({ key: 'k', secret: 's' });
    expect(appFor(settings({ TEMU_APP_KEY: 'k', TEMU_APP_SECRET: 's' }), 'cn')).toEqual({ key: 'k', secret: 's' });
  });

  it('TEMU_SHOPS is a JSON list of {name, region, token}; a bad one names the problem', () => {
    const s = settings({ TEMU_SHOPS: '[{"name":"us-1","region":"US","token":"abcdefgh123"}]' });
    expect(s.TEMU_SHOPS).toEqual([{ name: 'us-1', region: 'us', token: 'abcdefgh123' }]);
    expect(temu.setup(s).accounts).toEqual(['us-1']);
    expect(() => settings({ TEMU_SHOPS: '[{"name":"x","region":"mars","token":"abcdefgh123"}]' })).toThrow(/TEMU_SHOPS.*region must be one of us, eu, global, cn/);
    expect(() => settings({ TEMU_SHOPS: 'not json' })).toThrow(/TEMU_SHOPS/);
    expect(() => settings({ TEMU_PAGE_SIZE: '500' })).toThrow(/TEMU_PAGE_SIZE.*at most 100/);
    expect(() => settings({ TEMU_TOKEN_ALERT_DAYS: 'soon' })).toThrow(/TEMU_TOKEN_ALERT_DAYS/);
  });

  it('schedules: orders over the last run plus overlap (first run 90 days), products as a full pass', () => {
    const s = settings({});
    const [orders, products] = temu.schedules(s);
    const now = new Date('2026-02-11T04:00:00Z');
    expect(orders?.streams).toEqual(['orders']);
    expect(orders?.window(now)).toEqual({ from: new Date('2026-02-11T03:00:00Z'), to: now });
    expect(orders?.firstWindow?.(now)).toEqual({ from: new Date(now.getTime() - 90 * 86_400_000), to: now });
    expect(products?.streams).toEqual(['products']);
    expect(products?.catchUp).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { checkConnectorSettings, settingsOf } from '../../../src/engine/connector.js';
import { oceanengineLocal } from '../../../src/connectors/oceanengine-local/index.js';

describe('巨量本地推 settings', () => {
  it('defaults: 07:00, 3 days back, refresh 60 min ahead, 100 rows a page, the real hosts', () => {
    const c = settingsOf(oceanengineLocal, loadConfig({}));
    expect([c.OCEANENGINE_CRON, c.OCEANENGINE_LOOKBACK_DAYS, c.OCEANENGINE_REFRESH_BEFORE_MINUTES, c.OCEANENGINE_PAGE_SIZE]).toEqual(['0 7 * * *', 3, 60, 100]);
    expect(c.OCEANENGINE_AUTH_BASE_URL).toBe('https://open.oceanengine.com/audit/oauth.html');
    expect(oceanengineLocal.setup(c)).toMatchObject({ configured: false, accounts: [], realBaseUrl: 'https://api.oceanengine.com' });
  });

  it("accepts the old script's names (JULIANG_*)", () => {
    const c = settingsOf(oceanengineLocal, loadConfig({ JULIANG_APP_ID: '1850175799663708', JULIANG_SECRET: 's', JULIANG_ADVERTISER_ID: '1835880409219083, 1835880409219084' }));
    expect(oceanengineLocal.setup(c)).toMatchObject({ configured: true, accounts: ['1835880409219083', '1835880409219084'] });
  });

  it('names a bad page size or cron', () => {
    const check = (env: Record<string, string>) => () => checkConnectorSettings([oceanengineLocal], loadConfig(env));
    expect(check({ OCEANENGINE_PAGE_SIZE: '30' })).toThrow(ConfigError);
    expect(check({ OCEANENGINE_PAGE_SIZE: '30' })).toThrow(/OCEANENGINE_PAGE_SIZE="30": must be 10, 20, 50 or 100/);
    expect(check({ OCEANENGINE_CRON: 'daily' })).toThrow(/OCEANENGINE_CRON/);
    expect(check({ OCEANENGINE_APP_ID: 'cli_abc' })).toThrow(/OCEANENGINE_APP_ID="cli_abc": must be the numeric app id/);
  });
});

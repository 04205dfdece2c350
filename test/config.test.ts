import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { douyinLife } from '../src/connectors/douyin-life/index.js';
import { settingsOf } from '../src/engine/connector.js';

describe('settings', () => {
  it('defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, SANDBOX: 'auto' });
    expect(settingsOf(douyinLife, c)).toMatchObject({ DOUYIN_LIFE_SYNC_DAYS: 7, DOUYIN_LIFE_PAGE_SIZE: 50, DOUYIN_LIFE_USE_CREATE_TIME: true, DOUYIN_LIFE_ACCOUNT_ID: [] });
  });

  it("accepts the old script's names so an old .env works unchanged", () => {
    const c = loadConfig({ APPID: 'aw123', AppSecret: 'sec', ACCOUNT_ID: '111, 222', DB_URL: 'postgres://x@h/db', SYNC_INTERVAL: '1800' });
    const d = settingsOf(douyinLife, c);
    expect(d.DOUYIN_LIFE_CLIENT_KEY).toBe('aw123');
    expect(d.DOUYIN_LIFE_CLIENT_SECRET).toBe('sec');
    expect(d.DOUYIN_LIFE_ACCOUNT_ID).toEqual(['111', '222']);
    expect(d.DOUYIN_LIFE_SYNC_INTERVAL).toBe(1800);
    expect(c.DATABASE_URL).toBe('postgres://x@h/db');
  });

  it('one readable error naming each bad key and why', () => {
    let err: unknown;
    try {
      loadConfig({ PORT: 'eighty', PAGE_SIZE: '500', USE_CREATE_TIME: 'maybe', DOUYIN_LIFE_CRON: 'every hour', LOG_LEVEL: 'loud' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/PORT="eighty": must be a whole number/);
    expect(msg).toMatch(/PAGE_SIZE="500": must be at most 200/);
    expect(msg).toMatch(/USE_CREATE_TIME="maybe": must be true or false/);
    expect(msg).toMatch(/DOUYIN_LIFE_CRON="every hour": must be a cron expression/);
    expect(msg).toMatch(/LOG_LEVEL="loud": must be one of/);
    expect((err as ConfigError).problems).toHaveLength(5);
  });
});

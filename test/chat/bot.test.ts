import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { ConfigError, configFrom } from '../../src/config.js';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createFeishuBot, SANDBOX_ADMIN_OPEN_ID, type FeishuBot } from '../../src/chat/bot.js';
import { SANDBOX_USER_OPEN_ID } from '../../src/sandbox/feishu/events.js';
import { flattenEvent, type FeishuEventData } from '../../src/feishu/events/envelope.js';
import { createLongConnection } from '../../src/feishu/events/long-connection.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import type { Services } from '../../src/services.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { titleOf } from './harness.js';

const log = createLogger('silent', { pretty: false });

describe('Feishu settings', () => {
  it('defaults, trailing slash stripped, lists split', () => {
    const c = configFrom({ FEISHU_DOMAIN: 'https://open.larksuite.com/', FEISHU_ADMIN_OPEN_IDS: 'ou_a, ou_b', FEISHU_ALLOWED_CHAT_IDS: '' });
    expect(c.FEISHU_DOMAIN).toBe('https://open.larksuite.com');
    expect(c.FEISHU_ADMIN_OPEN_IDS).toEqual(['ou_a', 'ou_b']);
    expect(c.FEISHU_ALLOWED_CHAT_IDS).toEqual([]);
    expect(configFrom().FEISHU_EVENT_MODE).toBe('webhook');
    expect(configFrom().FEISHU_DOMAIN).toBe('https://open.feishu.cn');
  });

  it('refuses an unknown event mode, naming the key', () => {
    expect(() => configFrom({ FEISHU_EVENT_MODE: 'poll' })).toThrow(ConfigError);
    expect(() => configFrom({ FEISHU_EVENT_MODE: 'poll' })).toThrow(/FEISHU_EVENT_MODE/);
  });
});

describe('the emulator stays out of production', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));

  it('the chat, Feishu, mirror and notify code have no import statement of sandbox/ (the bot loads it lazily)', () => {
    const offenders = ['src/chat', 'src/feishu', 'src/mirror', 'src/notify']
      .flatMap(files)
      .filter((f) => [...readFileSync(f, 'utf8').matchAll(/^import\s[^;]*?from\s+'([^']+)'/gm)].some((m) => /(^|\/)sandbox\//.test(m[1] as string)));
    expect(offenders).toEqual([]);
  });

  it("the sandbox admin is the emulator's user", () => {
    expect(SANDBOX_ADMIN_OPEN_ID).toBe(SANDBOX_USER_OPEN_ID);
  });
});

describe('createFeishuBot', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());
  const services = (settings: Record<string, string> = {}): Services => ({ config: configFrom(settings), log, pool: db.pool, metrics: createMetrics() });

  it('is off without FEISHU_APP_ID when SANDBOX=off', async () => {
    expect(await createFeishuBot(services({ SANDBOX: 'off' }))).toBeUndefined();
  });

  it('refuses webhook mode with neither a verification token nor an encrypt key', async () => {
    await expect(createFeishuBot(services({ FEISHU_APP_ID: 'cli_0123456789abcdef', FEISHU_APP_SECRET: 's' }))).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(createFeishuBot(services({ FEISHU_APP_ID: 'cli_0123456789abcdef' }))).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  describe('sandbox mode (no FEISHU_APP_ID)', () => {
    let bot: FeishuBot;
    let app: FastifyInstance;
    beforeAll(async () => {
      const s = services();
      bot = (await createFeishuBot(s, { sandboxPort: 0 })) as FeishuBot;
      s.feishuBot = bot;
      app = await buildApp(s);
      await bot.start(await app.listen({ port: 0, host: '127.0.0.1' }));
    });
    afterAll(async () => {
      await app.close();
      await bot.close();
    });

    it('runs against the built-in emulator, and the sandbox page talks to the bot', async () => {
      expect(bot.mode).toBe('sandbox');
      const base = bot.sandbox!.emulator.baseUrl;
      const said = await fetch(`${base}/sandbox/say`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chatId: 'oc_sandbox_group', chatType: 'group', text: '/help' }) });
      expect(said.status).toBe(200);
      const msgs = await bot.sandbox!.im.waitForBotMessages('oc_sandbox_group', (m) => m.length === 1);
      expect(titleOf(msgs[0]?.card)).toBe('Tongbu commands');
      const listed = (await (await fetch(`${base}/sandbox/messages`)).json()) as { chats: Array<{ chatId: string; messages: unknown[] }> };
      expect(listed.chats.find((c) => c.chatId === 'oc_sandbox_group')?.messages).toHaveLength(2);
    });
  });
});

describe('long connection (FEISHU_EVENT_MODE=ws)', () => {
  it('builds a WSClient and feeds the SDK-flattened event to the same handler as webhooks', async () => {
    const got: FeishuEventData[] = [];
    const conn = createLongConnection({ appId: 'cli_0123456789abcdef', appSecret: 's', domain: 'http://127.0.0.1:9', log, onEvent: async (e) => void got.push(e) });
    expect(conn.wsClient).toBeDefined();
    const payload = {
      schema: '2.0',
      header: { event_id: 'e1', event_type: 'im.message.receive_v1', create_time: '1', token: 't', app_id: 'cli_0123456789abcdef', tenant_key: 'k' },
      event: { sender: { sender_id: { open_id: 'ou_1' }, sender_type: 'user' }, message: { message_id: 'om_1', chat_id: 'oc_1', chat_type: 'p2p', message_type: 'text', content: '{"text":"/help"}' } },
    };
    await conn.dispatcher.invoke(payload, { needCheck: false });
    await new Promise((r) => setImmediate(r));
    expect(got).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(got[0]))).toEqual(flattenEvent(payload));
  });
});

// Sandbox mode decides per party: no credentials → emulator (auto/on) or disabled (off).
import { describe, expect, it } from 'vitest';
import { configFrom } from '../../src/config.js';
import { douyinLife } from '../../src/connectors/douyin-life/index.js';
import type { DouyinLifeSettings } from '../../src/connectors/douyin-life/settings.js';
import type { ConnectorDeclaration } from '../../src/engine/types.js';
import { createLogger } from '../../src/logger.js';
import { resolveConnectorMode } from '../../src/engine/connector-mode.js';

const decl: ConnectorDeclaration = douyinLife;
const log = createLogger('silent', { pretty: false });

describe('sandbox mode per party', () => {
  it('SANDBOX=off without credentials disables the connector with a clear reason', async () => {
    const mode = await resolveConnectorMode(decl, configFrom({ SANDBOX: 'off' }), log);
    expect(mode.mode).toBe('disabled');
    expect(mode.reason).toBe('抖音来客 (douyin-life) is disabled: no credentials and SANDBOX=off');
  });

  it('credentials configured: the real host (or the configured base URL), no emulator', async () => {
    const live = await resolveConnectorMode(decl, configFrom({ APPID: 'k', AppSecret: 's', ACCOUNT_ID: '1' }), log);
    expect(live).toMatchObject({ mode: 'live', baseUrl: 'https://open.douyin.com', accounts: ['1'] });
  });

  it('SANDBOX=auto without credentials starts the emulator and hands its credentials to the connector', async () => {
    const mode = await resolveConnectorMode(decl, configFrom({}), log);
    try {
      expect(mode.mode).toBe('sandbox');
      expect(mode.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${mode.baseUrl}/oauth/client_token/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_key: (mode.settings as DouyinLifeSettings).DOUYIN_LIFE_CLIENT_KEY, client_secret: (mode.settings as DouyinLifeSettings).DOUYIN_LIFE_CLIENT_SECRET, grant_type: 'client_credential' }),
      });
      expect(((await res.json()) as { data: { access_token: string } }).data.access_token).toMatch(/^clt\./);
    } finally {
      await mode.close?.();
    }
  });
});

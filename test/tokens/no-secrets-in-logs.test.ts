import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACT_PATHS } from '../../src/logger.js';
import { createTokenCipher } from '../../src/tokens/cipher.js';
import { createHarness, type Harness } from '../connectors/oceanengine-local/harness.js';

describe('tokens never reach the logs', () => {
  let h: Harness;
  const lines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    h = await createHarness({ log: pino({ level: 'trace', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink) });
  });
  afterAll(async () => {
    await h.close();
  });

  it('authorise, refresh and a failed refresh log what happened but no token or code', async () => {
    const code = h.emu.issueAuthCode();
    await h.tokens.authorizeWithCode('oceanengine', 'default', code);
    const cipher = createTokenCipher(h.config.TOKEN_ENCRYPTION_KEY!);
    const secrets = async () => {
      const row = (await h.db.pool.query(`SELECT access_token_enc, refresh_token_enc FROM platform_tokens`)).rows[0];
      return [cipher.decrypt(row.access_token_enc), cipher.decrypt(row.refresh_token_enc), row.access_token_enc, row.refresh_token_enc];
    };
    const seen = [code, ...(await secrets())];
    await h.tokens.refresh('oceanengine', 'default', { force: true });
    seen.push(...(await secrets()));
    h.emu.revokeRefreshTokens();
    await h.tokens.refresh('oceanengine', 'default', { force: true }).catch(() => undefined);

    const log = lines.join('');
    expect(log).toContain('token refreshed');
    expect(log).toContain('token refresh failed');
    for (const s of seen) expect(log).not.toContain(s);
    expect(log).not.toContain(h.emu.secret);
    // Nor the alert sent to chat.
    for (const s of seen) expect(JSON.stringify(h.notifier.alerts)).not.toContain(s);
  });
});

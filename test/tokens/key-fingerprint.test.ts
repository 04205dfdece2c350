// Issue 18, point 6: replicas on one database must share the token key. The database keeps the
// key's fingerprint; a token store with another key refuses to open, with one message.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configFrom } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openServices } from '../../src/main.js';
import { createTokenCipher } from '../../src/tokens/cipher.js';
import { openTokenStore, TokenStore } from '../../src/tokens/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const KEY_A = 'replica-a-key-'.padEnd(40, 'a');
const KEY_B = 'replica-b-key-'.padEnd(40, 'b');
const GRANT = { accessToken: 'access-token-value-1', refreshToken: 'refresh-token-value-1', accessExpiresIn: 86_400, refreshExpiresIn: 30 * 86_400 };

describe('token key fingerprint', () => {
  let db: TestDatabase;
  const log = createLogger('silent', { pretty: false });
  const open = (key: string) => openTokenStore({ config: configFrom({ TOKEN_ENCRYPTION_KEY: key }), log, pool: db.pool });
  const fingerprintRow = async () => (await db.pool.query(`SELECT fingerprint FROM token_key_fingerprint`)).rows[0]?.fingerprint as string | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });
  beforeEach(async () => {
    await db.pool.query(`DELETE FROM platform_tokens; DELETE FROM token_key_fingerprint`);
  });

  it('two stores with different keys on one database: the second refuses to open; the same key opens', async () => {
    const a = await open(KEY_A);
    await a.save('oceanengine', 'default', GRANT);
    const refused = await open(KEY_B).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({ code: 'TOKEN_KEY_DIFFERS', status: 500 });
    const e = refused as { message: string; action: string };
    expect(e.message).toContain('different token encryption key');
    expect(e.action).toContain('Set the same TOKEN_ENCRYPTION_KEY on every replica');
    const again = await open(KEY_A);
    expect(await again.getValidAccessToken('oceanengine', 'default')).toBe(GRANT.accessToken);
  });

  it('the database keeps a fingerprint of the key, never the key', async () => {
    const a = await open(KEY_A);
    expect(await fingerprintRow()).toBeUndefined(); // nothing stored yet, nothing to protect
    await a.save('oceanengine', 'default', GRANT);
    const fp = await fingerprintRow();
    expect(fp).toBe(createTokenCipher(KEY_A).fingerprint);
    expect(fp).toMatch(/^v1:[0-9a-f]{64}$/);
    expect(fp).not.toBe(createTokenCipher(KEY_B).fingerprint);
    const derived = createHash('sha256').update(KEY_A).digest();
    for (const form of [KEY_A, derived.toString('hex'), derived.toString('base64'), createHash('sha256').update(derived).digest('hex')]) expect(fp).not.toContain(form);
  });

  it('tokens stored before the fingerprint existed: the key that opens them records it; another key is refused', async () => {
    await (await open(KEY_A)).save('oceanengine', 'default', GRANT);
    await db.pool.query(`DELETE FROM token_key_fingerprint`); // as after upgrading to migration 009
    await expect(open(KEY_B)).rejects.toMatchObject({ code: 'TOKEN_KEY_DIFFERS' });
    expect(await fingerprintRow()).toBeUndefined();
    await open(KEY_A);
    expect(await fingerprintRow()).toBe(createTokenCipher(KEY_A).fingerprint);
  });

  it('a store that opened before the first token was stored cannot store under another key', async () => {
    const a = await open(KEY_A);
    const b = await open(KEY_B); // no tokens yet: both open
    await a.save('oceanengine', 'default', GRANT);
    await expect(b.save('oceanengine', 'default', { ...GRANT, accessToken: 'other-access' })).rejects.toMatchObject({ code: 'TOKEN_KEY_DIFFERS' });
    expect(await a.getValidAccessToken('oceanengine', 'default')).toBe(GRANT.accessToken);
    // The same through a store built by hand (the CLI and tests do that too).
    const c = new TokenStore({ pool: db.pool, log, cipher: createTokenCipher(KEY_B) });
    await expect(c.save('oceanengine', 'other', GRANT)).rejects.toMatchObject({ code: 'TOKEN_KEY_DIFFERS' });
    expect((await db.pool.query(`SELECT account FROM platform_tokens`)).rows).toEqual([{ account: 'default' }]);
  });

  it('a replica with another key refuses to start, with the message that says what to do', async () => {
    await (await open(KEY_A)).save('oceanengine', 'default', GRANT);
    const settings = (key: string) => configFrom({ DATABASE_URL: db.url, TOKEN_ENCRYPTION_KEY: key, SANDBOX: 'off' });
    await expect(openServices(settings(KEY_B), log)).rejects.toMatchObject({ code: 'TOKEN_KEY_DIFFERS', action: expect.stringContaining('TOKEN_ENCRYPTION_KEY') });
    const same = await openServices(settings(KEY_A), log);
    await same.close();
  });
});

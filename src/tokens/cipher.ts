// AES-256-GCM for tokens at rest. The key is derived (SHA-256) from TOKEN_ENCRYPTION_KEY; when that
// is empty, a random key is generated once into DATA_DIR/token-key (mode 0600) and reused, so a
// restart can still read what it stored. Ciphertext format: `v1:<iv b64>:<tag b64>:<data b64>`.
// The key's fingerprint (HMAC-SHA256 of a fixed label under the key) tells two keys apart without
// revealing either: the database keeps it, so replicas with different keys are caught at start.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import { TongbuError } from '../errors.js';
import type { Logger } from '../logger.js';

export interface TokenCipher {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** `v1:<hex>`: the same for the same key, different for another; the key cannot be derived from it. */
  readonly fingerprint: string;
}

/** Fixed label the fingerprint MACs; changing it changes every fingerprint (bump the v1 then). */
const FINGERPRINT_LABEL = 'tongbu token-key fingerprint v1';

export function createTokenCipher(secret: string): TokenCipher {
  const key = createHash('sha256').update(secret, 'utf8').digest();
  return {
    fingerprint: `v1:${createHmac('sha256', key).update(FINGERPRINT_LABEL, 'utf8').digest('hex')}`,
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${data.toString('base64')}`;
    },
    decrypt(sealed) {
      const [version, iv, tag, data] = sealed.split(':');
      if (version !== 'v1' || !iv || !tag || data === undefined) throw new TongbuError('TOKEN_KEY_MISMATCH', 'unknown ciphertext format');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
      } catch (e) {
        throw new TongbuError('TOKEN_KEY_MISMATCH', 'authentication tag check failed', { cause: e });
      }
    },
  };
}

/** The key secret from settings, or DATA_DIR/token-key (created once with mode 0600). */
export async function loadTokenKey(config: Config, log: Logger): Promise<string> {
  if (config.TOKEN_ENCRYPTION_KEY) return config.TOKEN_ENCRYPTION_KEY;
  const file = path.join(config.DATA_DIR, 'token-key');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await mkdir(config.DATA_DIR, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    // wx: two processes starting together must not overwrite each other's key.
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return (await readFile(file, 'utf8')).trim();
    throw e;
  }
  await chmod(file, 0o600);
  log.warn({ file }, 'TOKEN_ENCRYPTION_KEY is empty: generated a token encryption key once into this file; back it up with the database');
  return secret;
}

// One database, one token key. Replicas that each generated their own DATA_DIR/token-key (or were
// given different TOKEN_ENCRYPTION_KEYs) would each fail to read what the other stored; the
// database keeps the fingerprint of the key that encrypted its tokens, so such a replica refuses
// to start with one message instead of failing every OAuth run with TOKEN_KEY_MISMATCH.
import type { Pool, PoolClient } from '../db/pool.js';
import { TongbuError } from '../errors.js';
import type { TokenCipher } from './cipher.js';

async function storedFingerprint(db: Pool | PoolClient): Promise<string | undefined> {
  const res = await db.query<{ fingerprint: string }>(`SELECT fingerprint FROM token_key_fingerprint`);
  return res.rows[0]?.fingerprint;
}

/** Only a prefix of each fingerprint, enough to tell replicas apart in the message. */
function differs(mine: string, stored: string): TongbuError {
  const short = (f: string) => f.slice(0, 15);
  return new TongbuError('TOKEN_KEY_DIFFERS', `this process's key has fingerprint ${short(mine)}…, the database's tokens were encrypted under ${short(stored)}…`);
}

/** Before a token is stored: the first one records this key's fingerprint; any later must match it. */
export async function recordTokenKey(db: Pool | PoolClient, cipher: TokenCipher): Promise<void> {
  await db.query(`INSERT INTO token_key_fingerprint (fingerprint) VALUES ($1) ON CONFLICT (only_row) DO NOTHING`, [cipher.fingerprint]);
  const stored = await storedFingerprint(db);
  if (stored !== undefined && stored !== cipher.fingerprint) throw differs(cipher.fingerprint, stored);
}

/**
 * At start (opening the token store): refuse a key other than the one the stored tokens were
 * encrypted under. Tokens stored before the fingerprint existed are checked by decrypting one;
 * if that works, the fingerprint is recorded now.
 */
export async function checkTokenKey(pool: Pool, cipher: TokenCipher): Promise<void> {
  const stored = await storedFingerprint(pool);
  if (stored !== undefined) {
    if (stored !== cipher.fingerprint) throw differs(cipher.fingerprint, stored);
    return;
  }
  const sample = (await pool.query<{ access_token_enc: string }>(`SELECT access_token_enc FROM platform_tokens LIMIT 1`)).rows[0];
  if (!sample) return; // no tokens yet: the first one stored records the key
  try {
    cipher.decrypt(sample.access_token_enc);
  } catch (e) {
    throw new TongbuError('TOKEN_KEY_DIFFERS', 'the stored tokens cannot be decrypted with this process\'s key', { cause: e });
  }
  await recordTokenKey(pool, cipher);
}

// Decryption of encrypted fields (phone numbers) in 抖音来客 responses.
// Doc: https://developer.open-douyin.com/docs/resource/zh-CN/local-life/develop/OpenAPI/preparation/decrypt
// Local scheme: the client secret padded or cropped to 32 chars (pad with '#', left first then
// right, alternating; crop left first then right, alternating) is the AES-256-CBC key, and its
// right-most 16 chars are the IV; ciphertext is base64, PKCS7 padding. Ciphertexts starting with
// "Enc." need the platform's online decrypt API (quota-limited) and are not decrypted here.
import { createCipheriv, createDecipheriv, type Decipher } from 'node:crypto';

export function secretTo32(secret: string): string {
  let s = secret;
  let left = true;
  while (s.length < 32) {
    s = left ? `#${s}` : `${s}#`;
    left = !left;
  }
  left = true;
  while (s.length > 32) {
    s = left ? s.slice(1) : s.slice(0, -1);
    left = !left;
  }
  return s;
}

// Per secret: the key, the IV, and one AES-256-ECB decipher without padding, kept for good.
// CBC decryption is ECB decryption of each block XORed with the block before it (the IV before
// the first), so one long-lived decipher serves every field: ECB carries no state from one
// call to the next. A new aes-256-cbc decipher per field (Node builds an OpenSSL context and a
// stream object each time) cost about 5 µs, half of the 抖音来客 sync's own mapping work.
interface Derived {
  key: Buffer;
  iv: Buffer;
  blocks: Decipher;
}

const derived = new Map<string, Derived>();

function keyAndIv(secret: string): Derived {
  let k = derived.get(secret);
  if (!k) {
    const s = secretTo32(secret);
    const key = Buffer.from(s, 'utf8');
    const blocks = createDecipheriv('aes-256-ecb', key, null).setAutoPadding(false);
    k = { key, iv: Buffer.from(s.slice(16), 'utf8'), blocks };
    if (derived.size > 16) derived.clear();
    derived.set(secret, k);
  }
  return k;
}

export function isOnlineCipher(text: string): boolean {
  return text.startsWith('Enc.');
}

/**
 * Decrypt a locally-encrypted field (AES-256-CBC, PKCS7); throws on a wrong secret or a damaged
 * ciphertext, as OpenSSL's own CBC decipher does: a length that is not whole blocks, or padding
 * that is not 1-16 bytes all holding their count.
 */
export function decryptField(cipherBase64: string, clientSecret: string): string {
  const { iv, blocks } = keyAndIv(clientSecret);
  const ct = Buffer.from(cipherBase64, 'base64');
  if (ct.length === 0 || ct.length % 16 !== 0) throw new Error('wrong final block length');
  const out = blocks.update(ct);
  if (out.length !== ct.length) throw new Error('AES block decryption returned a partial block');
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) ^ (i < 16 ? (iv[i] as number) : (ct[i - 16] as number));
  const pad = out[out.length - 1] as number;
  if (pad < 1 || pad > 16) throw new Error('bad decrypt');
  for (let i = out.length - pad; i < out.length; i++) if (out[i] !== pad) throw new Error('bad decrypt');
  return out.toString('utf8', 0, out.length - pad);
}

/** The platform's side of the scheme (used by the emulator). */
export function encryptField(plain: string, clientSecret: string): string {
  const { key, iv } = keyAndIv(clientSecret);
  const c = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([c.update(plain, 'utf8'), c.final()]).toString('base64');
}

/** 13800138000 → 138****8000, for anything shown to people. */
export function maskPhone(phone: string): string {
  return phone.replace(/(\d{3})\d{4}(\d{4})/, '$1****$2');
}

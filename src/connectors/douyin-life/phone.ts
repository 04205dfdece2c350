// Decryption of encrypted fields (phone numbers) in 抖音来客 responses.
// Doc: https://developer.open-douyin.com/docs/resource/zh-CN/local-life/develop/OpenAPI/preparation/decrypt
// Local scheme: the client secret padded or cropped to 32 chars (pad with '#', left first then
// right, alternating; crop left first then right, alternating) is the AES-256-CBC key, and its
// right-most 16 chars are the IV; ciphertext is base64, PKCS7 padding. Ciphertexts starting with
// "Enc." need the platform's online decrypt API (quota-limited) and are not decrypted here.
import { createCipheriv, createDecipheriv } from 'node:crypto';

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

const derived = new Map<string, { key: Buffer; iv: Buffer }>();

function keyAndIv(secret: string): { key: Buffer; iv: Buffer } {
  let k = derived.get(secret);
  if (!k) {
    const s = secretTo32(secret);
    k = { key: Buffer.from(s, 'utf8'), iv: Buffer.from(s.slice(16), 'utf8') };
    if (derived.size > 16) derived.clear();
    derived.set(secret, k);
  }
  return k;
}

export function isOnlineCipher(text: string): boolean {
  return text.startsWith('Enc.');
}

/** Decrypt a locally-encrypted field; throws on a wrong secret or a damaged ciphertext. */
export function decryptField(cipherBase64: string, clientSecret: string): string {
  const { key, iv } = keyAndIv(clientSecret);
  const d = createDecipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([d.update(Buffer.from(cipherBase64, 'base64')), d.final()]).toString('utf8');
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

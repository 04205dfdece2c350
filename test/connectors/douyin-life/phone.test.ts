import { createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decryptField, encryptField, maskPhone, secretTo32 } from '../../../src/connectors/douyin-life/phone.js';

const vector = JSON.parse(readFileSync(new URL('../../fixtures/douyin-life/phone-decrypt.test-vector.json', import.meta.url), 'utf8'));

describe('phone decryption (DOC-DEC local AES scheme)', () => {
  it('decrypts the documented SDK test vector', () => {
    expect(decryptField(vector.cipher_text_base64, vector.client_secret)).toBe(vector.expected_plain_text);
  });
  it('uses the right-most 16 chars as IV (vector that tells the IV rules apart)', () => {
    expect(decryptField('o+M2s2GKWtIsYKYIGRUGFQ==', 'abcdefghijklmnopqrstuvwxyz012345')).toBe('13800138000');
  });
  it('pads a short secret with # left first, then right', () => {
    expect(secretTo32('abcdefghijklmnopqrstuvwxyz0123')).toBe('#abcdefghijklmnopqrstuvwxyz0123#');
    expect(decryptField('D0937w8CBHK3d27W+sRoxA==', 'abcdefghijklmnopqrstuvwxyz0123')).toBe('13800138000');
  });
  it('crops a long secret left first, then right', () => {
    // 35 chars: drop X (left), Z (right), Y (left).
    expect(secretTo32('XYabcdefghijklmnopqrstuvwxyz012345Z')).toBe('abcdefghijklmnopqrstuvwxyz012345');
  });
  it('round-trips and fails loudly with a wrong secret', () => {
    const c = encryptField('13912345678', 'sandbox-secret');
    expect(decryptField(c, 'sandbox-secret')).toBe('13912345678');
    expect(() => decryptField(c, 'another-secret-entirely')).toThrow();
  });
  it('masks phone numbers for chat', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
  });
});

describe('phone decryption against OpenSSL\'s own AES-256-CBC', () => {
  const openssl = (cipherBase64: string, secret: string): string => {
    const s = secretTo32(secret);
    const d = createDecipheriv('aes-256-cbc', Buffer.from(s, 'utf8'), Buffer.from(s.slice(16), 'utf8'));
    return Buffer.concat([d.update(Buffer.from(cipherBase64, 'base64')), d.final()]).toString('utf8');
  };
  const outcome = (f: () => string) => {
    try {
      return { text: f() };
    } catch {
      return { error: true };
    }
  };

  it('decrypts 2,000 fields of 0-40 characters as OpenSSL does, and fails where it fails', () => {
    for (let i = 0; i < 2_000; i++) {
      const secret = randomBytes(8 + (i % 30)).toString('base64url');
      const plain = randomBytes(i % 41).toString('hex').slice(0, i % 41) + (i % 3 ? '' : '电话');
      const c = encryptField(plain, secret);
      expect(decryptField(c, secret)).toBe(plain);
      // A wrong secret, a damaged block, a block cut off: the same outcome as OpenSSL's decipher.
      const damaged = Buffer.from(c, 'base64');
      const at = damaged.length - 1 - (i % damaged.length);
      damaged[at] = (damaged[at] as number) ^ (1 + (i % 255));
      for (const [ct, key] of [[c, `${secret}x`], [damaged.toString('base64'), secret], [damaged.subarray(0, damaged.length - 1 - (i % 15)).toString('base64'), secret]] as const) {
        expect(outcome(() => decryptField(ct, key))).toEqual(outcome(() => openssl(ct, key)));
      }
    }
  });

  it('refuses an empty ciphertext', () => {
    expect(() => decryptField('', 'sandbox-secret')).toThrow(/block length/);
  });
});

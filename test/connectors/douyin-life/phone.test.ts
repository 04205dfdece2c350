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

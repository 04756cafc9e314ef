import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AesGcmCipher,
  EncryptionKeyError,
  parseEncryptionKey,
  RecordDecryptionError,
} from '../../../src/storage/encryption.js';

const keyOf = (bytes: number) => randomBytes(bytes).toString('base64');

describe('parseEncryptionKey', () => {
  it('accepts base64 of exactly 32 bytes, standard or URL-safe, around whitespace', () => {
    const key = randomBytes(32);
    expect(parseEncryptionKey(`${key.toString('base64')}\n`)).toEqual(key);
    expect(parseEncryptionKey(key.toString('base64url'))).toEqual(key);
  });

  it.each([31, 33, 16, 0])('refuses a key of %i bytes, saying how long it must be', (bytes) => {
    const text = bytes === 0 ? '' : keyOf(bytes);
    expect(() => parseEncryptionKey(text, '--oauth-encryption-key')).toThrow(EncryptionKeyError);
    if (bytes > 0) {
      expect(() => parseEncryptionKey(text, '--oauth-encryption-key')).toThrow(
        `--oauth-encryption-key must decode to exactly 32 bytes, not ${bytes}`,
      );
    }
  });

  it.each(['not base64 at all!', 'abc def', `${keyOf(32).slice(0, 20)}$${keyOf(32).slice(21)}`])(
    'refuses text that is not base64: %s',
    (text) => {
      expect(() => parseEncryptionKey(text, 'OAUTH_ENCRYPTION_KEY')).toThrow(
        'OAUTH_ENCRYPTION_KEY is not base64',
      );
    },
  );

  it('never echoes the key in its error', () => {
    const text = keyOf(31);
    expect(() => parseEncryptionKey(text)).toThrow(EncryptionKeyError);
    try {
      parseEncryptionKey(text);
    } catch (error) {
      expect((error as Error).message).not.toContain(text);
    }
  });
});

describe('AesGcmCipher', () => {
  const current = randomBytes(32);
  const previous = randomBytes(32);

  it('opens what it sealed, with the same associated data', () => {
    const cipher = new AesGcmCipher(current);
    const sealed = cipher.seal('upstream-token', '["access-token","k"]');
    expect(sealed).not.toContain('upstream-token');
    expect(cipher.open(sealed, '["access-token","k"]')).toBe('upstream-token');
  });

  it('refuses a value moved to another record (associated data differs)', () => {
    const cipher = new AesGcmCipher(current);
    const sealed = cipher.seal('secret', 'record-a');
    expect(() => cipher.open(sealed, 'record-b')).toThrow(RecordDecryptionError);
  });

  it('uses a fresh 96-bit nonce for every value', () => {
    const nonces: Buffer[] = [];
    const cipher = new AesGcmCipher(current, undefined, (size) => {
      const nonce = randomBytes(size);
      nonces.push(nonce);
      return nonce;
    });
    const first = cipher.seal('same', 'ad');
    const second = cipher.seal('same', 'ad');
    expect(first).not.toBe(second);
    expect(nonces.map((nonce) => nonce.length)).toEqual([12, 12]);
  });

  it('refuses a tampered value', () => {
    const cipher = new AesGcmCipher(current);
    const sealed = cipher.seal('secret', 'ad');
    const bytes = Buffer.from(sealed.slice(3), 'base64url');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    expect(() => cipher.open(`v1:${bytes.toString('base64url')}`, 'ad')).toThrow(RecordDecryptionError);
  });

  it('refuses plaintext where a sealed value is expected', () => {
    expect(() => new AesGcmCipher(current).open('{"token":"x"}', 'ad')).toThrow(RecordDecryptionError);
  });

  it('opens values sealed with the previous key and seals new ones with the current key', () => {
    const sealedBefore = new AesGcmCipher(previous).seal('old', 'ad');
    const rotated = new AesGcmCipher(current, previous);
    expect(rotated.open(sealedBefore, 'ad')).toBe('old');
    const sealedAfter = rotated.seal('new', 'ad');
    expect(new AesGcmCipher(current).open(sealedAfter, 'ad')).toBe('new');
    expect(() => new AesGcmCipher(previous).open(sealedAfter, 'ad')).toThrow(RecordDecryptionError);
  });

  it('refuses a value sealed with an unknown key', () => {
    const sealed = new AesGcmCipher(randomBytes(32)).seal('x', 'ad');
    expect(() => new AesGcmCipher(current, previous).open(sealed, 'ad')).toThrow(RecordDecryptionError);
  });
});

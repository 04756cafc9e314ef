import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = 'v1:';
const BASE64 = /^(?:[A-Za-z0-9+/]+|[A-Za-z0-9_-]+)={0,2}$/;

/** A configured key is unusable; the message names the setting and never echoes the key. */
export class EncryptionKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncryptionKeyError';
  }
}

/** A stored value failed authentication: wrong key, tampering, or a value moved to another record. */
export class RecordDecryptionError extends Error {
  constructor() {
    super('a stored OAuth record could not be decrypted (wrong or missing encryption key, or tampering)');
    this.name = 'RecordDecryptionError';
  }
}

/**
 * Parses an AES-256 key given as base64 (standard or URL-safe) of exactly 32 bytes.
 * `setting` names where it came from, e.g. '--oauth-encryption-key'.
 */
export function parseEncryptionKey(text: string, setting = 'the encryption key'): Buffer {
  const trimmed = text.trim();
  const hint = 'generate one with `openssl rand -base64 32`';
  if (!BASE64.test(trimmed)) throw new EncryptionKeyError(`${setting} is not base64; ${hint}`);
  const key = Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64');
  if (key.length !== KEY_BYTES) {
    throw new EncryptionKeyError(
      `${setting} must decode to exactly ${KEY_BYTES} bytes, not ${key.length}; ${hint}`,
    );
  }
  return key;
}

/** Encrypts record values, binding each to its record through the associated data. */
export interface RecordCipher {
  seal(plaintext: string, associatedData: string): string;
  open(sealed: string, associatedData: string): string;
}

/**
 * AES-256-GCM with a random 96-bit nonce per value. Values are sealed with the current key and opened
 * with the current or the previous one, so a deployment can rotate keys without logging everyone out.
 */
export class AesGcmCipher implements RecordCipher {
  private readonly openingKeys: readonly Buffer[];

  constructor(
    private readonly currentKey: Buffer,
    previousKey?: Buffer,
    private readonly randomNonce: (size: number) => Buffer = randomBytes,
  ) {
    for (const key of [currentKey, previousKey]) {
      if (key && key.length !== KEY_BYTES) throw new EncryptionKeyError(`keys must be ${KEY_BYTES} bytes`);
    }
    this.openingKeys = previousKey ? [currentKey, previousKey] : [currentKey];
  }

  seal(plaintext: string, associatedData: string): string {
    const nonce = this.randomNonce(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.currentKey, nonce);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return FORMAT + Buffer.concat([nonce, cipher.getAuthTag(), ciphertext]).toString('base64url');
  }

  open(sealed: string, associatedData: string): string {
    if (!sealed.startsWith(FORMAT)) throw new RecordDecryptionError();
    const bytes = Buffer.from(sealed.slice(FORMAT.length), 'base64url');
    if (bytes.length < NONCE_BYTES + TAG_BYTES) throw new RecordDecryptionError();
    const nonce = bytes.subarray(0, NONCE_BYTES);
    const tag = bytes.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES);
    const ciphertext = bytes.subarray(NONCE_BYTES + TAG_BYTES);
    for (const key of this.openingKeys) {
      const plaintext = tryOpen(key, nonce, tag, ciphertext, associatedData);
      if (plaintext !== undefined) return plaintext;
    }
    throw new RecordDecryptionError();
  }
}

/** Used when no key is configured: values are stored as they are (a start-up warning says so). */
export const PLAINTEXT: RecordCipher = {
  seal: (plaintext) => plaintext,
  open: (sealed) => sealed,
};

function tryOpen(key: Buffer, nonce: Buffer, tag: Buffer, ciphertext: Buffer, associatedData: string) {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

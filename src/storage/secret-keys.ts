import { createHash, createHmac } from 'node:crypto';

/**
 * The storage key of a secret (token, code, login state): its SHA-256, so that whoever reads the store
 * (a backup, a Valkey dump) finds no usable credential, yet the holder of the secret finds its record.
 * Secrets are 256-bit random values, so a plain hash cannot be reversed by guessing.
 */
export function secretKey(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url');
}

/**
 * A 256-bit key only the holder of `secret` can derive (HMAC-SHA256 keyed with it, so unlike
 * `secretKey` it cannot be read off the store): for what a record may give back to that holder alone.
 */
export function keyDerivedFrom(secret: string, purpose: string): Buffer {
  return createHmac('sha256', secret).update(purpose, 'utf8').digest();
}

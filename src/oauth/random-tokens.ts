import { randomBytes as cryptoRandomBytes } from 'node:crypto';

/** A source of cryptographically secure random bytes; tests pass a predictable one. */
export type RandomBytes = (size: number) => Uint8Array;

const TOKEN_BYTES = 32;

/**
 * An opaque 256-bit token in base64url without padding (43 characters): used for access and refresh
 * tokens, codes, client ids and secrets, grant ids and login states.
 */
export function newOpaqueToken(randomBytes: RandomBytes = cryptoRandomBytes): string {
  return Buffer.from(randomBytes(TOKEN_BYTES)).toString('base64url');
}

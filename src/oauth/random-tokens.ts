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

/**
 * A client_id: an opaque token that never starts with `-`, which one in 64 would, so that an administrator can
 * name any client on a command line (`mcp-kubernetes admin`, where a leading `-` reads as an unknown option).
 */
export function newClientId(randomBytes: RandomBytes = cryptoRandomBytes): string {
  const token = newOpaqueToken(randomBytes);
  return token.startsWith('-') ? `_${token.slice(1)}` : token;
}

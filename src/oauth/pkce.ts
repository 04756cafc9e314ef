import { createHash } from 'node:crypto';
import { secretsEqual } from './constant-time.js';
import { InvalidGrant, InvalidRequest } from './errors.js';

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const CODE_VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
/** An S256 challenge is the base64url SHA-256 of a verifier: always 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const INVALID_PKCE = { event: 'invalid_pkce' } as const;

/**
 * At the authorization endpoint: PKCE is required and only S256 is accepted (OAuth 2.1; `plain` and an
 * omitted method, which RFC 7636 would read as `plain`, are refused). Returns the challenge to store.
 */
export function requireS256Challenge(challenge: string | undefined, method: string | undefined): string {
  if (!challenge) throw new InvalidRequest('code_challenge is required (PKCE with S256)', INVALID_PKCE);
  if (method !== 'S256') throw new InvalidRequest('code_challenge_method must be S256', INVALID_PKCE);
  if (!S256_CHALLENGE.test(challenge)) {
    throw new InvalidRequest(
      'code_challenge must be the base64url SHA-256 of the verifier (43 characters)',
      INVALID_PKCE,
    );
  }
  return challenge;
}

/**
 * At the token endpoint: the verifier must be well formed (else invalid_request) and hash to the stored
 * challenge (else invalid_grant, RFC 7636 §4.6), compared in constant time.
 */
export function requireMatchingVerifier(verifier: string | undefined, challenge: string): void {
  if (!verifier) throw new InvalidRequest('code_verifier is required', INVALID_PKCE);
  if (!CODE_VERIFIER.test(verifier)) {
    throw new InvalidRequest('code_verifier must be 43 to 128 characters of [A-Za-z0-9-._~]', INVALID_PKCE);
  }
  if (!secretsEqual(s256Challenge(verifier), challenge)) {
    throw new InvalidGrant('code_verifier does not match the code_challenge', INVALID_PKCE);
  }
}

/** The S256 challenge of a verifier (RFC 7636 §4.2). */
export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

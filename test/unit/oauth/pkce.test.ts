import { describe, expect, it } from 'vitest';
import { InvalidGrant, InvalidRequest } from '../../../src/oauth/errors.js';
import { requireMatchingVerifier, requireS256Challenge, s256Challenge } from '../../../src/oauth/pkce.js';

// RFC 7636 Appendix B
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('requireS256Challenge', () => {
  it('accepts an S256 challenge', () => {
    expect(requireS256Challenge(RFC_CHALLENGE, 'S256')).toBe(RFC_CHALLENGE);
  });

  it('requires a challenge', () => {
    expect(() => requireS256Challenge(undefined, 'S256')).toThrow(InvalidRequest);
    expect(() => requireS256Challenge('', 'S256')).toThrow('code_challenge is required');
  });

  it('refuses plain and an omitted method (which RFC 7636 reads as plain)', () => {
    expect(() => requireS256Challenge(RFC_CHALLENGE, 'plain')).toThrow('code_challenge_method must be S256');
    expect(() => requireS256Challenge(RFC_CHALLENGE, undefined)).toThrow(InvalidRequest);
    expect(() => requireS256Challenge(RFC_CHALLENGE, 's256')).toThrow(InvalidRequest);
  });

  it('refuses a challenge that cannot be an S256 hash', () => {
    expect(() => requireS256Challenge('short', 'S256')).toThrow(/43 characters/);
    expect(() => requireS256Challenge(`${RFC_CHALLENGE.slice(0, 42)}=`, 'S256')).toThrow(InvalidRequest);
  });
});

describe('requireMatchingVerifier', () => {
  it('computes the challenge of RFC 7636 Appendix B', () => {
    expect(s256Challenge(RFC_VERIFIER)).toBe(RFC_CHALLENGE);
  });

  it('accepts the verifier of the challenge', () => {
    expect(() => requireMatchingVerifier(RFC_VERIFIER, RFC_CHALLENGE)).not.toThrow();
  });

  it('refuses a wrong verifier with invalid_grant', () => {
    expect(() => requireMatchingVerifier(`${RFC_VERIFIER.slice(0, -1)}Y`, RFC_CHALLENGE)).toThrow(
      InvalidGrant,
    );
  });

  it('requires a verifier', () => {
    expect(() => requireMatchingVerifier(undefined, RFC_CHALLENGE)).toThrow('code_verifier is required');
  });

  it.each([
    ['42 characters', 'a'.repeat(42)],
    ['129 characters', 'a'.repeat(129)],
    ['a character outside the unreserved set', `${'a'.repeat(42)}+`],
    ['a space', `${'a'.repeat(42)} `],
  ])('refuses a verifier with %s as invalid_request', (_, verifier) => {
    expect(() => requireMatchingVerifier(verifier, s256Challenge(verifier))).toThrow(InvalidRequest);
  });

  it.each([43, 128])('accepts a verifier of %i characters', (length) => {
    const verifier = '-._~aZ9'.repeat(20).slice(0, length);
    expect(() => requireMatchingVerifier(verifier, s256Challenge(verifier))).not.toThrow();
  });
});

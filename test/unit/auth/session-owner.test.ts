import { describe, expect, it } from 'vitest';
import { sessionOwnerMatches, sessionOwnerOf } from '../../../src/auth/session-owner.js';
import type { Principal } from '../../../src/oauth/principal.js';

const alice: Principal = { subject: 'alice-sub', groups: [], scopes: ['openid'], clientId: 'client-1' };
const bob: Principal = { ...alice, subject: 'bob-sub' };

describe('sessionOwnerMatches', () => {
  it('lets the person who opened a session use it, from any of their clients', () => {
    expect(sessionOwnerMatches(sessionOwnerOf(alice), { ...alice, clientId: 'client-2' })).toBe(true);
  });

  it('refuses another person’s token on the session', () => {
    expect(sessionOwnerMatches(sessionOwnerOf(alice), bob)).toBe(false);
  });

  it('refuses when the session has no owner or the request no principal', () => {
    expect(sessionOwnerMatches(undefined, alice)).toBe(false);
    expect(sessionOwnerMatches(sessionOwnerOf(alice), undefined)).toBe(false);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { InvalidGrant, InvalidToken, TemporarilyUnavailable } from '../../../src/oauth/errors.js';
import { upstreamCredentialOf } from '../../../src/oauth/upstream-credential.js';
import type { UpstreamRefresher, UpstreamTokens } from '../../../src/oauth/upstream-grants.js';
import { oauthFixture } from './oauth-fixture.js';

const HOUR_MS = 3_600_000;
const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A grant whose ID token ends in `idTokenMs` and whose access token ends in an hour. */
async function grantWithIdToken(idTokenMs: number) {
  const oauth = oauthFixture();
  const now = oauth.clock.now();
  const upstream: UpstreamTokens = {
    accessToken: 'upstream-access',
    refreshToken: 'upstream-refresh',
    idToken: 'upstream-id',
    expiresAt: now + HOUR_MS,
    idTokenExpiresAt: now + idTokenMs,
  };
  const grant = await oauth.grants.create({
    clientId: 'client',
    identity: { subject: 'alice-sub', email: 'alice@example.com', groups: [] },
    scopes: ['openid'],
    upstream,
  });
  const credential = (kind: 'id-token' | 'access-token', refresher: UpstreamRefresher) =>
    upstreamCredentialOf(grant.grantId, kind, { grants: oauth.grants, refresher, now: oauth.clock.now });
  return { oauth, grant, credential };
}

describe('upstreamCredentialOf', () => {
  it('gives the current ID token without asking the provider while it lives', async () => {
    const { credential, grant } = await grantWithIdToken(HOUR_MS);
    const refresher = vi.fn();
    await expect(credential('id-token', refresher)).resolves.toEqual({
      token: 'upstream-id',
      expiresAt: grant.upstream.idTokenExpiresAt,
    });
    expect(refresher).not.toHaveBeenCalled();
  });

  it('gives the access token when asked for it (GKE)', async () => {
    const { credential } = await grantWithIdToken(HOUR_MS);
    expect((await credential('access-token', vi.fn())).token).toBe('upstream-access');
  });

  it('refreshes an ID token about to expire, even when the access token is fresh, once for 10 callers', async () => {
    const { oauth, credential } = await grantWithIdToken(30_000);
    const refresher = vi.fn(async () => {
      await later(20);
      const now = oauth.clock.now();
      return { accessToken: 'a2', idToken: 'id2', expiresAt: now + HOUR_MS, idTokenExpiresAt: now + HOUR_MS };
    });
    const answers = await Promise.all(Array.from({ length: 10 }, () => credential('id-token', refresher)));
    expect(refresher).toHaveBeenCalledTimes(1);
    for (const answer of answers) expect(answer.token).toBe('id2');
  });

  it('stores the refreshed tokens, so the next call does not refresh again', async () => {
    const { oauth, credential, grant } = await grantWithIdToken(30_000);
    const now = oauth.clock.now();
    const refresher = vi.fn(async () => ({
      accessToken: 'a2',
      idToken: 'id2',
      idTokenExpiresAt: now + HOUR_MS,
    }));
    await credential('id-token', refresher);
    await credential('id-token', refresher);
    expect(refresher).toHaveBeenCalledTimes(1);
    expect((await oauth.grants.get(grant.grantId))?.upstream.idToken).toBe('id2');
  });

  it('turns a refused refresh into invalid_token and ends the grant', async () => {
    const { oauth, credential, grant } = await grantWithIdToken(30_000);
    const refresher = vi.fn(async () => {
      throw new InvalidGrant('the identity provider ended this login; log in again');
    });
    await expect(credential('id-token', refresher)).rejects.toBeInstanceOf(InvalidToken);
    expect(await oauth.grants.get(grant.grantId)).toBeUndefined();
  });

  it('refuses with invalid_token when the refreshed answer has no ID token', async () => {
    const { credential } = await grantWithIdToken(30_000);
    const refresher = vi.fn(async () => ({ accessToken: 'a2', refreshToken: 'r2' }));
    await expect(credential('id-token', refresher)).rejects.toThrow(/no current id token/);
  });

  it('refuses with invalid_token when the grant is gone', async () => {
    const { oauth, credential, grant } = await grantWithIdToken(HOUR_MS);
    await oauth.grants.revoke(grant.grantId);
    await expect(credential('id-token', vi.fn())).rejects.toBeInstanceOf(InvalidToken);
  });

  it('lets a temporary provider failure through, so the caller can say "try again"', async () => {
    const { credential } = await grantWithIdToken(30_000);
    const refresher = vi.fn(async () => {
      throw new TemporarilyUnavailable('the identity provider could not refresh the login');
    });
    await expect(credential('id-token', refresher)).rejects.toBeInstanceOf(TemporarilyUnavailable);
  });
});

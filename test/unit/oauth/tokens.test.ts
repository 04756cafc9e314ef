import { describe, expect, it, vi } from 'vitest';
import {
  InvalidGrant,
  InvalidRequest,
  InvalidScope,
  InvalidTarget,
  InvalidToken,
  UnauthorizedClient,
} from '../../../src/oauth/errors.js';
import { PLAINTEXT } from '../../../src/storage/encryption.js';
import { secretKey } from '../../../src/storage/index.js';
import { ISSUER, oauthFixture, RESOURCE } from './oauth-fixture.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

async function signedIn(options?: Parameters<typeof oauthFixture>[0]) {
  const oauth = oauthFixture(options);
  const { client } = await oauth.registerClient();
  const session = await oauth.signIn(client);
  return { oauth, client, ...session, refreshToken: session.tokens.refresh_token ?? '' };
}

describe('TokenService.issueForCode', () => {
  it('issues an opaque Bearer access token for 1 h and a refresh token', async () => {
    const { tokens } = await signedIn();
    expect(tokens).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      scope: 'openid email',
    });
  });

  it('honours the configured access token lifetime', async () => {
    const { tokens } = await signedIn({ tokens: { accessTokenLifetimeMs: 300_000 } });
    expect(tokens.expires_in).toBe(300);
  });

  it('issues no refresh token to a client that did not register the refresh_token grant', async () => {
    const oauth = oauthFixture();
    const { client } = await oauth.registerClient({ grant_types: ['authorization_code'] });
    const { tokens } = await oauth.signIn(client);
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('stores tokens only under their hashes, encrypted', async () => {
    const { oauth, tokens } = await signedIn();
    expect(await oauth.store.get('access-token', tokens.access_token)).toBeUndefined();
    expect(await oauth.store.get('refresh-token', tokens.refresh_token ?? '')).toBeUndefined();
  });
});

describe('TokenService.refresh within the reuse grace', () => {
  const GRACE_MS = 10_000;
  const withGrace = (cipher?: typeof PLAINTEXT) =>
    signedIn({ tokens: { refreshTokenReuseGraceMs: GRACE_MS }, ...(cipher ? { cipher } : {}) });

  it('gives the client that rotated the token the same answer again, marked as a retry', async () => {
    const { oauth, client, refreshToken } = await withGrace();
    const first = await oauth.tokens.refresh({ refreshToken, client });
    expect(first.retriedWithinGrace).toBeUndefined();
    oauth.clock.advance(GRACE_MS - 1);
    const retry = await oauth.tokens.refresh({ refreshToken, client });
    expect(retry).toEqual({ ...first, expires_in: first.expires_in - 10, retriedWithinGrace: true });
    await expect(oauth.tokens.verifyAccessToken(retry.access_token, [RESOURCE])).resolves.toBeDefined();
  });

  it('revokes the family on a reuse at the end of the window', async () => {
    const { oauth, client, refreshToken, grant } = await withGrace();
    const first = await oauth.tokens.refresh({ refreshToken, client });
    oauth.clock.advance(GRACE_MS);
    await expect(oauth.tokens.refresh({ refreshToken, client })).rejects.toThrow('already used');
    await expect(oauth.tokens.verifyAccessToken(first.access_token, [RESOURCE])).rejects.toThrow(
      InvalidToken,
    );
    expect(await oauth.grants.get(grant.grantId)).toBeUndefined();
  });

  it('answers 10 parallel refreshes with one token alike, leaving one access token', async () => {
    const { oauth, client, refreshToken } = await withGrace();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => oauth.tokens.refresh({ refreshToken, client })),
    );
    expect(new Set(answers.map((answer) => answer.access_token)).size).toBe(1);
    expect(answers.filter((answer) => answer.retriedWithinGrace)).toHaveLength(9);
  });

  it('keeps the repeated answer out of reach of whoever reads the store, even without a key', async () => {
    const { oauth, client, refreshToken } = await withGrace(PLAINTEXT);
    const first = await oauth.tokens.refresh({ refreshToken, client });
    const spent = (await oauth.store.get('refresh-token', secretKey(refreshToken)))?.value ?? '';
    expect(spent).toContain('rotatedTo');
    for (const token of [first.access_token, first.refresh_token ?? '']) expect(spent).not.toContain(token);
  });
});

describe('TokenService.verifyAccessToken', () => {
  it('accepts a token bound to one of our resources', async () => {
    const { oauth, tokens, client } = await signedIn();
    const record = await oauth.tokens.verifyAccessToken(tokens.access_token, [RESOURCE, ISSUER]);
    expect(record).toMatchObject({ clientId: client.clientId, subject: 'alice-sub', resource: RESOURCE });
  });

  it('refuses a token bound to another resource', async () => {
    const { oauth, tokens } = await signedIn();
    await expect(oauth.tokens.verifyAccessToken(tokens.access_token, [ISSUER])).rejects.toThrow(
      'issued for another resource',
    );
  });

  it('refuses an unknown token, and a refresh token used as a bearer', async () => {
    const { oauth, refreshToken } = await signedIn();
    await expect(oauth.tokens.verifyAccessToken('x'.repeat(43), [RESOURCE])).rejects.toThrow(InvalidToken);
    await expect(oauth.tokens.verifyAccessToken(refreshToken, [RESOURCE])).rejects.toThrow(InvalidToken);
  });

  it('refuses an expired token', async () => {
    const { oauth, tokens } = await signedIn();
    oauth.clock.advance(HOUR_MS);
    await expect(oauth.tokens.verifyAccessToken(tokens.access_token, [RESOURCE])).rejects.toThrow(
      InvalidToken,
    );
  });
});

describe('TokenService.refresh', () => {
  it('rotates the refresh token and keeps scope and audience', async () => {
    const { oauth, client, refreshToken } = await signedIn();
    const next = await oauth.tokens.refresh({ refreshToken, client });
    expect(next.refresh_token).toBeDefined();
    expect(next.refresh_token).not.toBe(refreshToken);
    expect(next.scope).toBe('openid email');
    const record = await oauth.tokens.verifyAccessToken(next.access_token, [RESOURCE]);
    expect(record.resource).toBe(RESOURCE);
    const again = await oauth.tokens.refresh({ refreshToken: next.refresh_token ?? '', client });
    expect(again.scope).toBe('openid email');
  });

  it('refuses a replayed rotated refresh token and revokes the family', async () => {
    const { oauth, client, refreshToken, grant } = await signedIn();
    const next = await oauth.tokens.refresh({ refreshToken, client });
    await expect(oauth.tokens.refresh({ refreshToken, client })).rejects.toThrow('already used');
    await expect(oauth.tokens.verifyAccessToken(next.access_token, [RESOURCE])).rejects.toThrow(InvalidToken);
    await expect(oauth.tokens.refresh({ refreshToken: next.refresh_token ?? '', client })).rejects.toThrow(
      InvalidGrant,
    );
    expect(await oauth.grants.get(grant.grantId)).toBeUndefined();
  });

  it('gives 0 successes to 10 parallel replays of a rotated refresh token', async () => {
    const { oauth, client, refreshToken } = await signedIn();
    await oauth.tokens.refresh({ refreshToken, client });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => oauth.tokens.refresh({ refreshToken, client })),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(0);
  });

  it('lets at most one of 10 parallel refreshes of one token rotate it', async () => {
    const { oauth, client, refreshToken } = await signedIn();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => oauth.tokens.refresh({ refreshToken, client })),
    );
    expect(results.filter((result) => result.status === 'fulfilled').length).toBeLessThanOrEqual(1);
  });

  it('refuses a refresh token presented by another client, changing nothing', async () => {
    const { oauth, client, refreshToken } = await signedIn();
    const { client: other } = await oauth.registerClient();
    await expect(oauth.tokens.refresh({ refreshToken, client: other })).rejects.toThrow(
      'issued to another client',
    );
    await expect(oauth.tokens.refresh({ refreshToken, client })).resolves.toBeDefined();
  });

  it('refuses a client not registered for the refresh_token grant', async () => {
    const { oauth, refreshToken } = await signedIn();
    const { client: codeOnly } = await oauth.registerClient({ grant_types: ['authorization_code'] });
    await expect(oauth.tokens.refresh({ refreshToken, client: codeOnly })).rejects.toThrow(
      UnauthorizedClient,
    );
  });

  it('narrows the scope of the access token on request, not of the family', async () => {
    const { oauth, client, refreshToken } = await signedIn();
    const narrow = await oauth.tokens.refresh({ refreshToken, client, scope: 'email' });
    expect(narrow.scope).toBe('email');
    const wide = await oauth.tokens.refresh({ refreshToken: narrow.refresh_token ?? '', client });
    expect(wide.scope).toBe('openid email');
  });

  it('refuses a wider scope with invalid_scope', async () => {
    const { oauth, client, refreshToken } = await signedIn();
    await expect(oauth.tokens.refresh({ refreshToken, client, scope: 'openid profile' })).rejects.toThrow(
      InvalidScope,
    );
  });

  it('refuses another resource with invalid_target', async () => {
    const { oauth, client, refreshToken } = await signedIn();
    const request = { refreshToken, client, resource: 'https://other.example.com' };
    await expect(oauth.tokens.refresh(request)).rejects.toThrow(InvalidTarget);
  });

  it('keeps the family within the login lifetime: rotation does not extend it', async () => {
    const { oauth, client, refreshToken } = await signedIn();
    oauth.clock.advance(89 * DAY_MS);
    const next = await oauth.tokens.refresh({ refreshToken, client });
    expect(next.expires_in).toBe(3600);
    oauth.clock.advance(DAY_MS);
    await expect(oauth.tokens.refresh({ refreshToken: next.refresh_token ?? '', client })).rejects.toThrow(
      InvalidGrant,
    );
  });

  it('refreshes the upstream tokens near expiry before rotating', async () => {
    const refresher = vi.fn(async () => ({ accessToken: 'new-upstream', expiresAt: Date.now() + HOUR_MS }));
    const oauth = oauthFixture({ tokens: { upstreamRefresher: refresher } });
    const { client } = await oauth.registerClient();
    const { grant, code } = await oauth.loginAndIssueCode(client, oauth.clock.now() + 30_000);
    const binding = await oauth.codes.redeem(oauth.redemption(client, code));
    const tokens = await oauth.tokens.issueForCode(binding, client);
    await oauth.tokens.refresh({ refreshToken: tokens.refresh_token ?? '', client });
    expect(refresher).toHaveBeenCalledTimes(1);
    expect((await oauth.grants.get(grant.grantId))?.upstream.accessToken).toBe('new-upstream');
  });

  it('answers invalid_grant and revokes the family when the upstream refresh fails for good', async () => {
    const refresher = vi.fn(async () => {
      throw new InvalidGrant('upstream refused');
    });
    const oauth = oauthFixture({ tokens: { upstreamRefresher: refresher } });
    const { client } = await oauth.registerClient();
    const { grant, code } = await oauth.loginAndIssueCode(client, oauth.clock.now());
    const tokens = await oauth.tokens.issueForCode(
      await oauth.codes.redeem(oauth.redemption(client, code)),
      client,
    );
    await expect(oauth.tokens.refresh({ refreshToken: tokens.refresh_token ?? '', client })).rejects.toThrow(
      InvalidGrant,
    );
    expect(await oauth.grants.get(grant.grantId)).toBeUndefined();
    await expect(oauth.tokens.verifyAccessToken(tokens.access_token, [RESOURCE])).rejects.toThrow(
      InvalidToken,
    );
  });

  it('keeps the refresh token usable when the upstream refresh fails for a while', async () => {
    let failing = true;
    const refresher = vi.fn(async () => {
      if (failing) throw new Error('network down');
      return { accessToken: 'new-upstream' };
    });
    const oauth = oauthFixture({ tokens: { upstreamRefresher: refresher } });
    const { client } = await oauth.registerClient();
    const { code } = await oauth.loginAndIssueCode(client, oauth.clock.now());
    const tokens = await oauth.tokens.issueForCode(
      await oauth.codes.redeem(oauth.redemption(client, code)),
      client,
    );
    const request = { refreshToken: tokens.refresh_token ?? '', client };
    await expect(oauth.tokens.refresh(request)).rejects.toThrow('network down');
    failing = false;
    await expect(oauth.tokens.refresh(request)).resolves.toBeDefined();
  });
});

describe('TokenService.introspect', () => {
  it('describes an active access token to its own client', async () => {
    const { oauth, client, tokens } = await signedIn();
    const now = Math.floor(oauth.clock.now() / 1000);
    expect(await oauth.tokens.introspect(tokens.access_token, { clientId: client.clientId })).toEqual({
      active: true,
      scope: 'openid email',
      client_id: client.clientId,
      sub: 'alice-sub',
      exp: now + 3600,
      iat: now,
      aud: RESOURCE,
      iss: ISSUER,
      token_type: 'Bearer',
    });
  });

  it('describes a refresh token', async () => {
    const { oauth, client, refreshToken } = await signedIn();
    const answer = await oauth.tokens.introspect(refreshToken, { clientId: client.clientId });
    expect(answer).toMatchObject({ active: true, token_type: 'refresh_token' });
  });

  it("shows another client's token as inactive, but shows it to the registration-token holder", async () => {
    const { oauth, tokens } = await signedIn();
    const { client: other } = await oauth.registerClient();
    expect(await oauth.tokens.introspect(tokens.access_token, { clientId: other.clientId })).toEqual({
      active: false,
    });
    const all = await oauth.tokens.introspect(tokens.access_token, 'registration-token-holder');
    expect(all.active).toBe(true);
  });

  it('shows unknown, expired and used tokens as inactive', async () => {
    const { oauth, client, tokens, refreshToken } = await signedIn();
    const viewer = { clientId: client.clientId };
    expect(await oauth.tokens.introspect('x'.repeat(43), viewer)).toEqual({ active: false });
    await oauth.tokens.refresh({ refreshToken, client });
    expect(await oauth.tokens.introspect(refreshToken, viewer)).toEqual({ active: false });
    oauth.clock.advance(HOUR_MS);
    expect(await oauth.tokens.introspect(tokens.access_token, viewer)).toEqual({ active: false });
  });
});

describe('TokenService.revoke', () => {
  it('revokes an access token alone', async () => {
    const { oauth, client, tokens, refreshToken } = await signedIn();
    await oauth.tokens.revoke(tokens.access_token, client);
    await expect(oauth.tokens.verifyAccessToken(tokens.access_token, [RESOURCE])).rejects.toThrow(
      InvalidToken,
    );
    await expect(oauth.tokens.refresh({ refreshToken, client })).resolves.toBeDefined();
  });

  it('revokes the whole family with a refresh token, and the upstream tokens with it', async () => {
    const { oauth, client, tokens, refreshToken, grant } = await signedIn();
    await oauth.tokens.revoke(refreshToken, client);
    await expect(oauth.tokens.verifyAccessToken(tokens.access_token, [RESOURCE])).rejects.toThrow(
      InvalidToken,
    );
    await expect(oauth.tokens.refresh({ refreshToken, client })).rejects.toThrow(InvalidGrant);
    expect(await oauth.grants.get(grant.grantId)).toBeUndefined();
  });

  it("refuses to revoke another client's token and changes nothing", async () => {
    const { oauth, tokens, refreshToken } = await signedIn();
    const { client: other } = await oauth.registerClient();
    await expect(oauth.tokens.revoke(tokens.access_token, other)).rejects.toThrow(InvalidRequest);
    await expect(oauth.tokens.revoke(refreshToken, other)).rejects.toThrow(
      'client is not authorized to revoke the presented token',
    );
    await expect(oauth.tokens.verifyAccessToken(tokens.access_token, [RESOURCE])).resolves.toBeDefined();
  });

  it('accepts an unknown token silently (RFC 7009 §2.2)', async () => {
    const { oauth, client } = await signedIn();
    await expect(oauth.tokens.revoke('x'.repeat(43), client)).resolves.toBeUndefined();
  });

  it("leaves the same user's login at another client alone", async () => {
    const oauth = oauthFixture();
    const { client: first } = await oauth.registerClient();
    const { client: second } = await oauth.registerClient();
    const one = await oauth.signIn(first);
    const two = await oauth.signIn(second);
    await oauth.tokens.revoke(one.tokens.refresh_token ?? '', first);
    await expect(oauth.tokens.verifyAccessToken(two.tokens.access_token, [RESOURCE])).resolves.toBeDefined();
    expect(await oauth.grants.get(two.grant.grantId)).toBeDefined();
  });
});

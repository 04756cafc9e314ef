import { describe, expect, it } from 'vitest';
import { InvalidDpopProof, InvalidGrant, InvalidRequest, InvalidTarget } from '../../../src/oauth/errors.js';
import { oauthFixture, RESOURCE } from './oauth-fixture.js';

describe('AuthorizationCodes', () => {
  it('issues an opaque code stored only under its hash', async () => {
    const oauth = oauthFixture();
    const { client } = await oauth.registerClient();
    const { code } = await oauth.loginAndIssueCode(client);
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await oauth.store.get('authorization-code', code)).toBeUndefined();
  });

  it('redeems a code once, returning what it was bound to', async () => {
    const oauth = oauthFixture();
    const { client } = await oauth.registerClient();
    const { code, grant } = await oauth.loginAndIssueCode(client);
    const binding = await oauth.codes.redeem(oauth.redemption(client, code));
    expect(binding).toMatchObject({ clientId: client.clientId, grantId: grant.grantId, resource: RESOURCE });
  });

  it('refuses a replayed code and revokes the tokens it produced', async () => {
    const oauth = oauthFixture();
    const { client } = await oauth.registerClient();
    const { code, grant, tokens } = await oauth.signIn(client);
    await expect(oauth.codes.redeem(oauth.redemption(client, code))).rejects.toThrow(
      'the authorization code was already used',
    );
    await expect(oauth.tokens.verifyAccessToken(tokens.access_token, [RESOURCE])).rejects.toThrow();
    const refresh = oauth.tokens.refresh({ refreshToken: tokens.refresh_token ?? '', client });
    await expect(refresh).rejects.toThrow(InvalidGrant);
    expect(await oauth.grants.get(grant.grantId)).toBeUndefined();
  });

  it('gives exactly one of 10 parallel redemptions of one code', async () => {
    const oauth = oauthFixture();
    const { client } = await oauth.registerClient();
    const { code } = await oauth.loginAndIssueCode(client);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => oauth.codes.redeem(oauth.redemption(client, code))),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });

  it('refuses a code presented by another client without spending or revoking it', async () => {
    const oauth = oauthFixture();
    const { client } = await oauth.registerClient();
    const { client: other } = await oauth.registerClient();
    const { code, grant } = await oauth.loginAndIssueCode(client);
    await expect(oauth.codes.redeem(oauth.redemption(other, code))).rejects.toThrow(
      'issued to another client',
    );
    expect(await oauth.grants.get(grant.grantId)).toBeDefined();
    await expect(oauth.codes.redeem(oauth.redemption(client, code))).resolves.toBeDefined();
  });

  it('refuses a wrong PKCE verifier with invalid_grant, without spending the code', async () => {
    const oauth = oauthFixture();
    const { client } = await oauth.registerClient();
    const { code } = await oauth.loginAndIssueCode(client);
    const wrong = { ...oauth.redemption(client, code), codeVerifier: 'w'.repeat(43) };
    await expect(oauth.codes.redeem(wrong)).rejects.toThrow(InvalidGrant);
    await expect(oauth.codes.redeem(oauth.redemption(client, code))).resolves.toBeDefined();
  });

  it('refuses a code bound to a DPoP key (dpop_jkt) without a proof of that key, without spending it', async () => {
    const oauth = oauthFixture();
    const { client } = await oauth.registerClient();
    const jkt = 'k'.repeat(43);
    const { code } = await oauth.loginAndIssueCode(client, undefined, jkt);
    for (const dpopJkt of [undefined, 'o'.repeat(43)]) {
      await expect(oauth.codes.redeem({ ...oauth.redemption(client, code), dpopJkt })).rejects.toThrow(
        InvalidDpopProof,
      );
    }
    await expect(
      oauth.codes.redeem({ ...oauth.redemption(client, code), dpopJkt: jkt }),
    ).resolves.toMatchObject({
      dpopJkt: jkt,
    });
  });

  it('refuses a missing verifier with invalid_request', async () => {
    const oauth = oauthFixture();
    const { client } = await oauth.registerClient();
    const { code } = await oauth.loginAndIssueCode(client);
    const missing = { ...oauth.redemption(client, code), codeVerifier: undefined };
    await expect(oauth.codes.redeem(missing)).rejects.toThrow(InvalidRequest);
  });

  it('requires the redirect_uri of the authorization request, exactly', async () => {
    const oauth = oauthFixture();
    const { client } = await oauth.registerClient();
    const { code } = await oauth.loginAndIssueCode(client);
    for (const redirectUri of ['http://127.0.0.1:3001/callback', undefined]) {
      await expect(oauth.codes.redeem({ ...oauth.redemption(client, code), redirectUri })).rejects.toThrow(
        'redirect_uri does not match',
      );
    }
  });

  it('refuses a token request for another resource with invalid_target', async () => {
    const oauth = oauthFixture();
    const { client } = await oauth.registerClient();
    const { code } = await oauth.loginAndIssueCode(client);
    const other = { ...oauth.redemption(client, code), resource: 'https://other.example.com/' };
    await expect(oauth.codes.redeem(other)).rejects.toThrow(InvalidTarget);
    await expect(oauth.codes.redeem({ ...other, resource: RESOURCE })).resolves.toBeDefined();
  });

  it('refuses an unknown code', async () => {
    const oauth = oauthFixture();
    const { client } = await oauth.registerClient();
    await expect(oauth.codes.redeem(oauth.redemption(client, 'x'.repeat(43)))).rejects.toThrow(
      'invalid or has expired',
    );
  });

  it('refuses a code after its 600 s lifetime', async () => {
    const oauth = oauthFixture();
    const { client } = await oauth.registerClient();
    const { code } = await oauth.loginAndIssueCode(client);
    oauth.clock.advance(600_000);
    await expect(oauth.codes.redeem(oauth.redemption(client, code))).rejects.toThrow(
      'invalid or has expired',
    );
  });

  it('dies with its grant', async () => {
    const oauth = oauthFixture();
    const { client } = await oauth.registerClient();
    const { code, grant } = await oauth.loginAndIssueCode(client);
    await oauth.grants.revoke(grant.grantId);
    await expect(oauth.codes.redeem(oauth.redemption(client, code))).rejects.toThrow(InvalidGrant);
  });
});

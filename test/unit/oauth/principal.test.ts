import { describe, expect, it } from 'vitest';
import { InvalidToken } from '../../../src/oauth/errors.js';
import { authenticateBearer } from '../../../src/oauth/principal.js';
import { oauthFixture, RESOURCE } from './oauth-fixture.js';

describe('authenticateBearer', () => {
  it('gives the principal of a valid access token, with its grant', async () => {
    const oauth = oauthFixture();
    const { client } = await oauth.registerClient();
    const { tokens, grant } = await oauth.signIn(client);
    const bearer = await authenticateBearer(tokens.access_token, [RESOURCE], oauth);
    expect(bearer.principal).toEqual({
      subject: 'alice-sub',
      email: 'alice@example.com',
      groups: ['devs'],
      // Issued with none of our scopes, as before they existed: it may do what tokens did then.
      scopes: ['openid', 'email', 'kubernetes:read', 'kubernetes:write', 'kubernetes:exec'],
      clientId: client.clientId,
    });
    expect(bearer.grant.grantId).toBe(grant.grantId);
  });

  it('refuses a token whose grant was revoked', async () => {
    const oauth = oauthFixture();
    const { client } = await oauth.registerClient();
    const { tokens, grant } = await oauth.signIn(client);
    await oauth.grants.revoke(grant.grantId);
    await expect(authenticateBearer(tokens.access_token, [RESOURCE], oauth)).rejects.toThrow(InvalidToken);
  });

  it('refuses a token issued for another resource', async () => {
    const oauth = oauthFixture();
    const { client } = await oauth.registerClient();
    const { tokens } = await oauth.signIn(client);
    await expect(
      authenticateBearer(tokens.access_token, ['https://other.example/mcp'], oauth),
    ).rejects.toThrow(InvalidToken);
  });
});

describe('issuing tokens for a grant revoked meanwhile', () => {
  // The code was spent by this request, so it answers; a revocation that raced with it (another replica
  // detecting the replay) must still take the tokens it issued along.
  it('answers with tokens that are already revoked', async () => {
    const oauth = oauthFixture();
    const { client } = await oauth.registerClient();
    const { code, grant } = await oauth.loginAndIssueCode(client);
    const binding = await oauth.codes.redeem(oauth.redemption(client, code));
    await oauth.grants.revoke(grant.grantId);
    const tokens = await oauth.tokens.issueForCode(binding, client);
    await expect(authenticateBearer(tokens.access_token, [RESOURCE], oauth)).rejects.toThrow(InvalidToken);
    await expect(oauth.tokens.refresh({ refreshToken: tokens.refresh_token ?? '', client })).rejects.toThrow(
      'invalid, expired or revoked',
    );
    expect(await oauth.tokens.introspect(tokens.access_token, 'registration-token-holder')).toEqual({
      active: false,
    });
  });

  it('refuses a code whose grant was revoked before it was presented', async () => {
    const oauth = oauthFixture();
    const { client } = await oauth.registerClient();
    const { code, grant } = await oauth.loginAndIssueCode(client);
    await oauth.grants.revoke(grant.grantId);
    await expect(oauth.codes.redeem(oauth.redemption(client, code))).rejects.toThrow(
      'the authorization code is invalid or has expired',
    );
  });
});

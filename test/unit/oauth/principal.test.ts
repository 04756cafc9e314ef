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
      scopes: ['openid', 'email'],
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
  it('fails and leaves no usable token behind', async () => {
    const oauth = oauthFixture();
    const { client } = await oauth.registerClient();
    const { code, grant } = await oauth.loginAndIssueCode(client);
    const binding = await oauth.codes.redeem(oauth.redemption(client, code));
    await oauth.grants.revoke(grant.grantId);
    await expect(oauth.tokens.issueForCode(binding, client)).rejects.toThrow('expired or was revoked');
  });
});

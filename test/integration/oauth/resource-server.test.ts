import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBearerToken } from '../../../src/auth/bearer-middleware.js';
import { createOAuthServer } from '../../../src/oauth/oauth-server.js';
import { resolveOAuthSettings } from '../../../src/oauth/oauth-settings.js';
import {
  callMcp,
  type Harness,
  REGISTRATION_TOKEN,
  registerClient,
  startHarness,
  tokensFor,
} from './oauth-harness.js';

let harness: Harness;
let accessToken: string;

beforeAll(async () => {
  harness = await startHarness();
  accessToken = (await tokensFor(harness, await registerClient(harness))).access_token;
});
afterAll(() => harness?.stop());

const challengeBase = () =>
  `Bearer resource_metadata="${harness.baseUrl}/.well-known/oauth-protected-resource/mcp", scope="kubernetes:read kubernetes:write kubernetes:exec"`;

describe('the bearer middleware of the MCP endpoint', () => {
  it('challenges a request without a token, pointing at the resource metadata', async () => {
    const response = await callMcp(harness);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(challengeBase());
  });

  it('refuses a token we never issued with error="invalid_token"', async () => {
    const response = await callMcp(harness, 'A'.repeat(43));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      `${challengeBase()}, error="invalid_token", error_description="the access token is invalid, expired or revoked"`,
    );
  });

  it('refuses a token in the query string or the body, even a valid one', async () => {
    const inQuery = await callMcp(harness, undefined, `${harness.mcpUrl}?access_token=${accessToken}`);
    expect(inQuery.status).toBe(400);
    expect(inQuery.headers.get('www-authenticate')).toContain('error="invalid_request"');
    const inBody = await fetch(harness.mcpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ access_token: accessToken }),
    });
    expect(inBody.status).toBe(400);
    expect(await inBody.json()).toEqual({
      error: 'invalid_request',
      error_description: 'access tokens are accepted only in the Authorization header',
    });
  });

  it('refuses an expired token', async () => {
    const fresh = (await tokensFor(harness, await registerClient(harness))).access_token;
    harness.clock.advance(3_601_000);
    expect((await callMcp(harness, fresh)).status).toBe(401);
  });

  it('refuses a token bound to another resource', async () => {
    // A second deployment sharing the store, whose MCP endpoint is another resource.
    const { settings } = resolveOAuthSettings(
      {
        enableOauth: true,
        oauthBaseUrl: harness.baseUrl,
        oauthProvider: 'oidc',
        oidcIssuerUrl: harness.idp.issuer,
      },
      {
        OIDC_CLIENT_ID: 'mcp-kubernetes-upstream',
        OIDC_CLIENT_SECRET: 'upstream-client-secret',
        REGISTRATION_TOKEN,
      },
    );
    const other = await createOAuthServer(settings ?? ({} as never), {
      store: harness.store,
      mcpEndpoint: '/other-mcp',
    });
    harness.app.post('/other-mcp', requireBearerToken(other.resourceServer), (_req, res) => res.json({}));
    const token = (await tokensFor(harness, await registerClient(harness))).access_token;
    const response = await callMcp(harness, token, `${harness.baseUrl}/other-mcp`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: 'invalid_token',
      error_description: 'the access token was issued for another resource',
    });
    await other.close();
  });
});

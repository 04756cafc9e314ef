import { FormBrowser } from '@mcp-kubernetes/devidp/testing';
import { auth, extractWWWAuthenticateParams } from '@modelcontextprotocol/sdk/client/auth.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callMcp, type Harness, postForm, startHarness } from './oauth-harness.js';
import {
  BrowserDrivenProvider,
  fetchWithRegistrationToken,
  type RedirectListener,
  startRedirectListener,
} from './sdk-oauth-client.js';

const ACCESS_TTL_MS = 60_000;

// Google has no groups claim; an OpenID provider such as Dex sends one for the groups scope.
describe.each([
  { provider: 'oidc', scopes: 'openid,email,profile,groups', groups: ['developers'] },
  { provider: 'google', scopes: undefined, groups: [] },
] as const)('the MCP SDK client logs in with --oauth-provider=$provider', ({ provider, scopes, groups }) => {
  let harness: Harness;
  let listener: RedirectListener;

  beforeAll(async () => {
    harness = await startHarness({
      provider,
      flags: { accessTokenTtl: `${ACCESS_TTL_MS / 1000}s`, ...(scopes ? { oauthScopes: scopes } : {}) },
      // Upstream tokens near expiry at every refresh: our refresh refreshes them too.
      upstreamAccessTokenTtlSeconds: 30,
    });
    listener = await startRedirectListener();
  });
  afterAll(async () => {
    listener?.server.close();
    await harness?.stop();
  });

  it('discovers, registers, consents, logs in, calls, refreshes after expiry, revokes, and is refused', async () => {
    const provider = new BrowserDrivenProvider(listener.url, new FormBrowser());
    const serverUrl = harness.mcpUrl;

    const unauthenticated = await callMcp(harness);
    expect(unauthenticated.status).toBe(401);
    const challenge = extractWWWAuthenticateParams(unauthenticated);
    expect(challenge.resourceMetadataUrl?.href).toBe(
      `${harness.baseUrl}/.well-known/oauth-protected-resource/mcp`,
    );

    const started = await auth(provider, {
      serverUrl,
      ...challenge,
      fetchFn: fetchWithRegistrationToken,
    });
    expect(started).toBe('REDIRECT');
    expect(provider.information?.client_id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const answer = listener.received.at(-1);
    expect(answer?.get('state')).toBe(provider.sentStates.at(-1));
    expect(answer?.get('iss')).toBe(harness.baseUrl);
    const code = answer?.get('code') ?? '';

    expect(
      await auth(provider, { serverUrl, authorizationCode: code, fetchFn: fetchWithRegistrationToken }),
    ).toBe('AUTHORIZED');
    const first = provider.saved;
    expect(first?.token_type).toBe('Bearer');
    const call = await callMcp(harness, first?.access_token);
    expect(call.status).toBe(200);
    expect(((await call.json()) as { principal: unknown }).principal).toMatchObject({
      email: 'alice@example.com',
      groups,
      clientId: provider.information?.client_id,
    });

    harness.clock.advance(ACCESS_TTL_MS + 1000);
    const expired = await callMcp(harness, first?.access_token);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(await auth(provider, { serverUrl, fetchFn: fetchWithRegistrationToken })).toBe('AUTHORIZED');
    const refreshed = provider.saved;
    expect(refreshed?.access_token).not.toBe(first?.access_token);
    expect(refreshed?.refresh_token).not.toBe(first?.refresh_token);
    expect((await callMcp(harness, refreshed?.access_token)).status).toBe(200);

    const revoked = await postForm(harness, '/oauth/revoke', {
      token: refreshed?.refresh_token,
      client_id: provider.information?.client_id,
    });
    expect(revoked.status).toBe(200);
    const refused = await callMcp(harness, refreshed?.access_token);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });
});

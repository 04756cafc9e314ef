import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  auth,
  extractWWWAuthenticateParams,
  type OAuthClientProvider,
} from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormBrowser } from '../devidp/form-browser.js';
import {
  approveAndSignIn,
  callMcp,
  type Harness,
  postForm,
  REGISTRATION_TOKEN,
  startHarness,
} from './oauth-harness.js';

const ACCESS_TTL_MS = 60_000;

/** The client's redirect URI: a loopback listener that captures what our callback sends it. */
async function startRedirectListener(): Promise<{
  url: string;
  received: URLSearchParams[];
  server: Server;
}> {
  const received: URLSearchParams[] = [];
  const server = createServer((req, res) => {
    received.push(new URL(req.url ?? '/', 'http://127.0.0.1').searchParams);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('You can close this window.');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`, received, server };
}

/** The SDK's OAuth client, with the browser part driven by a FormBrowser that logs in as alice. */
class BrowserDrivenProvider implements OAuthClientProvider {
  information: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  private verifier = '';
  readonly sentStates: string[] = [];

  constructor(
    private readonly redirectUri: string,
    private readonly browser: FormBrowser,
  ) {}

  get redirectUrl(): string {
    return this.redirectUri;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'SDK test client',
      redirect_uris: [this.redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  state(): string {
    const state = randomBytes(16).toString('base64url');
    this.sentStates.push(state);
    return state;
  }

  clientInformation() {
    return this.information;
  }

  saveClientInformation(information: OAuthClientInformationMixed): void {
    this.information = information;
  }

  tokens() {
    return this.saved;
  }

  saveTokens(tokens: OAuthTokens): void {
    this.saved = tokens;
  }

  async redirectToAuthorization(authorizationUrl: URL): Promise<void> {
    const landing = await approveAndSignIn(this.browser, authorizationUrl, 'alice', () => false);
    expect(landing.status).toBe(200);
  }

  saveCodeVerifier(codeVerifier: string): void {
    this.verifier = codeVerifier;
  }

  codeVerifier(): string {
    return this.verifier;
  }
}

/** The registration endpoint wants the registration token; the SDK's fetch is given it. */
const fetchWithRegistrationToken: typeof fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : input);
  if (!url.pathname.endsWith('/oauth/register')) return fetch(input, init);
  const headers = new Headers(init?.headers);
  headers.set('authorization', `Bearer ${REGISTRATION_TOKEN}`);
  return fetch(input, { ...init, headers });
};

// Google has no groups claim; an OpenID provider such as Dex sends one for the groups scope.
describe.each([
  { provider: 'oidc', scopes: 'openid,email,profile,groups', groups: ['developers'] },
  { provider: 'google', scopes: undefined, groups: [] },
] as const)('the MCP SDK client logs in with --oauth-provider=$provider', ({ provider, scopes, groups }) => {
  let harness: Harness;
  let listener: Awaited<ReturnType<typeof startRedirectListener>>;

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

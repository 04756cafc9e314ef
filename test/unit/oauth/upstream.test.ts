import { type DevIdentityProvider, type DevUser, startDevIdentityProvider } from '@mcp-kubernetes/devidp';
import { FormBrowser } from '@mcp-kubernetes/devidp/testing';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createUpstreamProvider,
  refreshFailureIsPermanent,
  type UpstreamLogin,
  type UpstreamProvider,
  type UpstreamProviderConfig,
  UpstreamProviderFailed,
} from '../../../src/oauth/upstream/index.js';

const REDIRECT_URI = 'http://127.0.0.1:9/oauth/callback';
const atCallback = (location: URL) => location.href.startsWith(REDIRECT_URI);
const USERS: DevUser[] = [
  { email: 'alice@example.com', name: 'Alice', groups: ['developers'] },
  { email: 'carol@example.com', name: 'Carol', emailVerified: false },
  { email: 'dave@corp.example', name: 'Dave (consumer account)' },
  { email: 'erin@corp.example', name: 'Erin (Workspace)', hd: 'corp.example' },
];

let idp: DevIdentityProvider;
beforeAll(async () => {
  idp = await startDevIdentityProvider({
    users: USERS,
    clients: [{ clientId: 'mcp-upstream', clientSecret: 'upstream-secret', redirectUris: [REDIRECT_URI] }],
  });
});
afterAll(() => idp?.stop());

function oidc(settings: Partial<UpstreamProviderConfig> = {}): Promise<UpstreamProvider> {
  return createUpstreamProvider({
    provider: 'oidc',
    issuerUrl: idp.issuer,
    clientId: 'mcp-upstream',
    clientSecret: 'upstream-secret',
    ...settings,
  } as UpstreamProviderConfig);
}

function google(settings: Partial<UpstreamProviderConfig> = {}): Promise<UpstreamProvider> {
  return createUpstreamProvider({
    provider: 'google',
    testIssuerOverride: idp.issuer,
    clientId: 'mcp-upstream',
    clientSecret: 'upstream-secret',
    ...settings,
  } as UpstreamProviderConfig);
}

/** Runs our side of a login: the authorization URL, the person signing in, and the callback URL. */
async function startLogin(upstream: UpstreamProvider, userName: string, scopes = ['email', 'profile']) {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = upstream.authorizationUrl({
    state,
    nonce,
    codeChallenge: await client.calculatePKCECodeChallenge(codeVerifier),
    scopes,
    redirectUri: REDIRECT_URI,
  });
  const browser = new FormBrowser();
  const loginPage = await browser.navigate(url.href, atCallback);
  const callback = await browser.submitForm(loginPage, `Sign in as ${userName}`, atCallback);
  const exchange = {
    callbackUrl: callback.url,
    redirectUri: REDIRECT_URI,
    codeVerifier,
    expectedNonce: nonce,
  };
  return { ...exchange, expectedState: state };
}

async function logIn(
  upstream: UpstreamProvider,
  userName: string,
  scopes?: string[],
): Promise<UpstreamLogin> {
  return upstream.exchangeCode(await startLogin(upstream, userName, scopes));
}

describe('authorization URL', () => {
  const request = { state: 's', nonce: 'n', codeChallenge: 'c'.repeat(43), redirectUri: REDIRECT_URI };

  it('asks an OIDC provider for offline access with the offline_access scope', async () => {
    const url = (await oidc()).authorizationUrl({ ...request, scopes: ['email', 'groups'] });
    expect(url.origin).toBe(idp.issuer);
    expect(url.searchParams.get('scope')?.split(' ')).toEqual([
      'openid',
      'email',
      'groups',
      'offline_access',
    ]);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toBe('c'.repeat(43));
    expect(url.searchParams.get('state')).toBe('s');
    expect(url.searchParams.get('nonce')).toBe('n');
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(url.searchParams.has('access_type')).toBe(false);
  });

  it('asks Google for offline access with access_type=offline and prompt=consent', async () => {
    const url = (await google()).authorizationUrl({ ...request, scopes: ['email'] });
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('prompt')).toBe('consent');
    expect(url.searchParams.get('scope')).toBe('openid email');
  });
});

describe.each([
  ['oidc', oidc],
  ['google', google],
])('login through the %s provider', (_name, create) => {
  it('returns the verified identity and tokens, refresh token included', async () => {
    const login = await logIn(await create(), 'Alice', ['email', 'profile', 'groups']);
    expect(login.identity).toMatchObject({
      issuer: idp.issuer,
      audience: ['mcp-upstream'],
      email: 'alice@example.com',
      emailVerified: true,
      name: 'Alice',
      groups: ['developers'],
    });
    expect(login.tokens.idToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(login.tokens.refreshToken).toBeTruthy();
    expect(login.tokens.accessTokenExpiresAt).toBeGreaterThan(Date.now());
  });

  it('refuses an email address the provider has not verified', async () => {
    await expect(logIn(await create(), 'Carol')).rejects.toMatchObject({
      name: 'UpstreamIdentityRefused',
      reason: 'email_not_verified',
      oauthError: 'access_denied',
    });
  });

  it('accepts an unverified address only when allowUnverifiedEmail is set', async () => {
    const login = await logIn(await create({ allowUnverifiedEmail: true }), 'Carol');
    expect(login.identity).toMatchObject({ email: 'carol@example.com', emailVerified: false });
  });

  it('refuses a login whose nonce is not the one we sent', async () => {
    const upstream = await create();
    const exchange = await startLogin(upstream, 'Alice');
    await expect(
      upstream.exchangeCode({ ...exchange, expectedNonce: 'another-nonce' }),
    ).rejects.toMatchObject({
      name: 'UpstreamProviderFailed',
      oauthError: 'server_error',
    });
  });
});

describe('allowed email domains', () => {
  it('checks an OIDC account on its email domain', async () => {
    const upstream = await oidc({ allowedEmailDomains: ['Corp.Example'] });
    expect((await logIn(upstream, 'Dave')).identity.email).toBe('dave@corp.example');
    await expect(logIn(upstream, 'Alice')).rejects.toMatchObject({ reason: 'email_domain_not_allowed' });
  });

  it('checks a Google account on its hosted domain, not on its verified address', async () => {
    const upstream = await google({ allowedEmailDomains: ['corp.example'] });
    expect((await logIn(upstream, 'Erin')).identity.hostedDomain).toBe('corp.example');
    await expect(logIn(upstream, 'Dave')).rejects.toMatchObject({
      reason: 'email_domain_not_allowed',
      message: expect.not.stringContaining('dave'),
    });
  });
});

describe('provider errors at the callback', () => {
  it.each([
    ['access_denied', 'UpstreamIdentityRefused', 'access_denied'],
    ['interaction_required', 'UpstreamIdentityRefused', 'access_denied'],
    ['temporarily_unavailable', 'UpstreamProviderFailed', 'temporarily_unavailable'],
    ['server_error', 'UpstreamProviderFailed', 'server_error'],
    ['invalid_scope', 'UpstreamProviderFailed', 'server_error'],
  ])('maps the provider error %s to %s with %s for the client', async (providerError, name, oauthError) => {
    const callbackUrl = new URL(REDIRECT_URI);
    callbackUrl.search = new URLSearchParams({
      error: providerError,
      state: 'st',
      iss: idp.issuer,
    }).toString();
    const exchange = {
      callbackUrl,
      redirectUri: REDIRECT_URI,
      codeVerifier: 'v'.repeat(43),
      expectedNonce: 'n',
    };
    await expect((await oidc()).exchangeCode({ ...exchange, expectedState: 'st' })).rejects.toMatchObject({
      name,
      oauthError,
    });
  });
});

describe('refresh', () => {
  it('returns new tokens and the identity of a new ID token with the same subject', async () => {
    const upstream = await oidc();
    const login = await logIn(upstream, 'Alice');
    const refreshed = await upstream.refresh(login.tokens.refreshToken ?? '', login.identity);
    expect(refreshed.tokens.accessToken).not.toBe(login.tokens.accessToken);
    expect(refreshed.tokens.idToken).not.toBe(login.tokens.idToken);
    expect(refreshed.identity?.subject).toBe(login.identity.subject);
  });

  it('keeps no stale ID token when the answer has none', async () => {
    const withoutIdTokens: client.CustomFetch = async (url, options) => {
      const response = await fetch(url, options);
      if (!url.endsWith('/token') || !String(options.body).includes('grant_type=refresh_token'))
        return response;
      const { id_token: _dropped, ...answer } = (await response.json()) as Record<string, unknown>;
      return Response.json(answer, { status: response.status });
    };
    const upstream = await oidc({ fetch: withoutIdTokens });
    const login = await logIn(upstream, 'Alice');
    const refreshed = await upstream.refresh(login.tokens.refreshToken ?? '', login.identity);
    expect(refreshed.tokens.accessToken).toBeTruthy();
    expect(refreshed.tokens.idToken).toBeUndefined();
    expect(refreshed.identity).toBeUndefined();
    expect(refreshed.tokens.refreshToken).toBeTruthy();
  });

  it('refuses a new ID token for another subject than the login', async () => {
    const upstream = await oidc();
    const login = await logIn(upstream, 'Alice');
    const error = await upstream
      .refresh(login.tokens.refreshToken ?? '', { ...login.identity, subject: 'someone-else' })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'UpstreamIdentityRefused', reason: 'identity_changed' });
    expect(refreshFailureIsPermanent(error)).toBe(true);
  });

  it('reports a refresh token the provider no longer knows as a permanent failure', async () => {
    const upstream = await oidc();
    const login = await logIn(upstream, 'Alice');
    const error = await upstream
      .refresh('not-a-refresh-token', login.identity)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamProviderFailed);
    expect(error).toMatchObject({ providerError: 'invalid_grant', permanent: true });
    expect(refreshFailureIsPermanent(error)).toBe(true);
  });
});

describe('configuration', () => {
  it('refuses a plain-http issuer that is not on loopback', async () => {
    await expect(
      oidc({ issuerUrl: 'http://idp.example.com' } as Partial<UpstreamProviderConfig>),
    ).rejects.toThrow(/--oidc-issuer-url must be an https URL/);
  });

  it('names the issuer when discovery fails', async () => {
    await expect(
      oidc({ issuerUrl: 'http://127.0.0.1:9' } as Partial<UpstreamProviderConfig>),
    ).rejects.toThrow(/OpenID discovery failed for http:\/\/127\.0\.0\.1:9/);
  });

  it('names an unreadable CA file', async () => {
    await expect(oidc({ caFile: '/nonexistent/ca.pem' } as Partial<UpstreamProviderConfig>)).rejects.toThrow(
      /cannot read the OIDC CA file \/nonexistent\/ca.pem/,
    );
  });
});

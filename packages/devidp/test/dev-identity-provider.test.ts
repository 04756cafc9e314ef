import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormBrowser } from '../src/form-browser.js';
import { type DevIdentityProvider, startDevIdentityProvider } from '../src/index.js';

const REDIRECT_URI = 'http://127.0.0.1:9/callback';
const atRedirectUri = (location: URL) => location.href.startsWith(REDIRECT_URI);

describe('development identity provider', () => {
  let idp: DevIdentityProvider;
  let config: client.Configuration;

  beforeAll(async () => {
    idp = await startDevIdentityProvider({
      users: [
        { email: 'alice@example.com', name: 'Alice', groups: ['developers'], hd: 'example.com' },
        { email: 'bob@example.com', name: 'Bob' },
      ],
      clients: [{ clientId: 'mcp', clientSecret: 'mcp-secret', redirectUris: [REDIRECT_URI] }],
    });
    config = await client.discovery(new URL(idp.issuer), 'mcp', 'mcp-secret', undefined, {
      execute: [client.allowInsecureRequests],
    });
  });
  afterAll(() => idp?.stop());

  async function logIn(parameters: Record<string, string>, user = 'Alice') {
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...parameters,
    });
    const browser = new FormBrowser();
    const loginPage = await browser.navigate(url.href, atRedirectUri);
    expect(loginPage.status).toBe(200);
    const callback = await browser.submitForm(loginPage, `Sign in as ${user}`, atRedirectUri);
    return { callback: callback.url, codeVerifier, state, nonce, loginPage };
  }

  it('publishes discovery with PKCE S256 and the code flow', () => {
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(idp.issuer);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.response_types_supported).toContain('code');
    expect(metadata.id_token_signing_alg_values_supported).toContain('RS256');
  });

  it('logs alice in by form and issues RS256 ID tokens with her claims and a refresh token', async () => {
    const login = await logIn({ scope: 'openid email profile groups offline_access' });
    expect(login.loginPage.body).toContain('<html lang="en">');
    expect(login.callback.searchParams.get('code')).toBeTruthy();

    const tokens = await client.authorizationCodeGrant(config, login.callback, {
      pkceCodeVerifier: login.codeVerifier,
      expectedState: login.state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
    expect(tokens.claims()).toMatchObject({
      iss: idp.issuer,
      aud: 'mcp',
      email: 'alice@example.com',
      email_verified: true,
      name: 'Alice',
      groups: ['developers'],
      hd: 'example.com',
    });
    expect(tokens.id_token?.split('.')[0]).toBeTruthy();
    expect(
      JSON.parse(Buffer.from(tokens.id_token?.split('.')[0] ?? '', 'base64url').toString()),
    ).toMatchObject({
      alg: 'RS256',
    });
    expect(tokens.refresh_token).toBeTruthy();

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token ?? '');
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.claims()?.sub).toBe(tokens.claims()?.sub);
  });

  it('issues a refresh token for Google-style access_type=offline with prompt=consent', async () => {
    const login = await logIn({ scope: 'openid email', access_type: 'offline', prompt: 'consent' });
    const tokens = await client.authorizationCodeGrant(config, login.callback, {
      pkceCodeVerifier: login.codeVerifier,
      expectedState: login.state,
      expectedNonce: login.nonce,
    });
    expect(tokens.refresh_token).toBeTruthy();
  });

  it('issues no refresh token when offline access was not asked for', async () => {
    const login = await logIn({ scope: 'openid email' }, 'Bob');
    const tokens = await client.authorizationCodeGrant(config, login.callback, {
      pkceCodeVerifier: login.codeVerifier,
      expectedState: login.state,
      expectedNonce: login.nonce,
    });
    expect(tokens.claims()?.email).toBe('bob@example.com');
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: 'openid' });
    const landing = await new FormBrowser().navigate(url.href, atRedirectUri);
    expect(landing.url.searchParams.get('error')).toBe('invalid_request');
  });

  it('sends access_denied back to the client when the user cancels', async () => {
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      state: 'cancel-state',
    });
    const browser = new FormBrowser();
    const loginPage = await browser.navigate(url.href, atRedirectUri);
    const landing = await browser.submitForm(loginPage, 'Cancel sign-in', atRedirectUri);
    expect(landing.url.searchParams.get('error')).toBe('access_denied');
    expect(landing.url.searchParams.get('state')).toBe('cancel-state');
  });

  it('refuses to listen anywhere but loopback', async () => {
    await expect(startDevIdentityProvider({ host: '0.0.0.0', users: [], clients: [] })).rejects.toThrow(
      /loopback only/,
    );
  });
});

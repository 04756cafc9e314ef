import { FormBrowser, type Landing } from '@mcp-kubernetes/devidp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approveAndSignIn,
  atRedirectUri,
  authorizeUrl,
  exchangeCode,
  type Harness,
  newPkce,
  type RegisteredClient,
  register,
  registerClient,
  signIn,
  startHarness,
  USERS,
  type UserName,
} from './oauth-harness.js';

let harness: Harness;
let client: RegisteredClient;

beforeAll(async () => {
  harness = await startHarness({ provider: 'oidc', flags: { allowedEmailDomains: 'example.com' } });
  client = await registerClient(harness);
});
afterAll(() => harness?.stop());

const noRedirect = () => false;

/** The error the client receives: from the Location of a redirect. */
function clientError(response: Response): Record<string, string | null> {
  const location = new URL(response.headers.get('location') ?? 'about:blank');
  return {
    at: `${location.origin}${location.pathname}`,
    error: location.searchParams.get('error'),
    error_description: location.searchParams.get('error_description'),
    state: location.searchParams.get('state'),
    iss: location.searchParams.get('iss'),
  };
}

async function authorize(parameters: Record<string, string | undefined>, forClient = client) {
  return fetch(authorizeUrl(harness, forClient, parameters), { redirect: 'manual' });
}

/** The link of the page that hands a result to the client (interstitial or login failure). */
function continueLink(body: string): URL {
  const href = /id="continue"[^>]*href="([^"]+)"/.exec(body)?.[1] ?? '';
  return new URL(href.replaceAll('&amp;', '&'));
}

/** Consent and login in `browser`, stopping at our callback with the provider's code and our state. */
async function untilCallback(browser: FormBrowser, user: UserName = 'alice'): Promise<Landing> {
  const atCallback = (location: URL) => location.href.startsWith(`${harness.baseUrl}/oauth/callback`);
  return approveAndSignIn(browser, authorizeUrl(harness, client), user, atCallback);
}

describe('GET /oauth/authorize before the client and redirect URI are validated', () => {
  it('shows an error page, never a redirect, for an unregistered redirect URI', async () => {
    const response = await authorize({ redirect_uri: 'http://127.0.0.1:9/elsewhere' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain(
      'redirect_uri is not one of the redirect URIs this client registered',
    );
  });

  it('shows an error page for an unknown client', async () => {
    const response = await authorize({}, { ...client, client_id: 'no-such-client' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('this client is not registered with this server');
  });

  it('accepts a loopback redirect URI on another port (RFC 8252)', async () => {
    const response = await authorize({ redirect_uri: 'http://127.0.0.1:45678/callback' });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('http://127.0.0.1:45678/callback');
  });
});

describe('GET /oauth/authorize after validation redirects errors to the client with state and iss', () => {
  it.each([
    [
      'a missing code_challenge',
      { code_challenge: undefined },
      'invalid_request',
      'code_challenge is required (PKCE with S256)',
    ],
    [
      'the plain PKCE method',
      { code_challenge_method: 'plain' },
      'invalid_request',
      'code_challenge_method must be S256',
    ],
    [
      'no code_challenge_method',
      { code_challenge_method: undefined },
      'invalid_request',
      'code_challenge_method must be S256',
    ],
    [
      'response_type=token',
      { response_type: 'token' },
      'unsupported_response_type',
      'only response_type=code is supported',
    ],
    ['a scope we do not offer', { scope: 'openid admin' }, 'invalid_scope', 'scope not allowed: admin'],
    [
      'a Kubernetes scope that does not exist',
      { scope: 'kubernetes:read kubernetes:admin' },
      'invalid_scope',
      'scope not allowed: kubernetes:admin',
    ],
    [
      'a dpop_jkt that is no key thumbprint',
      { dpop_jkt: 'not-a-thumbprint' },
      'invalid_request',
      'dpop_jkt must be the base64url SHA-256 thumbprint of a DPoP key (43 characters)',
    ],
    [
      'a resource that is not ours',
      { resource: 'https://other.example/mcp' },
      'invalid_target',
      'the requested resource is not served here',
    ],
  ])('refuses %s', async (_case, parameters, error, description) => {
    const response = await authorize(parameters);
    expect(response.status).toBe(302);
    expect(clientError(response)).toEqual({
      at: client.redirect_uris[0],
      error,
      error_description: description,
      state: 'client-state-123',
      iss: harness.baseUrl,
    });
  });

  it('refuses a request without state', async () => {
    const response = await authorize({ state: undefined });
    expect(clientError(response)).toMatchObject({
      error: 'invalid_request',
      error_description: 'state is required (it protects the client against cross-site request forgery)',
      state: null,
      iss: harness.baseUrl,
    });
  });
});

describe('the consent page', () => {
  it('shows client, redirect URI and scopes with a CSRF-protected form, and sets a lax HttpOnly cookie', async () => {
    const response = await authorize({ scope: 'openid email' });
    const page = await response.text();
    expect(response.status).toBe(200);
    expect(page).toContain('Test client');
    expect(page).toContain(client.redirect_uris[0]);
    expect(page).toContain('<code>email</code>');
    expect(page).toMatch(/<input type="hidden" name="csrf_token" value="[A-Za-z0-9_-]{43}">/);
    expect(page).toContain('<button class="button" type="submit" name="decision" value="approve">');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(
      /^mcp-browser=[^;]+; Max-Age=\d+; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/,
    );
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('warns about a self-registered client that redirects beyond loopback', async () => {
    const publicHarness = await startHarness({ flags: { trustedPublicRegistrationSchemes: 'cursor' } });
    try {
      const registration = await register(
        publicHarness,
        { client_name: 'Cursor', redirect_uris: ['cursor://anysphere.cursor-mcp/oauth/callback'] },
        { token: null },
      );
      const cursor = (await registration.json()) as RegisteredClient;
      const page = await (await fetch(authorizeUrl(publicHarness, cursor))).text();
      expect(page).toContain('Check this address before you continue.');
    } finally {
      await publicHarness.stop();
    }
  });

  it('refuses a forged consent POST without the CSRF token, and one with a wrong token', async () => {
    const url = authorizeUrl(harness, client);
    const browser = new FormBrowser();
    const consent = await browser.navigate(url.href, noRedirect);
    const forged = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=approve',
      redirect: 'manual',
    });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain(
      'the consent form was not sent from the page this server showed in this browser',
    );

    expect(consent.status).toBe(200);
    const wrongToken = await browser.navigate(url.href, noRedirect, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `decision=approve&csrf_token=${'A'.repeat(43)}`,
    });
    expect(wrongToken.status).toBe(403);
  });

  it('answers an approval with a 303 to the identity provider', async () => {
    const browser = new FormBrowser();
    const consent = await browser.navigate(authorizeUrl(harness, client).href, noRedirect);
    const answer = await browser.submitForm(consent, 'Approve', (location) =>
      location.href.startsWith(harness.idp.issuer),
    );
    expect(answer.url.href.startsWith(`${harness.idp.issuer}/auth?`)).toBe(true);
  });

  it('sends access_denied to the client with a 303 when the person denies', async () => {
    const browser = new FormBrowser();
    const consent = await browser.navigate(authorizeUrl(harness, client).href, noRedirect);
    const answer = await browser.submitForm(consent, 'Deny', atRedirectUri(client));
    expect(answer.url.searchParams.get('error')).toBe('access_denied');
    expect(answer.url.searchParams.get('state')).toBe('client-state-123');
    expect(answer.url.searchParams.get('iss')).toBe(harness.baseUrl);
  });

  it('remembers an approval for this client in this browser only', async () => {
    const browser = new FormBrowser();
    await signIn(harness, client, { browser });
    const atProvider = (location: URL) => location.href.startsWith(harness.idp.issuer);
    const again = await browser.navigate(authorizeUrl(harness, client).href, atProvider);
    expect(again.url.href.startsWith(`${harness.idp.issuer}/`)).toBe(true);
    const otherClient = await registerClient(harness);
    const otherConsent = await browser.navigate(authorizeUrl(harness, otherClient).href, noRedirect);
    expect(otherConsent.body).toContain('name="decision"');
    const otherBrowser = await new FormBrowser().navigate(authorizeUrl(harness, client).href, noRedirect);
    expect(otherBrowser.body).toContain('name="decision"');
  });
});

describe('GET /oauth/callback', () => {
  it('sends the client our code with its state and iss, the code bound to PKCE', async () => {
    const signedIn = await signIn(harness, client);
    expect(signedIn.landing.searchParams.get('state')).toBe('client-state-123');
    expect(signedIn.landing.searchParams.get('iss')).toBe(harness.baseUrl);
    expect((await exchangeCode(harness, client, signedIn)).status).toBe(200);
  });

  it('refuses a callback without state, with an unknown state, and a replayed state', async () => {
    const noState = await fetch(`${harness.baseUrl}/oauth/callback?code=abc`);
    expect(noState.status).toBe(400);
    expect(await noState.text()).toContain('the identity provider sent no state');

    const unknown = await fetch(`${harness.baseUrl}/oauth/callback?code=abc&state=${'x'.repeat(43)}`);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('this sign-in was already completed or has expired');

    const browser = new FormBrowser();
    const callback = await untilCallback(browser);
    const first = await browser.navigate(callback.url.href, atRedirectUri(client));
    expect(first.url.searchParams.get('code')).toBeTruthy();
    const replay = await browser.navigate(callback.url.href, atRedirectUri(client));
    expect(replay.status).toBe(400);
    expect(replay.body).toContain('this sign-in was already completed or has expired');
  });

  it('refuses a valid state that arrives from another browser (no state cookie)', async () => {
    const callback = await untilCallback(new FormBrowser());
    const victim = await new FormBrowser().navigate(callback.url.href, atRedirectUri(client));
    expect(victim.status).toBe(400);
    expect(victim.body).toContain('this sign-in was started in another browser');
  });

  it.each([
    [
      'an unverified email address',
      'eve',
      'the identity provider has not verified this account’s email address',
    ],
    ['an email outside the allowed domains', 'mallory', 'this account’s email domain is not allowed'],
  ] as const)(
    'refuses %s, shows why and returns access_denied to the client',
    async (_case, user, description) => {
      const pkce = newPkce();
      const landing = await approveAndSignIn(
        new FormBrowser(),
        authorizeUrl(harness, client, { code_challenge: pkce.challenge }),
        user,
        atRedirectUri(client),
      );
      expect(landing.status).toBe(403);
      expect(landing.body).toContain('Sign-in did not complete');
      expect(landing.body).not.toContain(USERS[user].email);
      const link = continueLink(landing.body);
      expect(link.searchParams.get('error')).toBe('access_denied');
      expect(link.searchParams.get('error_description')).toBe(description);
      expect(link.searchParams.get('state')).toBe('client-state-123');
      expect(link.searchParams.get('iss')).toBe(harness.baseUrl);
    },
  );

  it('returns access_denied to the client when the person cancels at the identity provider', async () => {
    const browser = new FormBrowser();
    const consent = await browser.navigate(authorizeUrl(harness, client).href, noRedirect);
    const login = await browser.submitForm(consent, 'Approve', noRedirect);
    const landing = await browser.submitForm(login, 'Cancel sign-in', atRedirectUri(client));
    const link = continueLink(landing.body);
    expect(link.searchParams.get('error')).toBe('access_denied');
    expect(link.searchParams.get('iss')).toBe(harness.baseUrl);
  });

  it('hands a custom-scheme redirect over through the interstitial page with a script hash', async () => {
    const cursor = await registerClient(harness, {
      redirect_uris: ['cursor://anysphere.cursor-mcp/oauth/callback'],
    });
    const landing = await approveAndSignIn(
      new FormBrowser(),
      authorizeUrl(harness, cursor),
      'alice',
      noRedirect,
    );
    expect(landing.status).toBe(200);
    expect(landing.body).toContain('Open Cursor');
    const link = continueLink(landing.body);
    expect(link.protocol).toBe('cursor:');
    expect(link.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link.searchParams.get('iss')).toBe(harness.baseUrl);
  });
});

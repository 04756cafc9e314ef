import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, register, startHarness } from './oauth-harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.stop());

const metadata = (overrides: Record<string, unknown> = {}) => ({
  client_name: 'Registration test',
  redirect_uris: ['http://127.0.0.1:9/callback'],
  token_endpoint_auth_method: 'none',
  ...overrides,
});

async function errorOf(response: Response) {
  return { status: response.status, ...((await response.json()) as Record<string, unknown>) } as Record<
    string,
    unknown
  >;
}

describe('POST /oauth/register', () => {
  it('registers a public client with the registration token: 201, never cached', async () => {
    const response = await register(
      harness,
      metadata({ grant_types: ['authorization_code', 'refresh_token'] }),
    );
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      client_id: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      client_id_issued_at: expect.any(Number),
      client_secret_expires_at: 0,
      client_name: 'Registration test',
      redirect_uris: ['http://127.0.0.1:9/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      registration_access_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      registration_client_uri: expect.stringMatching(
        new RegExp(`^${harness.baseUrl}/oauth/register/[A-Za-z0-9_-]{43}$`),
      ),
    });
  });

  it('gives a confidential client its secret once; an omitted auth method means client_secret_basic', async () => {
    const response = await register(harness, metadata({ token_endpoint_auth_method: undefined }));
    const registered = (await response.json()) as Record<string, unknown>;
    expect(registered.token_endpoint_auth_method).toBe('client_secret_basic');
    expect(registered.client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(registered.client_secret_expires_at).toBe(0);
  });

  it('refuses a registration without the registration token', async () => {
    const response = await register(harness, metadata(), { token: null });
    expect(response.headers.get('www-authenticate')).toContain('Bearer error="invalid_token"');
    expect(await errorOf(response)).toEqual({
      status: 401,
      error: 'invalid_token',
      error_description: 'client registration requires a registration token',
    });
  });

  it('refuses a registration with a wrong registration token', async () => {
    const response = await register(harness, metadata(), { token: 'wrong-token' });
    expect(await errorOf(response)).toEqual({
      status: 401,
      error: 'invalid_token',
      error_description: 'the registration token is not valid',
    });
  });

  it.each([
    ['a fragment', 'https://app.example.com/callback#x', 'must not contain a fragment'],
    ['javascript:', 'javascript:alert(1)', 'uses a forbidden scheme'],
    [
      'a private IP address',
      'https://10.0.0.5/callback',
      'points at a private, link-local or unspecified address',
    ],
    ['an encoded scheme', 'java%73cript:alert(1)', 'uses a forbidden scheme'],
    [
      'a hexadecimal IP address',
      'http://0x7f.1/callback',
      'must write its IPv4 address in dotted-decimal form',
    ],
    ['plain http beyond loopback', 'http://app.example.com/callback', 'must use https'],
  ])('refuses a redirect URI with %s', async (_case, uri, description) => {
    const response = await register(harness, metadata({ redirect_uris: [uri] }));
    const answer = await errorOf(response);
    expect(answer).toMatchObject({ status: 400, error: 'invalid_redirect_uri' });
    expect(answer.error_description).toContain(description);
  });

  it('refuses invalid metadata with invalid_client_metadata', async () => {
    const response = await register(harness, metadata({ grant_types: ['client_credentials'] }));
    expect(await errorOf(response)).toEqual({
      status: 400,
      error: 'invalid_client_metadata',
      error_description: 'grant_types supports only authorization_code, refresh_token',
    });
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await fetch(`${harness.baseUrl}/oauth/register`, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain',
        authorization: 'Bearer test-registration-token-0123456789abcdef',
      },
      body: 'redirect_uris=x',
    });
    expect(await errorOf(response)).toMatchObject({ status: 415, error: 'invalid_client_metadata' });
  });

  it('refuses a body over 64 KiB with 413', async () => {
    const response = await register(harness, metadata({ client_name: 'x'.repeat(70_000) }));
    expect(await errorOf(response)).toMatchObject({ status: 413, error: 'invalid_client_metadata' });
  });

  it('refuses the 11th client from one IP address with 429 and Retry-After', async () => {
    const ip = '203.0.113.77';
    for (let index = 0; index < 10; index++) {
      expect((await register(harness, metadata(), { ip })).status).toBe(201);
    }
    const eleventh = await register(harness, metadata(), { ip });
    expect(eleventh.headers.get('retry-after')).toBe('86400');
    expect(await errorOf(eleventh)).toEqual({
      status: 429,
      error: 'temporarily_unavailable',
      error_description: 'at most 10 clients may be registered from one address',
    });
    expect((await register(harness, metadata(), { ip: '203.0.113.78' })).status).toBe(201);
  });
});

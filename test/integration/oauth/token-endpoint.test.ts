import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  basic,
  callMcp,
  exchangeCode,
  type Harness,
  postForm,
  REGISTRATION_TOKEN,
  REUSE_GRACE_MS,
  type RegisteredClient,
  refresh,
  registerClient,
  signIn,
  startHarness,
  type TokenAnswer,
  tokensFor,
  tokensOf,
} from './oauth-harness.js';

let harness: Harness;
let publicClient: RegisteredClient;
let confidentialClient: RegisteredClient;
let otherConfidentialClient: RegisteredClient;

beforeAll(async () => {
  harness = await startHarness();
  publicClient = await registerClient(harness);
  confidentialClient = await registerClient(harness, { token_endpoint_auth_method: 'client_secret_basic' });
  otherConfidentialClient = await registerClient(harness, {
    token_endpoint_auth_method: 'client_secret_post',
  });
});
afterAll(() => harness?.stop());

async function answerOf(response: Response) {
  const text = await response.text();
  return { status: response.status, ...(text ? (JSON.parse(text) as Record<string, unknown>) : {}) };
}

describe('POST /oauth/token with authorization_code', () => {
  it('issues opaque tokens with Cache-Control: no-store and Pragma: no-cache', async () => {
    const response = await exchangeCode(harness, publicClient, await signIn(harness, publicClient));
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('pragma')).toBe('no-cache');
    expect(await response.json()).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      refresh_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'openid email profile kubernetes:read kubernetes:write kubernetes:exec',
    });
  });

  it('refuses a wrong code_verifier, and the code still works with the right one', async () => {
    const signedIn = await signIn(harness, publicClient);
    const wrong = await exchangeCode(harness, publicClient, signedIn, { code_verifier: 'w'.repeat(43) });
    expect(await answerOf(wrong)).toEqual({
      status: 400,
      error: 'invalid_grant',
      error_description: 'code_verifier does not match the code_challenge',
    });
    expect((await exchangeCode(harness, publicClient, signedIn)).status).toBe(200);
  });

  it('refuses a missing code_verifier', async () => {
    const signedIn = await signIn(harness, publicClient);
    const response = await exchangeCode(harness, publicClient, signedIn, { code_verifier: undefined });
    expect(await answerOf(response)).toEqual({
      status: 400,
      error: 'invalid_request',
      error_description: 'code_verifier is required',
    });
  });

  it('refuses a redirect_uri that differs from the authorization request', async () => {
    const signedIn = await signIn(harness, publicClient);
    const response = await exchangeCode(harness, publicClient, signedIn, {
      redirect_uri: 'http://127.0.0.1:9/other',
    });
    expect(await answerOf(response)).toMatchObject({ status: 400, error: 'invalid_grant' });
  });

  it('refuses a replayed code and revokes the tokens it produced', async () => {
    const signedIn = await signIn(harness, publicClient);
    const first = (await (await exchangeCode(harness, publicClient, signedIn)).json()) as TokenAnswer;
    expect((await callMcp(harness, first.access_token)).status).toBe(200);
    const replay = await exchangeCode(harness, publicClient, signedIn);
    expect(await answerOf(replay)).toEqual({
      status: 400,
      error: 'invalid_grant',
      error_description: 'the authorization code was already used; its tokens are revoked',
    });
    expect((await callMcp(harness, first.access_token)).status).toBe(401);
    expect((await refresh(harness, publicClient, first.refresh_token ?? '')).status).toBe(400);
  });

  it('refuses a code presented by another client without burning it', async () => {
    const signedIn = await signIn(harness, publicClient);
    const stolen = await exchangeCode(harness, confidentialClient, signedIn);
    expect(await answerOf(stolen)).toEqual({
      status: 400,
      error: 'invalid_grant',
      error_description: 'the authorization code was issued to another client',
    });
    expect((await exchangeCode(harness, publicClient, signedIn)).status).toBe(200);
  });

  it('gives exactly one success to 10 parallel redemptions of one code', async () => {
    const signedIn = await signIn(harness, publicClient);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => exchangeCode(harness, publicClient, signedIn).then((r) => r.status)),
    );
    expect(answers.filter((status) => status === 200)).toHaveLength(1);
    expect(answers.filter((status) => status === 400)).toHaveLength(9);
  });

  it('answers a failed Basic authentication with 401 and WWW-Authenticate: Basic', async () => {
    const signedIn = await signIn(harness, confidentialClient);
    const response = await exchangeCode(harness, { ...confidentialClient, client_secret: 'wrong' }, signedIn);
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="oauth"');
    expect(await answerOf(response)).toEqual({
      status: 401,
      error: 'invalid_client',
      error_description: 'client authentication failed',
    });
  });

  it('refuses Basic and client_secret together', async () => {
    const signedIn = await signIn(harness, confidentialClient);
    const response = await exchangeCode(harness, confidentialClient, signedIn, {
      client_secret: confidentialClient.client_secret,
    });
    expect(await answerOf(response)).toMatchObject({ status: 400, error: 'invalid_request' });
  });

  it('accepts client_secret_post', async () => {
    const signedIn = await signIn(harness, otherConfidentialClient);
    const response = await postForm(harness, '/oauth/token', {
      grant_type: 'authorization_code',
      code: signedIn.code,
      redirect_uri: otherConfidentialClient.redirect_uris[0],
      code_verifier: signedIn.verifier,
      client_id: otherConfidentialClient.client_id,
      client_secret: otherConfidentialClient.client_secret,
    });
    expect(response.status).toBe(200);
  });

  it('refuses a JSON body, an unknown grant type and a repeated parameter', async () => {
    const json = await fetch(`${harness.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'authorization_code' }),
    });
    expect(await answerOf(json)).toEqual({
      status: 415,
      error: 'invalid_request',
      error_description: 'the request body must be application/x-www-form-urlencoded',
    });
    const unknown = await postForm(harness, '/oauth/token', {
      grant_type: 'password',
      client_id: publicClient.client_id,
    });
    expect(await answerOf(unknown)).toMatchObject({ status: 400, error: 'unsupported_grant_type' });
    const repeated = await fetch(`${harness.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=refresh_token&grant_type=refresh_token',
    });
    expect(await answerOf(repeated)).toEqual({
      status: 400,
      error: 'invalid_request',
      error_description: 'grant_type must not be repeated',
    });
  });
});

describe('POST /oauth/token with refresh_token', () => {
  it('rotates the refresh token; a rotated token replayed after the grace window revokes the family', async () => {
    const tokens = await tokensFor(harness, publicClient);
    const rotated = (await (
      await refresh(harness, publicClient, tokens.refresh_token ?? '')
    ).json()) as TokenAnswer;
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
    harness.clock.advance(REUSE_GRACE_MS);
    const replay = await refresh(harness, publicClient, tokens.refresh_token ?? '');
    expect(await answerOf(replay)).toEqual({
      status: 400,
      error: 'invalid_grant',
      error_description: 'the refresh token was already used; the grant is revoked',
    });
    expect((await refresh(harness, publicClient, rotated.refresh_token ?? '')).status).toBe(400);
    expect((await callMcp(harness, rotated.access_token)).status).toBe(401);
  });

  it('refuses a refresh token presented by another client', async () => {
    const tokens = await tokensFor(harness, publicClient);
    const response = await refresh(harness, confidentialClient, tokens.refresh_token ?? '');
    expect(await answerOf(response)).toEqual({
      status: 400,
      error: 'invalid_grant',
      error_description: 'the refresh token was issued to another client',
    });
    expect((await refresh(harness, publicClient, tokens.refresh_token ?? '')).status).toBe(200);
  });

  it('gives no success to 10 parallel replays of a rotated refresh token after the grace window', async () => {
    const tokens = await tokensFor(harness, publicClient);
    expect((await refresh(harness, publicClient, tokens.refresh_token ?? '')).status).toBe(200);
    harness.clock.advance(REUSE_GRACE_MS);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        refresh(harness, publicClient, tokens.refresh_token ?? '').then((r) => r.status),
      ),
    );
    expect(answers.filter((status) => status === 200)).toHaveLength(0);
  });

  it('gives a retry within the grace window the same tokens again, never new ones', async () => {
    const tokens = await tokensFor(harness, publicClient);
    const first = await tokensOf(await refresh(harness, publicClient, tokens.refresh_token ?? ''));
    harness.clock.advance(REUSE_GRACE_MS - 1000);
    const retries = await Promise.all(
      Array.from({ length: 5 }, async () =>
        tokensOf(await refresh(harness, publicClient, tokens.refresh_token ?? '')),
      ),
    );
    for (const retry of retries) {
      expect(retry).toEqual({ ...first, expires_in: expect.any(Number) });
      expect(retry.expires_in).toBeLessThanOrEqual(first.expires_in - 9);
    }
    expect((await callMcp(harness, first.access_token)).status).toBe(200);
    expect((await refresh(harness, publicClient, first.refresh_token ?? '')).status).toBe(200);
  });

  it('gives both of two parallel refreshes with one token the same working tokens', async () => {
    const tokens = await tokensFor(harness, publicClient);
    const [one, two] = await Promise.all(
      [1, 2].map(async () => tokensOf(await refresh(harness, publicClient, tokens.refresh_token ?? ''))),
    );
    expect(one?.refresh_token).toBe(two?.refresh_token);
    expect(one?.access_token).toBe(two?.access_token);
    expect((await callMcp(harness, one?.access_token)).status).toBe(200);
  });

  it('revokes the family when another client presents a spent refresh token, even within the window', async () => {
    const tokens = await tokensFor(harness, publicClient);
    const rotated = await tokensOf(await refresh(harness, publicClient, tokens.refresh_token ?? ''));
    const stolen = await refresh(harness, confidentialClient, tokens.refresh_token ?? '');
    expect(await answerOf(stolen)).toEqual({
      status: 400,
      error: 'invalid_grant',
      error_description: 'the refresh token was already used; the grant is revoked',
    });
    expect((await callMcp(harness, rotated.access_token)).status).toBe(401);
    expect((await refresh(harness, publicClient, tokens.refresh_token ?? '')).status).toBe(400);
  });
});

describe('POST /oauth/token with --refresh-token-reuse-grace=0', () => {
  let strict: Harness;
  let client: RegisteredClient;
  beforeAll(async () => {
    strict = await startHarness({ flags: { refreshTokenReuseGrace: '0' } });
    client = await registerClient(strict);
  });
  afterAll(() => strict?.stop());

  it('revokes the family on any reuse, however soon', async () => {
    const tokens = await tokensFor(strict, client);
    const rotated = await tokensOf(await refresh(strict, client, tokens.refresh_token ?? ''));
    expect((await refresh(strict, client, tokens.refresh_token ?? '')).status).toBe(400);
    expect((await callMcp(strict, rotated.access_token)).status).toBe(401);
  });
});

describe('POST /oauth/revoke', () => {
  it('refuses to revoke another client’s token and changes nothing', async () => {
    const tokens = await tokensFor(harness, publicClient);
    const response = await postForm(
      harness,
      '/oauth/revoke',
      { token: tokens.access_token },
      basic(confidentialClient),
    );
    expect(await answerOf(response)).toEqual({
      status: 400,
      error: 'invalid_request',
      error_description: 'client is not authorized to revoke the presented token',
    });
    expect((await callMcp(harness, tokens.access_token)).status).toBe(200);
  });

  it('revokes a refresh token with its whole grant, and answers 200 for an unknown token', async () => {
    const tokens = await tokensFor(harness, publicClient);
    const revoke = (token: string) =>
      postForm(harness, '/oauth/revoke', {
        token,
        client_id: publicClient.client_id,
        token_type_hint: 'refresh_token',
      });
    expect((await revoke(tokens.refresh_token ?? '')).status).toBe(200);
    expect((await callMcp(harness, tokens.access_token)).status).toBe(401);
    expect((await revoke('never-issued')).status).toBe(200);
  });

  it('requires client authentication', async () => {
    const response = await postForm(harness, '/oauth/revoke', { token: 'anything' });
    expect(await answerOf(response)).toEqual({
      status: 401,
      error: 'invalid_client',
      error_description: 'client authentication is required',
    });
  });
});

describe('POST /oauth/introspect', () => {
  it('refuses an introspection without authentication', async () => {
    const response = await postForm(harness, '/oauth/introspect', { token: 'anything' });
    expect(await answerOf(response)).toEqual({
      status: 401,
      error: 'invalid_client',
      error_description: 'client authentication is required',
    });
  });

  it('refuses a public client, which anyone can name', async () => {
    const response = await postForm(harness, '/oauth/introspect', {
      token: 'x',
      client_id: publicClient.client_id,
    });
    expect(await answerOf(response)).toEqual({
      status: 401,
      error: 'invalid_client',
      error_description: 'introspection requires a confidential client or the registration token',
    });
  });

  it('shows a confidential client its own token, another client’s as inactive, the registration token all', async () => {
    const own = await tokensFor(harness, confidentialClient);
    const others = await tokensFor(harness, otherConfidentialClient);
    const introspect = (token: string, headers: Record<string, string>) =>
      postForm(harness, '/oauth/introspect', { token }, headers).then(answerOf);

    expect(await introspect(own.access_token, basic(confidentialClient))).toEqual({
      status: 200,
      active: true,
      scope: 'openid email profile kubernetes:read kubernetes:write kubernetes:exec',
      client_id: confidentialClient.client_id,
      sub: expect.any(String),
      exp: expect.any(Number),
      iat: expect.any(Number),
      aud: harness.mcpUrl,
      iss: harness.baseUrl,
      token_type: 'Bearer',
    });
    expect(await introspect(others.access_token, basic(confidentialClient))).toEqual({
      status: 200,
      active: false,
    });
    const asAdmin = await introspect(others.refresh_token ?? '', {
      authorization: `Bearer ${REGISTRATION_TOKEN}`,
    });
    expect(asAdmin).toMatchObject({
      active: true,
      token_type: 'refresh_token',
      client_id: otherConfidentialClient.client_id,
    });
  });
});

import { FormBrowser } from '@mcp-kubernetes/devidp/testing';
import express from 'express';
import type { CustomFetch } from 'openid-client';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { refuseBearer, requireBearerToken } from '../../../src/auth/bearer-middleware.js';
import { InvalidToken } from '../../../src/oauth/errors.js';
import { createOAuthServer } from '../../../src/oauth/oauth-server.js';
import { resolveOAuthSettings } from '../../../src/oauth/oauth-settings.js';
import { createLogger } from '../../../src/observability/logger.js';
import { AUDIT_EVENTS, createAuditLog } from '../../../src/security/audit-log.js';
import { withDownstreamIdentity } from '../../../src/server/downstream-identity.js';
import { DpopKey } from './dpop-helpers.js';
import {
  approveAndSignIn,
  atRedirectUri,
  authorizeUrl,
  basic,
  callMcp,
  exchangeCode,
  type Harness,
  newPkce,
  postForm,
  REGISTRATION_TOKEN,
  REUSE_GRACE_MS,
  type RegisteredClient,
  refresh,
  register,
  registerClient,
  signIn,
  startHarness,
  TEST_IP_HEADER,
  type TokenAnswer,
  tokensOf,
  UPSTREAM_CLIENT_ID,
  UPSTREAM_CLIENT_SECRET,
  USERS,
} from './oauth-harness.js';
import { allowExchange, exchange } from './token-exchange-helpers.js';

interface AuditLine {
  event: string;
  outcome: string;
  clientId?: string;
  userHash?: string;
  ipHash?: string;
  reason?: string;
}

const MAX_CLIENTS_PER_IP = 2;
const auditLines: string[] = [];
const logLines: string[] = [];
/** Tokens the identity provider issued to our server, seen through the server's upstream HTTP client. */
const upstreamTokens: string[] = [];

const observeUpstreamTokens: CustomFetch = async (url, options) => {
  const response = await fetch(url, options as RequestInit);
  if (response.headers.get('content-type')?.includes('json')) {
    const body = (await response.clone().json()) as Record<string, unknown>;
    for (const name of ['access_token', 'refresh_token', 'id_token']) {
      const token = body[name];
      if (typeof token === 'string') upstreamTokens.push(token);
    }
  }
  return response;
};

const audit = createAuditLog({
  destination: 'off',
  hmacKey: 'audit-events-test-hmac-key-0123456789',
  stream: { write: (line: string) => auditLines.push(line) },
});
// What --debug logs.
const logger = createLogger(
  { logLevel: 'debug', debug: true },
  { write: (line: string) => logLines.push(line) },
);

let harness: Harness;
let client: RegisteredClient;

beforeAll(async () => {
  harness = await startHarness({
    flags: { maxClientsPerIp: MAX_CLIENTS_PER_IP },
    audit,
    logger,
    fetch: observeUpstreamTokens,
  });
  client = await registerClient(harness);
});
afterAll(() => harness?.stop());

/** The audit lines written while `step` ran. */
async function recordedDuring(step: () => Promise<unknown>): Promise<AuditLine[]> {
  const start = auditLines.length;
  await step();
  return auditLines.slice(start).map((line) => JSON.parse(line) as AuditLine);
}

function only(lines: AuditLine[], event: string): AuditLine {
  const matching = lines.filter((line) => line.event === event);
  expect(matching, `${event} in ${JSON.stringify(lines)}`).toHaveLength(1);
  return matching[0] as AuditLine;
}

function revoke(token: string, of: RegisteredClient = client) {
  return postForm(harness, '/oauth/revoke', { token, client_id: of.client_id });
}

const HASH = /^[0-9a-f]{32}$/;

describe('the audit log of the OAuth flow', () => {
  it('records registration, login, token issue, refresh and revocation, with client, user and IP', async () => {
    let own = client;
    const registration = await recordedDuring(async () => {
      const response = await register(harness, clientMetadata(), { ip: '198.51.100.7' });
      own = (await response.json()) as RegisteredClient;
    });
    expect(only(registration, 'client_registered')).toEqual({
      ...lineBasics('client_registered', 'success'),
      clientId: own.client_id,
      ipHash: expect.stringMatching(HASH),
    });

    let signedIn: Awaited<ReturnType<typeof signIn>> | undefined;
    const login = await recordedDuring(async () => {
      signedIn = await signIn(harness, own);
    });
    expect(login.map((line) => line.event)).toEqual([
      'authorization_flow_started',
      'consent_granted',
      'authorization_code_issued',
    ]);
    for (const line of login) expect(line).toMatchObject({ outcome: 'success', clientId: own.client_id });
    const userHash = only(login, 'authorization_code_issued').userHash;
    expect(userHash).toMatch(HASH);

    let tokens: TokenAnswer | undefined;
    const issue = await recordedDuring(async () => {
      tokens = await tokensOf(await exchangeCode(harness, own, signedIn as NonNullable<typeof signedIn>));
    });
    expect(only(issue, 'token_issued')).toMatchObject({
      outcome: 'success',
      clientId: own.client_id,
      userHash,
    });

    let refreshed: TokenAnswer | undefined;
    const refreshing = await recordedDuring(async () => {
      refreshed = await tokensOf(await refresh(harness, own, tokens?.refresh_token ?? ''));
    });
    expect(only(refreshing, 'token_refreshed')).toMatchObject({
      outcome: 'success',
      clientId: own.client_id,
      userHash,
    });

    const revocation = await recordedDuring(() => revoke(refreshed?.refresh_token ?? '', own));
    expect(only(revocation, 'token_revoked')).toMatchObject({
      outcome: 'success',
      clientId: own.client_id,
      userHash,
      reason: 'refresh token revoked',
    });
  });

  it('records a token exchange and each use of its token with the actor', async () => {
    const agent = await registerClient(harness, { token_endpoint_auth_method: 'client_secret_basic' });
    await allowExchange(harness.store, agent.client_id, [harness.mcpUrl]);
    const user = await tokensOf(await exchangeCode(harness, client, await signIn(harness, client)));
    let exchanged: TokenAnswer | undefined;
    const lines = await recordedDuring(async () => {
      exchanged = await tokensOf(await exchange(harness, agent, user.access_token));
      expect((await callMcp(harness, exchanged.access_token)).status).toBe(200);
    });
    for (const event of ['token_exchanged', 'delegated_access']) {
      expect(only(lines, event)).toMatchObject({
        outcome: 'success',
        clientId: agent.client_id,
        actor: [agent.client_id],
        userHash: expect.stringMatching(HASH),
      });
    }
    expect(JSON.stringify(lines)).not.toContain(exchanged?.access_token);
  });

  it('records a refused DPoP proof at the token endpoint, but not the nonce round trip', async () => {
    const tokens = await tokensOf(await exchangeCode(harness, client, await signIn(harness, client)));
    const key = await DpopKey.generate();
    const withProof = (proof: string) =>
      postForm(
        harness,
        '/oauth/token',
        { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: client.client_id },
        { dpop: proof },
      );
    const lines = await recordedDuring(async () => {
      expect((await withProof(await key.proof('POST', `${harness.baseUrl}/oauth/token`))).status).toBe(400);
      expect((await withProof(await key.proof('POST', `${harness.baseUrl}/elsewhere`))).status).toBe(400);
    });
    expect(lines).toEqual([
      expect.objectContaining({
        event: 'token_refreshed',
        outcome: 'failure',
        clientId: client.client_id,
        reason: expect.stringContaining('htu must be'),
      }),
    ]);
  });

  it('records a replayed authorization code as authorization_code_reuse_detected, naming the user', async () => {
    const signedIn = await signIn(harness, client);
    await tokensOf(await exchangeCode(harness, client, signedIn));
    const replay = await recordedDuring(() => exchangeCode(harness, client, signedIn));
    expect(only(replay, 'authorization_code_reuse_detected')).toEqual({
      ...lineBasics('authorization_code_reuse_detected', 'failure'),
      clientId: client.client_id,
      userHash: expect.stringMatching(HASH),
      ipHash: expect.stringMatching(HASH),
      reason: 'the authorization code was already used; its tokens are revoked',
    });
  });

  it('records a refresh retried within the grace window as refresh_token_retry_within_grace', async () => {
    const tokens = await tokensOf(await exchangeCode(harness, client, await signIn(harness, client)));
    await tokensOf(await refresh(harness, client, tokens.refresh_token ?? ''));
    const retry = await recordedDuring(() => refresh(harness, client, tokens.refresh_token ?? ''));
    expect(only(retry, 'refresh_token_retry_within_grace')).toMatchObject({
      outcome: 'success',
      clientId: client.client_id,
      userHash: expect.stringMatching(HASH),
    });
    expect(retry.map((line) => line.event)).not.toContain('token_refreshed');
  });

  it('records a refresh token replayed after the grace window as refresh_token_reuse_detected', async () => {
    const signedIn = await signIn(harness, client);
    const tokens = await tokensOf(await exchangeCode(harness, client, signedIn));
    await tokensOf(await refresh(harness, client, tokens.refresh_token ?? ''));
    harness.clock.advance(REUSE_GRACE_MS);
    const replay = await recordedDuring(() => refresh(harness, client, tokens.refresh_token ?? ''));
    expect(only(replay, 'refresh_token_reuse_detected')).toMatchObject({
      outcome: 'failure',
      clientId: client.client_id,
      userHash: expect.stringMatching(HASH),
      reason: 'the refresh token was already used; the grant is revoked',
    });
  });

  it('records a registration with a wrong registration token as client_registration_rejected', async () => {
    const lines = await recordedDuring(() => register(harness, clientMetadata(), { token: 'wrong-token' }));
    expect(only(lines, 'client_registration_rejected')).toMatchObject({
      outcome: 'failure',
      reason: 'the registration token is not valid',
    });
  });

  it('records the per-IP registration cap as rate_limit_exceeded', async () => {
    const ip = '203.0.113.9';
    for (let index = 0; index < MAX_CLIENTS_PER_IP; index++) {
      expect((await register(harness, clientMetadata(), { ip })).status).toBe(201);
    }
    const lines = await recordedDuring(async () => {
      expect((await register(harness, clientMetadata(), { ip })).status).toBe(429);
    });
    expect(lines.map((line) => line.event)).toEqual(['rate_limit_exceeded']);
    expect(lines[0]).toMatchObject({
      outcome: 'failure',
      reason: `at most ${MAX_CLIENTS_PER_IP} clients may be registered from one address`,
    });
  });

  it('records a wrong PKCE verifier as invalid_pkce, at the authorization and the token endpoint', async () => {
    const signedIn = await signIn(harness, client);
    const atToken = await recordedDuring(() =>
      exchangeCode(harness, client, signedIn, { code_verifier: 'w'.repeat(43) }),
    );
    expect(only(atToken, 'invalid_pkce')).toMatchObject({
      outcome: 'failure',
      clientId: client.client_id,
      reason: 'code_verifier does not match the code_challenge',
    });
    const atAuthorize = await recordedDuring(() =>
      fetch(authorizeUrl(harness, client, { code_challenge_method: 'plain' }), { redirect: 'manual' }),
    );
    expect(only(atAuthorize, 'invalid_pkce')).toMatchObject({
      clientId: client.client_id,
      reason: 'code_challenge_method must be S256',
    });
  });

  it('records an unregistered redirect URI as invalid_redirect', async () => {
    const url = authorizeUrl(harness, client, { redirect_uri: 'https://attacker.example/callback' });
    const lines = await recordedDuring(async () => {
      expect((await fetch(url, { redirect: 'manual' })).status).toBe(400);
    });
    expect(only(lines, 'invalid_redirect')).toMatchObject({
      outcome: 'failure',
      clientId: client.client_id,
      reason: 'redirect_uri is not one of the redirect URIs this client registered',
    });
  });

  it('records a token presented to another resource, and a request for one, as resource_mismatch', async () => {
    // A second deployment sharing the store, whose MCP endpoint is another resource.
    const { settings } = resolveOAuthSettings(
      {
        enableOauth: true,
        oauthBaseUrl: harness.baseUrl,
        oauthProvider: 'oidc',
        oidcIssuerUrl: harness.idp.issuer,
      },
      { OIDC_CLIENT_ID: UPSTREAM_CLIENT_ID, OIDC_CLIENT_SECRET: UPSTREAM_CLIENT_SECRET, REGISTRATION_TOKEN },
    );
    if (!settings) throw new Error('OAuth settings did not resolve');
    const other = await createOAuthServer(settings, {
      store: harness.store,
      mcpEndpoint: '/other-mcp',
      audit,
    });
    harness.app.post('/other-mcp', requireBearerToken(other.resourceServer), (_req, res) => res.json({}));
    const tokens = await tokensOf(await exchangeCode(harness, client, await signIn(harness, client)));
    const atBearer = await recordedDuring(async () => {
      expect((await callMcp(harness, tokens.access_token, `${harness.baseUrl}/other-mcp`)).status).toBe(401);
    });
    expect(only(atBearer, 'resource_mismatch')).toMatchObject({
      outcome: 'failure',
      clientId: client.client_id,
      userHash: expect.stringMatching(HASH),
      reason: 'the access token was issued for another resource',
    });
    await other.close();

    const url = authorizeUrl(harness, client, { resource: 'https://other.example/mcp' });
    const atAuthorize = await recordedDuring(() => fetch(url, { redirect: 'manual' }));
    expect(only(atAuthorize, 'resource_mismatch')).toMatchObject({
      clientId: client.client_id,
      reason: 'the requested resource is not served here',
    });
  });

  it('records a declined consent as consent_denied', async () => {
    const browser = new FormBrowser();
    const consent = await browser.navigate(authorizeUrl(harness, client).href, atRedirectUri(client));
    const lines = await recordedDuring(() => browser.submitForm(consent, 'Deny', atRedirectUri(client)));
    expect(only(lines, 'consent_denied')).toMatchObject({ outcome: 'failure', clientId: client.client_id });
  });

  it('records the login of an unverified email address as login_failed, without the address', async () => {
    const lines = await recordedDuring(() =>
      approveAndSignIn(new FormBrowser(), authorizeUrl(harness, client), 'eve', atRedirectUri(client)),
    );
    expect(only(lines, 'login_failed')).toMatchObject({
      outcome: 'failure',
      clientId: client.client_id,
      reason: 'the identity provider has not verified this account’s email address',
    });
    expect(JSON.stringify(lines)).not.toContain(USERS.eve.email);
  });

  it('records an unknown bearer token as auth_failure', async () => {
    const lines = await recordedDuring(async () => {
      expect((await callMcp(harness, 'x'.repeat(43))).status).toBe(401);
    });
    expect(only(lines, 'auth_failure')).toEqual({
      ...lineBasics('auth_failure', 'failure'),
      ipHash: expect.stringMatching(HASH),
      reason: 'the access token is invalid, expired or revoked',
    });
  });

  it('records the insecure downstream fallback as downstream_auth_fallback', async () => {
    harness.app.post(
      '/fallback-mcp',
      express.json(),
      withDownstreamIdentity(requireBearerToken(harness.oauth.resourceServer), {
        oauth: {
          upstreamCredential: async () => {
            throw new InvalidToken('the upstream login has ended');
          },
          refuse: (res, error) => refuseBearer(res, harness.oauth.resourceServer, error),
        },
        settings: {
          downstreamToken: 'id-token',
          downstreamAuth: 'token',
          downstreamOauthInsecureFallback: true,
        },
        logger: pino({ level: 'silent' }),
        audit: { log: audit, clientIp: (req) => req.get(TEST_IP_HEADER) ?? 'unknown' },
      }),
      (_req, res) => res.json({}),
    );
    const tokens = await tokensOf(await exchangeCode(harness, client, await signIn(harness, client)));
    const lines = await recordedDuring(async () => {
      const response = await fetch(`${harness.baseUrl}/fallback-mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.access_token}` },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'x' } }),
      });
      expect(response.status).toBe(200);
    });
    expect(only(lines, 'downstream_auth_fallback')).toMatchObject({
      outcome: 'failure',
      clientId: client.client_id,
      userHash: expect.stringMatching(HASH),
      reason: 'the upstream login has ended',
    });
  });

  // Runs after the flows above, which between them produce every event.
  it('has recorded every audit event name', () => {
    const recorded = new Set(auditLines.map((line) => (JSON.parse(line) as AuditLine).event));
    expect([...AUDIT_EVENTS].filter((event) => !recorded.has(event))).toEqual([]);
  });
});

describe('the secret grep', () => {
  it('finds no credential, cookie or email of a full flow in the audit log or the debug log', async () => {
    const cookies: string[] = [];
    const realFetch = globalThis.fetch;
    const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const response = await realFetch(input, init);
      for (const cookie of response.headers.getSetCookie()) {
        cookies.push(cookie.slice(cookie.indexOf('=') + 1, cookie.indexOf(';')));
      }
      return response;
    });
    const firstAudit = auditLines.length;
    const firstLog = logLines.length;
    const used = await runFullFlow();
    spy.mockRestore();

    const secrets = [...used, ...upstreamTokens, ...cookies.filter((value) => value.length >= 16)];
    expect(cookies.length).toBeGreaterThan(0);
    expect(upstreamTokens.length).toBeGreaterThan(0);
    const lines = [...auditLines.slice(firstAudit), ...logLines.slice(firstLog)];
    expect(auditLines.length).toBeGreaterThan(firstAudit);
    expect(logLines.length).toBeGreaterThan(firstLog);
    const leaks = lines.flatMap((line) =>
      secrets.filter((secret) => line.includes(secret)).map((secret) => ({ secret, line })),
    );
    expect(leaks).toEqual([]);
  });
});

/**
 * Registers a confidential client with the registration token, logs alice in, exchanges, refreshes,
 * calls the MCP endpoint, replays, revokes; then eve's refused login and a few refused requests.
 * Returns every secret it used.
 */
async function runFullFlow(): Promise<string[]> {
  const response = await register(harness, {
    ...clientMetadata(),
    token_endpoint_auth_method: 'client_secret_basic',
  });
  const confidential = (await response.json()) as RegisteredClient;
  const signedIn = await signIn(harness, confidential);
  const wrongVerifier = newPkce().verifier;
  await exchangeCode(harness, confidential, { ...signedIn, verifier: wrongVerifier });
  const tokens = await tokensOf(await exchangeCode(harness, confidential, signedIn));
  const refreshed = await tokensOf(await refresh(harness, confidential, tokens.refresh_token ?? ''));
  expect((await callMcp(harness, refreshed.access_token)).status).toBe(200);
  await postForm(harness, '/oauth/introspect', { token: refreshed.access_token }, basic(confidential));
  await postForm(harness, '/oauth/revoke', { token: refreshed.access_token }, basic(confidential));
  await refresh(harness, confidential, tokens.refresh_token ?? '');
  await exchangeCode(harness, confidential, signedIn);
  await postForm(harness, '/oauth/token', { grant_type: 'refresh_token' }, basic(confidential, 'wrong'));
  await callMcp(harness, refreshed.access_token);
  await register(harness, clientMetadata(), { token: `${REGISTRATION_TOKEN}-wrong` });
  const eve = newPkce();
  await approveAndSignIn(
    new FormBrowser(),
    authorizeUrl(harness, confidential, { code_challenge: eve.challenge }),
    'eve',
    atRedirectUri(confidential),
  );
  return [
    REGISTRATION_TOKEN,
    `${REGISTRATION_TOKEN}-wrong`,
    UPSTREAM_CLIENT_SECRET,
    confidential.client_secret ?? 'no client secret was issued',
    signedIn.code,
    signedIn.verifier,
    wrongVerifier,
    eve.verifier,
    tokens.access_token,
    tokens.refresh_token ?? 'no refresh token was issued',
    refreshed.access_token,
    refreshed.refresh_token ?? 'no refresh token was issued',
    USERS.alice.email,
    USERS.eve.email,
  ];
}

function clientMetadata() {
  return {
    client_name: 'Audited client',
    redirect_uris: ['http://127.0.0.1:9/callback'],
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'none',
  };
}

function lineBasics(event: string, outcome: string) {
  return {
    level: 'info',
    name: 'audit',
    time: expect.any(String),
    event,
    outcome,
  };
}

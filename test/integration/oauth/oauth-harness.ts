import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DevIdentityProvider, type DevUser, startDevIdentityProvider } from '@mcp-kubernetes/devidp';
import { FormBrowser, type Landing } from '@mcp-kubernetes/devidp/testing';
import express from 'express';
import { requireBearerToken } from '../../../src/auth/bearer-middleware.js';
import {
  createOAuthServer,
  type OAuthServer,
  type OAuthServerDeps,
} from '../../../src/oauth/oauth-server.js';
import { type RawOAuthOptions, resolveOAuthSettings } from '../../../src/oauth/oauth-settings.js';
import { MemoryStore } from '../../../src/storage/index.js';

export const REGISTRATION_TOKEN = 'test-registration-token-0123456789abcdef';
export const UPSTREAM_CLIENT_ID = 'mcp-kubernetes-upstream';
export const UPSTREAM_CLIENT_SECRET = 'upstream-client-secret';
/** A header the harness reads as the client's IP, so the per-IP cap can be tested from loopback. */
export const TEST_IP_HEADER = 'x-test-client-ip';

export const USERS = {
  alice: { email: 'alice@example.com', name: 'Alice Example', groups: ['developers'], hd: 'example.com' },
  bob: { email: 'bob@example.com', name: 'Bob Example', groups: ['viewers'], hd: 'example.com' },
  eve: { email: 'eve@example.com', name: 'Eve Unverified', emailVerified: false, hd: 'example.com' },
  mallory: { email: 'mallory@other.org', name: 'Mallory Elsewhere', hd: 'other.org' },
} satisfies Record<string, DevUser>;
export type UserName = keyof typeof USERS;

export interface HarnessOptions {
  provider?: 'google' | 'oidc';
  flags?: RawOAuthOptions;
  /** Lifetime of the dev provider's access tokens: short ones make our refresh refresh upstream too. */
  upstreamAccessTokenTtlSeconds?: number;
  testOnly?: OAuthServerDeps['testOnly'];
  /** A path for the base URL, as behind a reverse proxy that strips it. */
  basePath?: string;
  /** Where the server's security events and log lines go (tests capture them). */
  audit?: OAuthServerDeps['audit'];
  logger?: OAuthServerDeps['logger'];
  /** The HTTP client for the identity provider (tests observe the upstream tokens through it). */
  fetch?: OAuthServerDeps['fetch'];
}

/** Our clock, which tests move forward to expire tokens without waiting. */
export class TestClock {
  private skewMs = 0;
  readonly now = () => Date.now() + this.skewMs;
  advance(ms: number): void {
    this.skewMs += ms;
  }
}

export interface Harness {
  baseUrl: string;
  /** Where the app listens; without a base path, the base URL. */
  origin: string;
  mcpUrl: string;
  idp: DevIdentityProvider;
  oauth: OAuthServer;
  clock: TestClock;
  store: MemoryStore;
  /** Mounts more routes on the app (after the OAuth router and /mcp). */
  app: express.Express;
  stop(): Promise<void>;
}

/**
 * Our OAuth server with a dummy MCP endpoint behind its bearer middleware, and the development identity
 * provider as Google or as a generic OpenID provider, all on loopback.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const baseUrl = `${origin}${options.basePath ?? ''}`;
  const idp = await startDevIdentityProvider({
    users: Object.values(USERS),
    clients: [
      {
        clientId: UPSTREAM_CLIENT_ID,
        clientSecret: UPSTREAM_CLIENT_SECRET,
        redirectUris: [`${baseUrl}/oauth/callback`],
      },
    ],
    accessTokenTtlSeconds: options.upstreamAccessTokenTtlSeconds ?? 3600,
  });
  const provider = options.provider ?? 'oidc';
  const credentials =
    provider === 'google'
      ? { googleClientId: UPSTREAM_CLIENT_ID }
      : { oidcIssuerUrl: idp.issuer, oidcClientId: UPSTREAM_CLIENT_ID };
  const secretEnv = provider === 'google' ? 'GOOGLE_CLIENT_SECRET' : 'OIDC_CLIENT_SECRET';
  const { settings } = resolveOAuthSettings(
    { enableOauth: true, oauthBaseUrl: baseUrl, oauthProvider: provider, ...credentials, ...options.flags },
    { [secretEnv]: UPSTREAM_CLIENT_SECRET, REGISTRATION_TOKEN },
  );
  if (!settings) throw new Error('OAuth settings did not resolve');
  const clock = new TestClock();
  const store = new MemoryStore({ now: clock.now });
  const oauth = await createOAuthServer(settings, {
    store,
    now: clock.now,
    clientIp: (req) => req.get(TEST_IP_HEADER) ?? randomUUID(),
    testOnly: { googleIssuer: idp.issuer, ...options.testOnly },
    ...(options.audit ? { audit: options.audit } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const app = express();
  // A reverse proxy serving the base URL's path strips it; the path-inserted metadata stays at the root.
  if (options.basePath) app.use(options.basePath, oauth.router);
  app.use(oauth.router);
  app.post('/mcp', express.json(), requireBearerToken(oauth.resourceServer), (req, res) => {
    res.json({ principal: req.principal });
  });
  server.on('request', app);
  return {
    baseUrl,
    origin,
    mcpUrl: `${baseUrl}/mcp`,
    idp,
    oauth,
    clock,
    store,
    app,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await oauth.close();
      await store.close();
      await idp.stop();
    },
  };
}

export interface RegisteredClient {
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
  token_endpoint_auth_method: string;
}

export async function register(
  harness: Pick<Harness, 'baseUrl'>,
  metadata: unknown,
  options: { token?: string | null; ip?: string } = {},
): Promise<Response> {
  const token = options.token === undefined ? REGISTRATION_TOKEN : options.token;
  return fetch(`${harness.baseUrl}/oauth/register`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(options.ip ? { [TEST_IP_HEADER]: options.ip } : {}),
    },
    body: JSON.stringify(metadata),
  });
}

export async function registerClient(
  harness: Pick<Harness, 'baseUrl'>,
  overrides: Record<string, unknown> = {},
): Promise<RegisteredClient> {
  const response = await register(harness, {
    client_name: 'Test client',
    redirect_uris: ['http://127.0.0.1:9/callback'],
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'none',
    ...overrides,
  });
  if (response.status !== 201) throw new Error(`registration failed: ${await response.text()}`);
  return (await response.json()) as RegisteredClient;
}

export function newPkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(
  harness: Harness,
  client: RegisteredClient,
  parameters: Record<string, string | undefined> = {},
) {
  const url = new URL(`${harness.baseUrl}/oauth/authorize`);
  const defaults = {
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: client.redirect_uris[0],
    state: 'client-state-123',
    code_challenge: newPkce().challenge,
    code_challenge_method: 'S256',
  };
  for (const [name, value] of Object.entries({ ...defaults, ...parameters })) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url;
}

export const atRedirectUri = (client: RegisteredClient) => (location: URL) =>
  client.redirect_uris.some((uri) => location.href.startsWith(uri));

/** Drives the browser part: our consent page, approve, the provider's login as `user`, our callback. */
export async function approveAndSignIn(
  browser: FormBrowser,
  authorizationUrl: URL,
  user: UserName,
  isDone: (location: URL) => boolean,
): Promise<Landing> {
  const consent = await browser.navigate(authorizationUrl.href, isDone);
  if (consent.status !== 200 || !consent.body.includes('name="decision"')) {
    throw new Error(
      `expected the consent page, got ${consent.status} at ${consent.url.href}: ${consent.body.slice(0, 300)}`,
    );
  }
  const login = await browser.submitForm(consent, 'Approve', isDone);
  return browser.submitForm(login, `Sign in as ${USERS[user].name}`, isDone);
}

export interface SignedIn {
  code: string;
  verifier: string;
  landing: URL;
}

/** A complete login of `user` for `client`: returns our authorization code and the PKCE verifier. */
export async function signIn(
  harness: Harness,
  client: RegisteredClient,
  options: { user?: UserName; browser?: FormBrowser; parameters?: Record<string, string | undefined> } = {},
): Promise<SignedIn> {
  const pkce = newPkce();
  const url = authorizeUrl(harness, client, { code_challenge: pkce.challenge, ...options.parameters });
  const landing = await approveAndSignIn(
    options.browser ?? new FormBrowser(),
    url,
    options.user ?? 'alice',
    atRedirectUri(client),
  );
  const code = landing.url.searchParams.get('code');
  if (!code) throw new Error(`no code at ${landing.url.href}: ${landing.body.slice(0, 300)}`);
  return { code, verifier: pkce.verifier, landing: landing.url };
}

export async function postForm(
  harness: Pick<Harness, 'baseUrl'>,
  path: string,
  form: Record<string, string | undefined>,
  headers: Record<string, string> = {},
): Promise<Response> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) if (value !== undefined) body.set(name, value);
  return fetch(`${harness.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
}

export function basic(client: RegisteredClient, secret = client.client_secret ?? ''): Record<string, string> {
  const credentials = `${encodeURIComponent(client.client_id)}:${encodeURIComponent(secret)}`;
  return { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` };
}

export async function exchangeCode(
  harness: Harness,
  client: RegisteredClient,
  signedIn: SignedIn,
  extra: Record<string, string | undefined> = {},
  headers: Record<string, string> = {},
) {
  return postForm(
    harness,
    '/oauth/token',
    {
      grant_type: 'authorization_code',
      code: signedIn.code,
      redirect_uri: client.redirect_uris[0],
      code_verifier: signedIn.verifier,
      ...(client.client_secret ? {} : { client_id: client.client_id }),
      ...extra,
    },
    { ...(client.client_secret ? basic(client) : {}), ...headers },
  );
}

export interface TokenAnswer {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  scope: string;
  token_type: string;
}

export async function tokensFor(
  harness: Harness,
  client: RegisteredClient,
  options: Parameters<typeof signIn>[2] = {},
) {
  const signedIn = await signIn(harness, client, options);
  const response = await exchangeCode(harness, client, signedIn);
  if (response.status !== 200) throw new Error(`token exchange failed: ${await response.text()}`);
  return (await response.json()) as TokenAnswer;
}

/** The tokens of a successful answer; throws with the answer otherwise. */
export async function tokensOf(response: Response): Promise<TokenAnswer> {
  if (response.status !== 200)
    throw new Error(`expected tokens, got ${response.status}: ${await response.text()}`);
  return (await response.json()) as TokenAnswer;
}

/** The default --refresh-token-reuse-grace: a reuse this long after a rotation revokes the family. */
export const REUSE_GRACE_MS = 10_000;

export function refresh(
  harness: Harness,
  client: RegisteredClient,
  refreshToken: string,
  headers: Record<string, string> = {},
) {
  return postForm(
    harness,
    '/oauth/token',
    {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      ...(client.client_secret ? {} : { client_id: client.client_id }),
    },
    { ...(client.client_secret ? basic(client) : {}), ...headers },
  );
}

export function callMcp(harness: Harness, accessToken?: string, url = harness.mcpUrl): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
  });
}

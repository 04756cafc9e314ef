import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DevUser, devUserClaims, devUserSubject } from './dev-users.js';
import { createInteractionHandler } from './interactions.js';
import { loadOidcProvider, type OidcProvider } from './oidc-provider-module.js';

export interface DevClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface DevIdentityProviderOptions {
  /** A loopback address: the development provider never listens on a network. Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  users: readonly DevUser[];
  clients: DevClient[];
  accessTokenTtlSeconds?: number;
  idTokenTtlSeconds?: number;
  /**
   * Holds each refresh_token grant's answer this long (tests: makes two servers' refreshes of one login
   * overlap, as a slow provider would). Default 0.
   */
  refreshDelayMs?: number;
}

export interface DevIdentityProvider {
  issuer: string;
  /** How many refresh_token grants the provider has answered successfully so far. */
  refreshGrants(): number;
  stop(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Starts a local OpenID provider standing in for Google, Dex or Keycloak: authorization code with PKCE,
 * refresh tokens, RS256 ID tokens carrying email, email_verified, name, groups and hd.
 */
export async function startDevIdentityProvider(
  options: DevIdentityProviderOptions,
): Promise<DevIdentityProvider> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new Error(`the development identity provider listens on loopback only, not on ${host}`);
  }
  const Provider = await loadOidcProvider();

  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const provider: OidcProvider = new Provider(
    issuer,
    providerConfiguration(options, () => provider),
  );
  let refreshGrants = 0;
  provider.use(async (context, next) => {
    await next();
    if (context.oidc?.params?.grant_type !== 'refresh_token' || context.status !== 200) return;
    refreshGrants += 1;
    if (options.refreshDelayMs) await new Promise((resolve) => setTimeout(resolve, options.refreshDelayMs));
  });
  const handleInteraction = createInteractionHandler(provider, options.users);
  const handleProtocol = provider.callback();
  handle = (req, res) => {
    handleInteraction(req, res)
      .then((handled) => {
        if (handled) return;
        requestOfflineAccessForOfflineScope(req);
        handleProtocol(req, res);
      })
      .catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`interaction failed: ${error instanceof Error ? error.message : String(error)}`);
      });
  };

  return {
    issuer,
    refreshGrants: () => refreshGrants,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function providerConfiguration(
  options: DevIdentityProviderOptions,
  provider: () => OidcProvider,
): Record<string, unknown> {
  const usersBySubject = new Map(options.users.map((user) => [devUserSubject(user), user]));
  return {
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: client.redirectUris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    })),
    jwks: { keys: [generateSigningKey()] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: ['openid', 'offline_access', 'email', 'profile', 'groups'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified', 'hd'],
      profile: ['name'],
      groups: ['groups'],
    },
    // Put the scope claims in the ID token too, as Google does, not only in the userinfo answer.
    conformIdTokenClaims: false,
    extraParams: ['access_type'],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: options.accessTokenTtlSeconds ?? 3600,
      IdToken: options.idTokenTtlSeconds ?? 3600,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 3600,
      Grant: 14 * 24 * 3600,
      RefreshToken: 14 * 24 * 3600,
    },
    findAccount: (_ctx: unknown, subject: string) => {
      const user = usersBySubject.get(subject);
      return user && { accountId: subject, claims: () => devUserClaims(user) };
    },
    issueRefreshToken: async (_ctx: unknown, client: RefreshingClient, code: GrantedCode) =>
      client.grantTypeAllowed('refresh_token') && (await offlineAccessGranted(provider(), code)),
  };
}

/**
 * oidc-provider follows OpenID Connect to the letter and drops `offline_access` unless `prompt=consent`
 * comes with it; Dex, Keycloak and Okta do not, and neither does this stand-in for them.
 */
function requestOfflineAccessForOfflineScope(req: IncomingMessage): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== '/auth' || !url.searchParams.get('scope')?.split(' ').includes('offline_access'))
    return;
  url.searchParams.set('access_type', 'offline');
  req.url = `${url.pathname}${url.search}`;
}

interface RefreshingClient {
  grantTypeAllowed(grantType: string): boolean;
}

interface GrantedCode {
  scopes: Set<string>;
  grantId: string;
}

/** Offline access comes with the `offline_access` scope, or Google-style with `access_type=offline`. */
async function offlineAccessGranted(provider: OidcProvider, code: GrantedCode): Promise<boolean> {
  if (code.scopes.has('offline_access')) return true;
  const grant = await provider.Grant.find(code.grantId);
  return grant?.getOIDCScope().split(' ').includes('offline_access') ?? false;
}

function generateSigningKey(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    ...privateKey.export({ format: 'jwk' }),
    kid: randomBytes(8).toString('hex'),
    alg: 'RS256',
    use: 'sig',
  };
}

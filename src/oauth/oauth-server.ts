import { hkdfSync, randomBytes } from 'node:crypto';
import type { Request, Router } from 'express';
import type { CustomFetch } from 'openid-client';
import type { AuditLog } from '../security/http.js';
import {
  AesGcmCipher,
  MemoryStore,
  PLAINTEXT,
  RecordVault,
  ReplayCache,
  type Store,
} from '../storage/index.js';
import { AuthorizationCodes } from './authorization-codes.js';
import { BrowserBinding } from './browser-binding.js';
import { clientLookup } from './client-lookup.js';
import { ClientMetadataDocumentCache } from './client-metadata-document-cache.js';
import { ClientRegistry } from './clients.js';
import { ConsentApprovals } from './consent-approvals.js';
import { DpopNonces } from './dpop-nonces.js';
import { DpopVerifier } from './dpop-verifier.js';
import { DEFAULT_KUBERNETES_SCOPES, offeredScopes } from './kubernetes-scopes.js';
import { LoginStates } from './login-states.js';
import type { OAuthContext, OAuthLogger } from './oauth-context.js';
import { createOAuthRouter } from './oauth-router.js';
import type { OAuthSettings } from './oauth-settings.js';
import { oauthUrls } from './oauth-urls.js';
import { loadBrandingFile } from './pages/index.js';
import { s256Challenge } from './pkce.js';
import { authenticateBearer, type Principal } from './principal.js';
import { requireProofOfPossession, type TokenPresentation } from './sender-constraint.js';
import { TokenService } from './tokens.js';
import {
  createUpstreamProvider,
  type UpstreamProvider,
  type UpstreamProviderConfig,
} from './upstream/index.js';
import {
  type UpstreamCredential,
  type UpstreamTokenKind,
  upstreamCredentialOf,
} from './upstream-credential.js';
import { UpstreamGrants } from './upstream-grants.js';
import { upstreamRefresherFor } from './upstream-login.js';

export interface OAuthServerDeps {
  /** The MCP endpoint's path (`--http-endpoint`); default /mcp. */
  readonly mcpEndpoint?: string;
  /** Default: a MemoryStore, closed by `close()`. A store passed in is left open. */
  readonly store?: Store;
  readonly now?: () => number;
  /** The HTTP client for the identity provider (tests). */
  readonly fetch?: CustomFetch;
  /** The client's IP as the security layer determined it; default the socket address (`req.ip`). */
  readonly clientIp?: (req: Request) => string;
  readonly logger?: OAuthLogger;
  /** Where security events go (`--audit-log`); default nowhere. */
  readonly audit?: Pick<AuditLog, 'record'>;
  /** Never set from flags: overrides for tests that run everything on loopback. */
  readonly testOnly?: {
    /** An issuer standing in for https://accounts.google.com (the dev identity provider). */
    readonly googleIssuer?: string;
    /** Hosts whose metadata documents are fetched without the public-address rule, over http too. */
    readonly metadataDocumentHosts?: readonly string[];
  };
}

/**
 * What the MCP endpoint's bearer check (src/auth: `requireBearerToken`, `refuseBearer`) needs from this
 * authorization server to accept its tokens and to send clients back to it.
 */
export interface ResourceServer {
  /**
   * The one question the bearer check asks: is this token ours, alive, not revoked and bound to this
   * server's MCP resource (RFC 8707)? Rejects with InvalidToken when not.
   */
  readonly verifier: {
    verifyAccessToken(
      token: string,
      presentation: TokenPresentation,
    ): Promise<{ readonly principal: Principal; readonly grantId: string }>;
  };
  /** Where the challenge sends clients to discover the authorization server (RFC 9728). */
  readonly resourceMetadataUrl: string;
  readonly scopes: readonly string[];
  /** Records each refused token (auth_failure, or resource_mismatch for another resource's token). */
  readonly audit?: Pick<AuditLog, 'record'>;
  /** The client's IP as the security layer determined it; default the socket address. */
  readonly clientIp?: (req: Request) => string;
}

export interface OAuthServer {
  /** Mount at the root of the app, before any body parser: `app.use(oauth.router)`. */
  readonly router: Router;
  /** For the bearer check of the MCP endpoint. */
  readonly resourceServer: ResourceServer;
  /**
   * The caller's current upstream token (downstream OAuth), refreshed when about to expire. Throws
   * InvalidToken when the login is over (answer it with `refuseBearer`), TemporarilyUnavailable when the
   * identity provider could not refresh it for now.
   */
  upstreamCredential(
    principal: { readonly grantId: string },
    kind: UpstreamTokenKind,
  ): Promise<UpstreamCredential>;
  /** Stops the store's timers when the store was created here. */
  close(): Promise<void>;
}

const SILENT: OAuthLogger = { info() {}, warn() {}, error() {} };
const NO_AUDIT: Pick<AuditLog, 'record'> = { record() {} };
/** How long a browser's remembered approvals last. */
const BROWSER_LIFETIME_MS = 30 * 86_400_000;

/**
 * Assembles the authorization server: discovers the identity provider (rejects with a message naming
 * it when it cannot), loads the branding, and wires the domain services to the store.
 */
export async function createOAuthServer(
  settings: OAuthSettings,
  deps: OAuthServerDeps = {},
): Promise<OAuthServer> {
  const now = deps.now ?? Date.now;
  const mcpEndpoint = deps.mcpEndpoint ?? '/mcp';
  const store = deps.store ?? new MemoryStore({ now });
  const encryptionKey = settings.encryptionKey?.reveal();
  const cipher = encryptionKey
    ? new AesGcmCipher(encryptionKey, settings.previousEncryptionKey?.reveal())
    : PLAINTEXT;
  const vault = new RecordVault(store, cipher);
  const urls = oauthUrls(settings.baseUrl, mcpEndpoint);

  const upstream = await createUpstreamProvider(upstreamConfig(settings, deps, now));
  const branding = settings.brandingFile ? await loadBrandingFile(settings.brandingFile) : {};
  const grants = new UpstreamGrants(vault, { grantLifetimeMs: settings.refreshTokenTtlMs, now });
  const clients = new ClientRegistry(vault, {
    allowedScopes: offeredScopes(settings.scopes),
    ...(settings.registrationToken ? { registrationToken: settings.registrationToken.reveal() } : {}),
    allowPublicRegistration: settings.allowPublicRegistration,
    trustedPublicRegistrationSchemes: settings.trustedPublicRegistrationSchemes,
    maxClientsPerIp: settings.maxClientsPerIp,
    now,
  });
  const allowHosts = deps.testOnly?.metadataDocumentHosts;
  const documents = settings.enableCimd
    ? {
        cache: new ClientMetadataDocumentCache({
          allowedScopes: offeredScopes(settings.scopes),
          ...(allowHosts ? { allowHosts } : {}),
          now,
        }),
        ...(allowHosts ? { allowHosts } : {}),
      }
    : undefined;
  const upstreamRefresher = upstreamRefresherFor(upstream, settings.upstream.clientId);
  const tokens = new TokenService(vault, grants, {
    issuer: urls.issuer,
    accessTokenLifetimeMs: settings.accessTokenTtlMs,
    refreshTokenReuseGraceMs: settings.refreshTokenReuseGraceMs,
    upstreamRefresher,
    now,
  });
  const dpop = new DpopVerifier(
    new DpopNonces(derivedKey(encryptionKey, 'mcp-kubernetes dpop nonces'), now),
    new ReplayCache(store, 'dpop-jti'),
    now,
  );
  // A token without a scope challenge gets the defaults: what a client needs to work as before.
  const challenge = { resourceMetadataUrl: urls.mcpResourceMetadata, scopes: DEFAULT_KUBERNETES_SCOPES };
  const context: OAuthContext = {
    settings,
    urls,
    clients,
    findClient: clientLookup(clients, documents),
    codes: new AuthorizationCodes(vault, grants),
    tokens,
    grants,
    dpop,
    loginStates: new LoginStates(vault),
    consents: new ConsentApprovals(vault, BROWSER_LIFETIME_MS, now),
    browser: new BrowserBinding({
      signingKey: derivedKey(encryptionKey, 'mcp-kubernetes browser binding'),
      secure: urls.issuer.startsWith('https:'),
      lifetimeMs: BROWSER_LIFETIME_MS,
    }),
    upstream,
    upstreamAuthorizationEndpoint: authorizationEndpointOf(upstream, urls.callback),
    branding,
    clientIp: deps.clientIp ?? ((req) => req.ip ?? req.socket.remoteAddress ?? 'unknown'),
    logger: deps.logger ?? SILENT,
    audit: deps.audit ?? NO_AUDIT,
  };
  const { audit, clientIp } = context;
  return {
    router: createOAuthRouter(context, mcpEndpoint),
    resourceServer: {
      verifier: {
        async verifyAccessToken(token, presentation) {
          const { principal, grant, jkt } = await authenticateBearer(token, urls.acceptedResources, {
            tokens,
            grants,
          });
          await requireProofOfPossession(token, jkt, presentation, { dpop, baseUrl: urls.issuer });
          return { principal, grantId: grant.grantId };
        },
      },
      ...challenge,
      audit,
      clientIp,
    },
    upstreamCredential: (principal, kind) =>
      upstreamCredentialOf(principal.grantId, kind, { grants, refresher: upstreamRefresher, now }),
    close: async () => {
      if (!deps.store) await store.close();
    },
  };
}

function upstreamConfig(
  settings: OAuthSettings,
  deps: OAuthServerDeps,
  now: () => number,
): UpstreamProviderConfig {
  const { upstream } = settings;
  const common = {
    clientId: upstream.clientId,
    clientSecret: upstream.clientSecret.reveal(),
    allowedEmailDomains: settings.allowedEmailDomains,
    allowUnverifiedEmail: settings.allowUnverifiedEmail,
    now,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  };
  if (upstream.provider === 'oidc') {
    return {
      ...common,
      provider: 'oidc',
      issuerUrl: upstream.issuerUrl,
      ...(upstream.caFile ? { caFile: upstream.caFile } : {}),
    };
  }
  const googleIssuer = deps.testOnly?.googleIssuer;
  return { ...common, provider: 'google', ...(googleIssuer ? { testIssuerOverride: googleIssuer } : {}) };
}

/**
 * Cookies, CSRF tokens and DPoP nonces must verify on every replica: with an encryption key, their keys
 * are derived from it (one per purpose); without one, random per process (a restart asks for consent
 * again, and a replica refuses another's nonce with its own).
 */
function derivedKey(encryptionKey: Buffer | undefined, purpose: string): Buffer {
  if (!encryptionKey) return randomBytes(32);
  return Buffer.from(hkdfSync('sha256', encryptionKey, '', purpose, 32));
}

/** The provider's authorization endpoint, read from a URL it builds (its metadata is not exposed). */
function authorizationEndpointOf(upstream: UpstreamProvider, callback: string): string {
  const probe = upstream.authorizationUrl({
    state: 'probe',
    nonce: 'probe',
    codeChallenge: s256Challenge('probe'.repeat(9)),
    scopes: [],
    redirectUri: callback,
  });
  return `${probe.origin}${probe.pathname}`;
}

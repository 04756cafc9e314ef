import { randomBytes } from 'node:crypto';
import { AuthorizationCodes } from '../../../src/oauth/authorization-codes.js';
import { ClientRegistry, type OAuthClient } from '../../../src/oauth/clients.js';
import { s256Challenge } from '../../../src/oauth/pkce.js';
import { TokenService, type TokenServiceOptions } from '../../../src/oauth/tokens.js';
import { UpstreamGrants, type UpstreamGrantsOptions } from '../../../src/oauth/upstream-grants.js';
import { AesGcmCipher, type RecordCipher } from '../../../src/storage/encryption.js';
import { MemoryStore } from '../../../src/storage/memory/index.js';
import { RecordVault } from '../../../src/storage/record-vault.js';

export const RESOURCE = 'https://mcp.example.com/mcp';
export const ISSUER = 'https://mcp.example.com';
export const ALLOWED_SCOPES = ['openid', 'email', 'profile'];
export const VERIFIER = 'v'.repeat(20) + '-._~'.repeat(6);
export const CHALLENGE = s256Challenge(VERIFIER);

/** A clock tests move by hand. */
export function manualClock(start = Date.UTC(2026, 0, 1)) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

export interface FixtureOptions {
  readonly grants?: UpstreamGrantsOptions;
  readonly tokens?: Partial<TokenServiceOptions>;
  /** Default: AES-256-GCM with a random key. */
  readonly cipher?: RecordCipher;
}

/** The OAuth domain on a memory store with an encryption key, as the server wires it. */
export function oauthFixture(options: FixtureOptions = {}) {
  const clock = manualClock();
  const store = new MemoryStore({ now: clock.now });
  const vault = new RecordVault(store, options.cipher ?? new AesGcmCipher(randomBytes(32)));
  const grants = new UpstreamGrants(vault, { now: clock.now, ...options.grants });
  const codes = new AuthorizationCodes(vault, grants);
  const tokens = new TokenService(vault, grants, { issuer: ISSUER, now: clock.now, ...options.tokens });
  const clients = new ClientRegistry(vault, {
    allowedScopes: ALLOWED_SCOPES,
    registrationToken: 'registration-secret',
    now: clock.now,
  });

  async function registerClient(metadata: Record<string, unknown> = {}) {
    const response = await clients.register({
      metadata: {
        redirect_uris: ['http://127.0.0.1:3000/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'none',
        ...metadata,
      },
      registrationToken: 'registration-secret',
      ipAddress: `10.0.0.${Math.floor(Math.random() * 250)}`,
    });
    return { client: (await clients.find(response.client_id)) as OAuthClient, response };
  }

  /** A login of alice for `client` and a code issued for it, as the callback does. */
  async function loginAndIssueCode(client: OAuthClient, upstreamExpiresAt?: number, dpopJkt?: string) {
    const grant = await grants.create({
      clientId: client.clientId,
      identity: { subject: 'alice-sub', email: 'alice@example.com', groups: ['devs'] },
      scopes: ['openid', 'email'],
      upstream: {
        accessToken: 'upstream-access',
        refreshToken: 'upstream-refresh',
        idToken: 'upstream-id',
        ...(upstreamExpiresAt === undefined ? {} : { expiresAt: upstreamExpiresAt }),
      },
    });
    const code = await codes.issue({
      clientId: client.clientId,
      redirectUri: 'http://127.0.0.1:3000/callback',
      codeChallenge: CHALLENGE,
      ...(dpopJkt !== undefined && { dpopJkt }),
      scopes: ['openid', 'email'],
      resource: RESOURCE,
      subject: 'alice-sub',
      grantId: grant.grantId,
    });
    return { grant, code };
  }

  function redemption(client: OAuthClient, code: string) {
    return {
      code,
      clientId: client.clientId,
      redirectUri: 'http://127.0.0.1:3000/callback',
      codeVerifier: VERIFIER,
      resource: undefined,
      dpopJkt: undefined as string | undefined,
    };
  }

  /** The whole authorization_code grant: login, code, redemption, tokens. */
  async function signIn(client: OAuthClient) {
    const { grant, code } = await loginAndIssueCode(client);
    const binding = await codes.redeem(redemption(client, code));
    return { grant, code, tokens: await tokens.issueForCode(binding, client) };
  }

  return {
    clock,
    store,
    vault,
    grants,
    codes,
    tokens,
    clients,
    registerClient,
    loginAndIssueCode,
    redemption,
    signIn,
  };
}

import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import type { UserInfo } from '../types.js';

export interface OidcOptions {
  issuerUrl: string;
  clientId: string;
  usernameClaim: string;
  /** Undefined: kube-apiserver's default (issuer + '#' unless the claim is email); '-' disables. */
  usernamePrefix?: string;
  groupsClaim?: string;
  groupsPrefix?: string;
  signingAlgs: string[];
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** kube-apiserver requires https issuers; we also accept http on loopback so tests need no TLS. */
export function checkIssuerUrl(issuerUrl: string): void {
  let url: URL;
  try {
    url = new URL(issuerUrl);
  } catch {
    throw new Error(`--oidc-issuer-url: "${issuerUrl}" is not a URL`);
  }
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return;
  throw new Error(
    `--oidc-issuer-url: must use https (http is accepted only for loopback issuers), got "${issuerUrl}"`,
  );
}

function usernamePrefixFor(options: OidcOptions): string {
  if (options.usernamePrefix === '-') return '';
  if (options.usernamePrefix !== undefined) return options.usernamePrefix;
  return options.usernameClaim === 'email' ? '' : `${options.issuerUrl}#`;
}

function claimedGroups(payload: JWTPayload, claim: string | undefined): string[] {
  if (!claim) return [];
  const value = payload[claim];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

/**
 * Verifies OIDC ID tokens the way kube-apiserver's OIDC authenticator does: signature from the
 * issuer's JWKS, issuer, audience = client id, expiry, allowed algorithms, and email_verified
 * when the username comes from the email claim. Undefined means "not a valid token from us".
 */
export function createOidcAuthenticator(
  options: OidcOptions,
): (token: string) => Promise<UserInfo | undefined> {
  checkIssuerUrl(options.issuerUrl);
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;

  async function keySet(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    if (keys) return keys;
    const discoveryUrl = `${options.issuerUrl.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(discoveryUrl, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`OIDC discovery at ${discoveryUrl} answered ${response.status}`);
    const metadata = (await response.json()) as { jwks_uri?: string };
    if (!metadata.jwks_uri) throw new Error(`OIDC discovery at ${discoveryUrl} has no jwks_uri`);
    keys = createRemoteJWKSet(new URL(metadata.jwks_uri));
    return keys;
  }

  return async (token) => {
    // A static or opaque token is not a JWT: leave it to the other authenticators.
    if (token.split('.').length !== 3) return undefined;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await keySet(), {
        issuer: options.issuerUrl,
        audience: options.clientId,
        algorithms: options.signingAlgs,
        requiredClaims: ['exp'],
      }));
    } catch {
      return undefined;
    }
    const claimed = payload[options.usernameClaim];
    if (typeof claimed !== 'string' || claimed === '') return undefined;
    if (
      options.usernameClaim === 'email' &&
      payload.email_verified !== undefined &&
      payload.email_verified !== true
    ) {
      return undefined;
    }
    const groupsPrefix = options.groupsPrefix ?? '';
    const user: UserInfo = {
      username: usernamePrefixFor(options) + claimed,
      groups: claimedGroups(payload, options.groupsClaim).map((group) => groupsPrefix + group),
    };
    if (typeof payload.sub === 'string') user.uid = payload.sub;
    return user;
  };
}

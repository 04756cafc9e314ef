import { decodeJwt } from 'jose';
import type { AuthorizationRequest } from './authorization-request.js';
import {
  AccessDenied,
  InvalidGrant,
  type OAuthError,
  ServerError,
  TemporarilyUnavailable,
} from './errors.js';
import { upstreamScopesOf } from './kubernetes-scopes.js';
import type { OAuthContext } from './oauth-context.js';
import { s256Challenge } from './pkce.js';
import { newOpaqueToken } from './random-tokens.js';
import {
  type UpstreamTokens as ProviderTokens,
  refreshFailureIsPermanent,
  UpstreamError,
  type UpstreamLogin,
  type UpstreamProvider,
} from './upstream/index.js';
import type { UpstreamRefresher, UpstreamTokens, UserIdentity } from './upstream-grants.js';

/** Asked upstream whatever the client asked: our identity rules need a verified email address. */
const SCOPES_WE_NEED = ['openid', 'email'];

/**
 * After consent: remembers the authorization request under a new single-use state bound to this
 * browser, with our own PKCE verifier and nonce for the provider, and returns where to send the person.
 */
export async function startUpstreamLogin(
  context: OAuthContext,
  request: AuthorizationRequest,
  browserId: string,
): Promise<URL> {
  const upstreamCodeVerifier = newOpaqueToken();
  const upstreamNonce = newOpaqueToken();
  const state = await context.loginStates.create({
    clientId: request.client.clientId,
    redirectUri: request.redirectUri,
    requestedRedirectUri: request.requestedRedirectUri,
    clientState: request.state,
    codeChallenge: request.codeChallenge,
    ...(request.dpopJkt !== undefined && { dpopJkt: request.dpopJkt }),
    scopes: request.scopes,
    resource: request.resource,
    browserBindingHash: context.browser.bindingHash(browserId),
    upstreamCodeVerifier,
    upstreamNonce,
  });
  return context.upstream.authorizationUrl({
    state,
    nonce: upstreamNonce,
    codeChallenge: s256Challenge(upstreamCodeVerifier),
    scopes: [...new Set([...SCOPES_WE_NEED, ...upstreamScopesOf(request.scopes)])],
    redirectUri: context.urls.callback,
  });
}

/** The person as our grants remember them. */
export function userIdentityOf(login: UpstreamLogin): UserIdentity {
  const { subject, email, groups } = login.identity;
  return { subject, email, groups: groups ?? [] };
}

/** The provider's tokens as a grant stores them (encrypted at rest when a key is set). */
export function grantTokensOf(tokens: ProviderTokens): UpstreamTokens {
  return {
    accessToken: tokens.accessToken,
    ...(tokens.refreshToken === undefined ? {} : { refreshToken: tokens.refreshToken }),
    ...(tokens.idToken ? { idToken: tokens.idToken, ...idTokenExpiry(tokens.idToken) } : {}),
    ...(tokens.accessTokenExpiresAt === undefined ? {} : { expiresAt: tokens.accessTokenExpiresAt }),
    ...(tokens.scope === undefined ? {} : { scope: tokens.scope }),
  };
}

/** The provider has verified the ID token already; its `exp` says when to refresh it. */
function idTokenExpiry(idToken: string): { idTokenExpiresAt?: number } {
  const { exp } = decodeJwt(idToken);
  return exp === undefined ? {} : { idTokenExpiresAt: exp * 1000 };
}

/**
 * Refreshes a grant's upstream tokens during our refresh grant. A failure that cannot heal (the provider
 * ended the login, or now vouches for someone else) is invalid_grant, which revokes the grant; any
 * other failure is temporary.
 */
export function upstreamRefresherFor(
  provider: UpstreamProvider,
  upstreamClientId: string,
): UpstreamRefresher {
  return async (grant) => {
    const refreshToken = grant.upstream.refreshToken;
    if (refreshToken === undefined)
      throw new InvalidGrant('the upstream login cannot be refreshed; log in again');
    const login = { issuer: provider.issuer, subject: grant.identity.subject, audience: [upstreamClientId] };
    try {
      return grantTokensOf((await provider.refresh(refreshToken, login)).tokens);
    } catch (error) {
      if (refreshFailureIsPermanent(error)) {
        throw new InvalidGrant('the identity provider ended this login; log in again');
      }
      throw new TemporarilyUnavailable('the identity provider could not refresh the login; try again later');
    }
  };
}

/** What the client is told when the upstream login fails (issue 5: provider errors mapped). */
export function loginFailureOf(error: unknown): OAuthError {
  if (!(error instanceof UpstreamError)) return new ServerError('the sign-in could not be completed');
  if (error.oauthError === 'access_denied') return new AccessDenied(error.message);
  if (error.oauthError === 'temporarily_unavailable') return new TemporarilyUnavailable(error.message);
  return new ServerError(error.message);
}

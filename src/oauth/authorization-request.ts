import type { Request } from 'express';
import { AuthorizationPageError, ClientRedirectError } from './authorization-errors.js';
import type { OAuthClient } from './clients.js';
import { InvalidClient, InvalidRequest, isOAuthError, UnsupportedResponseType } from './errors.js';
import { grantableScopes, upstreamScopesOf } from './kubernetes-scopes.js';
import type { OAuthContext } from './oauth-context.js';
import { requireS256Challenge } from './pkce.js';
import { redirectUriMatches } from './redirect-uris.js';
import { onlyValue, queryOf, singleValuedParameters } from './request-parameters.js';
import { resolveResource } from './resource-indicators.js';
import { parseScope } from './scopes.js';
import { recordRefusal, refusedAs } from './security-events.js';

/** A validated authorization request (RFC 6749 §4.1.1 with PKCE, RFC 8707 and our rules). */
export interface AuthorizationRequest {
  readonly client: OAuthClient;
  /** The redirect URI the answer goes to. */
  readonly redirectUri: string;
  /** `redirect_uri` as the request gave it; undefined when omitted (the token request must omit it too). */
  readonly requestedRedirectUri: string | undefined;
  readonly state: string | undefined;
  readonly codeChallenge: string;
  /** RFC 9449 §10: the thumbprint of the DPoP key the code's token request must prove. */
  readonly dpopJkt: string | undefined;
  readonly scopes: readonly string[];
  readonly resource: string;
}

/**
 * Reads the authorization request of the query string, in the order RFC 6749 §4.1.2.1 requires: first
 * the client and its redirect URI, whose errors are shown as a page (AuthorizationPageError); then
 * everything else, whose errors go back to the client (ClientRedirectError). A refusal is recorded as
 * the security event it is, else as a failed authorization_flow_started.
 */
export async function readAuthorizationRequest(
  req: Request,
  context: OAuthContext,
): Promise<AuthorizationRequest> {
  const query = queryOf(req);
  const client = await identifyClient(query, context).catch(
    refusedAs(context, req, 'authorization_flow_started'),
  );
  try {
    return readRequestOf(client, query, context);
  } catch (error) {
    recordRefusal(context, req, 'authorization_flow_started', error, { clientId: client.clientId });
    throw error;
  }
}

function readRequestOf(
  client: OAuthClient,
  query: URLSearchParams,
  context: OAuthContext,
): AuthorizationRequest {
  const requestedRedirectUri = onPage(() => onlyValue(query, 'redirect_uri'));
  const redirectUri = requireRegisteredRedirectUri(client, requestedRedirectUri);
  const echoedState = query.getAll('state').length === 1 ? query.get('state') || undefined : undefined;
  try {
    const parameters = singleValuedParameters(query);
    requireCodeResponseType(parameters.get('response_type'));
    const codeChallenge = requireS256Challenge(
      parameters.get('code_challenge'),
      parameters.get('code_challenge_method'),
    );
    const dpopJkt = optionalThumbprint(parameters.get('dpop_jkt'));
    const state = requireStateUnlessAllowed(parameters.get('state'), context);
    const resource = resolveResource(
      parameters.get('resource'),
      context.urls.acceptedResources,
      context.urls.mcpResource,
    );
    const scopes = grantableScopes(parseScope(parameters.get('scope')), upstreamScopesFor(client, context));
    return { client, redirectUri, requestedRedirectUri, state, codeChallenge, dpopJkt, scopes, resource };
  } catch (error) {
    if (!isOAuthError(error)) throw error;
    throw new ClientRedirectError(error, { redirectUri, state: echoedState });
  }
}

/** The provider's scopes this client may ask for: those it registered, else all that are offered. */
function upstreamScopesFor(client: OAuthClient, context: OAuthContext): readonly string[] {
  const registered = upstreamScopesOf(client.scopes ?? []);
  return registered.length > 0 ? registered : context.settings.scopes;
}

function onPage<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    throw isOAuthError(error) ? new AuthorizationPageError(error) : error;
  }
}

async function identifyClient(query: URLSearchParams, context: OAuthContext): Promise<OAuthClient> {
  const clientId = onPage(() => onlyValue(query, 'client_id'));
  if (!clientId)
    throw new AuthorizationPageError(new InvalidRequest('the request names no client (client_id)'));
  let client: OAuthClient | undefined;
  try {
    client = await context.findClient(clientId);
  } catch (error) {
    throw isOAuthError(error) ? new AuthorizationPageError(error, 400) : error;
  }
  if (!client) {
    throw new AuthorizationPageError(
      new InvalidClient('this client is not registered with this server'),
      400,
    );
  }
  return client;
}

/**
 * The redirect URI must be one the client registered (loopback: any port, RFC 8252 §7.3). It may be
 * omitted only when the client registered exactly one.
 */
function requireRegisteredRedirectUri(client: OAuthClient, requested: string | undefined): string {
  if (requested === undefined) {
    const [only] = client.redirectUris;
    if (client.redirectUris.length === 1 && only !== undefined) return only;
    throw new AuthorizationPageError(
      new InvalidRequest('redirect_uri is required: this client registered several redirect URIs'),
    );
  }
  if (!redirectUriMatches(client.redirectUris, requested)) {
    throw new AuthorizationPageError(
      new InvalidRequest('redirect_uri is not one of the redirect URIs this client registered', {
        event: 'invalid_redirect',
      }),
    );
  }
  return requested;
}

function requireCodeResponseType(responseType: string | undefined): void {
  if (responseType === undefined) throw new InvalidRequest('response_type is required');
  if (responseType !== 'code') throw new UnsupportedResponseType('only response_type=code is supported');
}

/** A JWK SHA-256 thumbprint (RFC 7638), base64url: 43 characters. */
const THUMBPRINT = /^[A-Za-z0-9_-]{43}$/;

function optionalThumbprint(dpopJkt: string | undefined): string | undefined {
  if (dpopJkt === undefined || THUMBPRINT.test(dpopJkt)) return dpopJkt;
  throw new InvalidRequest('dpop_jkt must be the base64url SHA-256 thumbprint of a DPoP key (43 characters)');
}

function requireStateUnlessAllowed(state: string | undefined, context: OAuthContext): string | undefined {
  if (state === undefined && !context.settings.allowInsecureAuthWithoutState) {
    throw new InvalidRequest('state is required (it protects the client against cross-site request forgery)');
  }
  return state;
}

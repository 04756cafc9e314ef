import type { RequestHandler } from 'express';
import { requireGrantType } from '../client-authentication.js';
import type { OAuthClient } from '../clients.js';
import { InvalidRequest, UnsupportedGrantType } from '../errors.js';
import type { OAuthContext } from '../oauth-context.js';
import { NO_STORE } from '../oauth-error-handler.js';
import { authenticateClientOf } from '../request-client.js';
import { formParameters, type Parameters } from '../request-parameters.js';
import type { TokenResponse } from '../tokens.js';

type Grant = (form: Parameters, client: OAuthClient, context: OAuthContext) => Promise<TokenResponse>;

/**
 * RFC 6749 §4.1.3: the code is bound to its client, redirect_uri and PKCE challenge (and resource);
 * spent once; a replay revokes what it produced.
 */
const exchangeAuthorizationCode: Grant = async (form, client, context) => {
  requireGrantType(client, 'authorization_code');
  const code = form.get('code');
  if (!code) throw new InvalidRequest('code is required');
  const binding = await context.codes.redeem({
    code,
    clientId: client.clientId,
    redirectUri: form.get('redirect_uri'),
    codeVerifier: form.get('code_verifier'),
    resource: form.get('resource'),
  });
  return context.tokens.issueForCode(binding, client);
};

/** RFC 6749 §6: client-bound, rotated, replay revokes the family (tokens.ts). */
const refreshAccessToken: Grant = async (form, client, context) => {
  const refreshToken = form.get('refresh_token');
  if (!refreshToken) throw new InvalidRequest('refresh_token is required');
  return context.tokens.refresh({
    refreshToken,
    client,
    ...(form.has('scope') ? { scope: form.get('scope') } : {}),
    ...(form.has('resource') ? { resource: form.get('resource') } : {}),
  });
};

const GRANTS: Record<string, Grant> = {
  authorization_code: exchangeAuthorizationCode,
  refresh_token: refreshAccessToken,
};

/** POST /oauth/token: a form body, one client authentication method, then the grant; never cached. */
export function tokenEndpoint(context: OAuthContext): RequestHandler {
  return async (req, res) => {
    const form = formParameters(req);
    const grant = requireSupportedGrant(form.get('grant_type'));
    const client = await authenticateClientOf(req, form, context);
    const answer = await grant(form, client, context);
    context.logger.info({ clientId: client.clientId, grantType: form.get('grant_type') }, 'token issued');
    res.set(NO_STORE).json(answer);
  };
}

function requireSupportedGrant(grantType: string | undefined): Grant {
  if (!grantType) throw new InvalidRequest('grant_type is required');
  const grant = Object.hasOwn(GRANTS, grantType) ? GRANTS[grantType] : undefined;
  if (!grant) throw new UnsupportedGrantType('grant_type must be authorization_code or refresh_token');
  return grant;
}

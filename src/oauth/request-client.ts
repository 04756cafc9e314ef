import type { Request } from 'express';
import { authenticateClient } from './client-authentication.js';
import type { OAuthClient } from './clients.js';
import type { OAuthContext } from './oauth-context.js';
import type { Parameters } from './request-parameters.js';
import { refusedAs } from './security-events.js';

/**
 * The client of a token, revocation or introspection request, authenticated (client-authentication.ts);
 * a failed authentication is an auth_failure.
 */
export function authenticateClientOf(
  req: Request,
  form: Parameters,
  context: OAuthContext,
): Promise<OAuthClient> {
  return authenticateClient(
    {
      authorization: req.headers.authorization,
      clientId: form.get('client_id'),
      clientSecret: form.get('client_secret'),
    },
    context.findClient,
  ).catch(refusedAs(context, req, 'auth_failure'));
}

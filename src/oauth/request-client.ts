import type { Request } from 'express';
import { authenticateClient } from './client-authentication.js';
import type { OAuthClient } from './clients.js';
import type { OAuthContext } from './oauth-context.js';
import type { Parameters } from './request-parameters.js';

/** The client of a token, revocation or introspection request, authenticated (client-authentication.ts). */
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
  );
}

import type { Request, RequestHandler } from 'express';
import { bearerTokenOf } from '../client-authentication.js';
import { InvalidClient, InvalidRequest, InvalidToken } from '../errors.js';
import type { OAuthContext } from '../oauth-context.js';
import { NO_STORE } from '../oauth-error-handler.js';
import { authenticateClientOf } from '../request-client.js';
import { formParameters, type Parameters } from '../request-parameters.js';
import { recordRefusal } from '../security-events.js';
import type { IntrospectionViewer } from '../token-records.js';

/**
 * POST /oauth/introspect (RFC 7662): only an authenticated confidential client (it sees its own tokens)
 * or the holder of the registration token (it sees all); anything else is `{"active": false}`.
 */
export function introspectEndpoint(context: OAuthContext): RequestHandler {
  return async (req, res) => {
    const form = formParameters(req);
    const viewer = await authenticateViewer(req, form, context);
    const token = form.get('token');
    if (!token) throw new InvalidRequest('token is required');
    res.set(NO_STORE).json(await context.tokens.introspect(token, viewer));
  };
}

async function authenticateViewer(
  req: Request,
  form: Parameters,
  context: OAuthContext,
): Promise<IntrospectionViewer> {
  const bearer = bearerTokenOf(req.headers.authorization);
  if (bearer !== undefined) {
    if (context.clients.isRegistrationToken(bearer)) return 'registration-token-holder';
    const refusal = new InvalidToken('the bearer token is not the registration token');
    recordRefusal(context, req, 'auth_failure', refusal);
    throw refusal;
  }
  const client = await authenticateClientOf(req, form, context);
  // A public client proves nothing: anyone who knows its id could read its tokens.
  if (client.tokenEndpointAuthMethod === 'none') {
    throw new InvalidClient('introspection requires a confidential client or the registration token');
  }
  return { clientId: client.clientId };
}

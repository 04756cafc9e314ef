import type { RequestHandler } from 'express';
import { requestLogFields } from '../../observability/index.js';
import { InvalidRequest } from '../errors.js';
import type { OAuthContext } from '../oauth-context.js';
import { NO_STORE } from '../oauth-error-handler.js';
import { authenticateClientOf } from '../request-client.js';
import { formParameters } from '../request-parameters.js';
import { recordEvent, refusedAs } from '../security-events.js';

/**
 * POST /oauth/revoke (RFC 7009): the client authenticates; another client's token is refused and
 * nothing changes (§2.1); a refresh token takes its whole grant with it; an unknown token is a 200.
 * `token_type_hint` is accepted and not needed: both kinds are looked up.
 */
export function revokeEndpoint(context: OAuthContext): RequestHandler {
  return async (req, res) => {
    const form = formParameters(req);
    const client = await authenticateClientOf(req, form, context);
    const token = form.get('token');
    if (!token) throw new InvalidRequest('token is required');
    const { clientId } = client;
    const revoked = await context.tokens
      .revoke(token, client)
      .catch(refusedAs(context, req, 'token_revoked', { clientId }));
    recordEvent(context, req, 'token_revoked', {
      outcome: 'success',
      clientId,
      ...(revoked
        ? { userId: revoked.subject, reason: `${revoked.type} token revoked` }
        : { reason: 'the token was unknown, expired or revoked already' }),
    });
    context.logger.info({ ...requestLogFields(req), clientId }, 'token revoked');
    res.status(200).set(NO_STORE).end();
  };
}

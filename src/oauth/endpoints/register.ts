import type { RequestHandler } from 'express';
import { bearerTokenOf } from '../client-authentication.js';
import type { OAuthContext } from '../oauth-context.js';
import { NO_STORE } from '../oauth-error-handler.js';
import { recordEvent, refusedAs } from '../security-events.js';

/**
 * POST /oauth/register (RFC 7591): the registration token as a bearer token (or public registration),
 * the metadata rules of client-metadata.ts, the per-IP cap; 201 with the metadata, the secret once.
 * A body that is not application/json counts as no metadata (invalid_client_metadata).
 * A refusal is recorded as client_registration_rejected, or rate_limit_exceeded for the cap.
 */
export function registerEndpoint(context: OAuthContext): RequestHandler {
  return async (req, res) => {
    const registration = await context.clients
      .register({
        metadata: req.is('application/json') ? req.body : undefined,
        registrationToken: bearerTokenOf(req.headers.authorization),
        ipAddress: context.clientIp(req),
      })
      .catch(refusedAs(context, req, 'client_registration_rejected'));
    recordEvent(context, req, 'client_registered', {
      outcome: 'success',
      clientId: registration.client_id,
    });
    context.logger.info({ endpoint: req.path, clientId: registration.client_id }, 'client registered');
    res.status(201).set(NO_STORE).json(registration);
  };
}

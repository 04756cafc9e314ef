import type { Request, RequestHandler } from 'express';
import { requestLogFields } from '../../observability/index.js';
import { bearerTokenOf } from '../client-authentication.js';
import { UnsupportedContentType } from '../errors.js';
import type { OAuthContext } from '../oauth-context.js';
import { NO_STORE } from '../oauth-error-handler.js';
import { recordEvent, refusedAs } from '../security-events.js';
import { registrationClientUri } from './client-configuration.js';

/**
 * POST /oauth/register (RFC 7591): the registration token as a bearer token (or public registration),
 * the metadata rules of client-metadata.ts, the per-IP cap; 201 with the metadata, the secret once,
 * and the RFC 7592 registration access token and configuration URI.
 * A body of another type is refused with 415, unread; no body counts as no metadata.
 * A refusal is recorded as client_registration_rejected, or rate_limit_exceeded for the cap.
 */
const JSON_TYPE = 'application/json';

function registrationMetadataOf(req: Request): unknown {
  const isJson = req.is(JSON_TYPE);
  if (isJson === false) throw new UnsupportedContentType(JSON_TYPE);
  return isJson ? req.body : undefined;
}

export function registerEndpoint(context: OAuthContext): RequestHandler {
  return async (req, res) => {
    const registration = await context.clients
      .register({
        metadata: registrationMetadataOf(req),
        registrationToken: bearerTokenOf(req.headers.authorization),
        ipAddress: context.clientIp(req),
      })
      .catch(refusedAs(context, req, 'client_registration_rejected'));
    recordEvent(context, req, 'client_registered', {
      outcome: 'success',
      clientId: registration.client_id,
    });
    context.logger.info(
      { ...requestLogFields(req), endpoint: req.path, clientId: registration.client_id },
      'client registered',
    );
    res
      .status(201)
      .set(NO_STORE)
      .json({
        ...registration,
        registration_client_uri: registrationClientUri(context, registration.client_id),
      });
  };
}

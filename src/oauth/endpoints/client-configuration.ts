import type { Request, RequestHandler, Response } from 'express';
import { requestLogFields } from '../../observability/index.js';
import { bearerTokenOf } from '../client-authentication.js';
import { type ClientRegistrationResponse, registrationResponse } from '../clients.js';
import { UnsupportedContentType } from '../errors.js';
import type { OAuthContext } from '../oauth-context.js';
import { NO_STORE } from '../oauth-error-handler.js';
import { recordEvent, refusedAs } from '../security-events.js';

// RFC 7592: a registered client reads (GET), replaces (PUT) and deletes (DELETE) its registration at
// <register>/<client_id>, with the registration access token it was given at registration as a bearer
// token. The token is compared with its stored hash in constant time; a wrong token, and a client that
// does not exist, are both 401 invalid_token.

/** RFC 7592 §3: where a client manages its registration. */
export function registrationClientUri(context: OAuthContext, clientId: string): string {
  return `${context.urls.register}/${encodeURIComponent(clientId)}`;
}

/** The registration answer with the RFC 7592 fields: the token presented stays the client's token. */
export function withManagementFields(
  context: OAuthContext,
  registration: ClientRegistrationResponse,
  token: string,
): ClientRegistrationResponse & { registration_client_uri: string } {
  return {
    ...registration,
    registration_access_token: token,
    registration_client_uri: registrationClientUri(context, registration.client_id),
  };
}

async function managedClient(req: Request, context: OAuthContext) {
  const token = bearerTokenOf(req.headers.authorization);
  const client = await context.clients.requireManagedClient(String(req.params.clientId), token);
  return { client, token: token ?? '' };
}

function answer(res: Response, status: number, body?: object): void {
  res.status(status).set(NO_STORE);
  if (body) res.json(body);
  else res.end();
}

export function readClientEndpoint(context: OAuthContext): RequestHandler {
  return async (req, res) => {
    const { client, token } = await managedClient(req, context).catch(
      refusedAs(context, req, 'client_registration_rejected'),
    );
    answer(res, 200, withManagementFields(context, registrationResponse(client), token));
  };
}

export function updateClientEndpoint(context: OAuthContext): RequestHandler {
  return async (req, res) => {
    const { client, token } = await managedClient(req, context).catch(
      refusedAs(context, req, 'client_registration_rejected'),
    );
    if (req.is('application/json') === false) throw new UnsupportedContentType('application/json');
    const updated = await context.clients
      .update(client, req.body)
      .catch(refusedAs(context, req, 'client_registration_rejected'));
    const { clientId } = client;
    recordEvent(context, req, 'client_registered', { outcome: 'success', clientId, reason: 'updated' });
    context.logger.info({ ...requestLogFields(req), clientId }, 'client registration updated');
    answer(res, 200, withManagementFields(context, updated, token));
  };
}

export function deleteClientEndpoint(context: OAuthContext): RequestHandler {
  return async (req, res) => {
    const { client } = await managedClient(req, context).catch(
      refusedAs(context, req, 'client_registration_rejected'),
    );
    const revoked = await context.clients.delete(client.clientId, context.grants);
    const { clientId } = client;
    recordEvent(context, req, 'token_revoked', { outcome: 'success', clientId, reason: 'client deleted' });
    context.logger.info(
      { ...requestLogFields(req), clientId, grantsRevoked: revoked },
      'client deleted with its grants',
    );
    answer(res, 204);
  };
}

import type { Request, RequestHandler } from 'express';
import { requestLogFields } from '../../observability/index.js';
import { requireGrantType } from '../client-authentication.js';
import type { OAuthClient } from '../clients.js';
import { InvalidDpopProof, InvalidRequest, UnsupportedGrantType, UseDpopNonce } from '../errors.js';
import type { OAuthContext } from '../oauth-context.js';
import { NO_STORE } from '../oauth-error-handler.js';
import { authenticateClientOf } from '../request-client.js';
import { formParameters, type Parameters } from '../request-parameters.js';
import { recordEvent, recordRefusal, refusedAs } from '../security-events.js';
import { exchangeToken, TOKEN_EXCHANGE_GRANT } from '../token-exchange.js';
import { type Actor, actorChain, type TokenResponse } from '../token-records.js';

/** A grant's answer, and whom it was issued for (for the audit log only). */
interface Issued {
  readonly response: TokenResponse;
  readonly subject: string;
  /** The answer repeats an earlier one (a refresh retried within the grace window): no new tokens. */
  readonly repeated?: boolean;
  /** Who acts for the subject (token exchange). */
  readonly actor?: Actor;
}

interface Grant {
  readonly event: 'token_issued' | 'token_refreshed' | 'token_exchanged';
  /** `jkt`: the DPoP key the request proved, to which the issued tokens are bound. */
  exchange(form: Parameters, client: OAuthClient, context: OAuthContext, jkt?: string): Promise<Issued>;
}

/**
 * RFC 6749 §4.1.3: the code is bound to its client, redirect_uri and PKCE challenge (and resource);
 * spent once; a replay revokes what it produced.
 */
async function exchangeAuthorizationCode(
  form: Parameters,
  client: OAuthClient,
  context: OAuthContext,
  jkt?: string,
): Promise<Issued> {
  requireGrantType(client, 'authorization_code');
  const code = form.get('code');
  if (!code) throw new InvalidRequest('code is required');
  const binding = await context.codes.redeem({
    code,
    clientId: client.clientId,
    redirectUri: form.get('redirect_uri'),
    codeVerifier: form.get('code_verifier'),
    resource: form.get('resource'),
    dpopJkt: jkt,
  });
  return { response: await context.tokens.issueForCode(binding, client, jkt), subject: binding.subject };
}

/** RFC 6749 §6: client-bound, rotated, replay revokes the family but for a retry in grace (tokens.ts). */
async function refreshAccessToken(
  form: Parameters,
  client: OAuthClient,
  context: OAuthContext,
  jkt?: string,
): Promise<Issued> {
  const refreshToken = form.get('refresh_token');
  if (!refreshToken) throw new InvalidRequest('refresh_token is required');
  const { subject, retriedWithinGrace, ...response } = await context.tokens.refresh({
    refreshToken,
    client,
    ...(form.has('scope') ? { scope: form.get('scope') } : {}),
    ...(form.has('resource') ? { resource: form.get('resource') } : {}),
    ...(jkt ? { jkt } : {}),
  });
  return { response, subject, ...(retriedWithinGrace ? { repeated: true } : {}) };
}

const GRANTS: Record<string, Grant> = {
  authorization_code: { event: 'token_issued', exchange: exchangeAuthorizationCode },
  refresh_token: { event: 'token_refreshed', exchange: refreshAccessToken },
  [TOKEN_EXCHANGE_GRANT]: {
    event: 'token_exchanged',
    exchange: (form, client, context, jkt) => exchangeToken(form, client, context, jkt),
  },
};

/** The grant types the token endpoint serves, as the metadata advertises them. */
export const SUPPORTED_GRANT_TYPES = Object.keys(GRANTS);

/**
 * POST /oauth/token: a form body, one client authentication method, then the grant; never cached.
 * The grant's outcome is a security event (a refusal may be a more specific one, such as a replay).
 */
export function tokenEndpoint(context: OAuthContext): RequestHandler {
  return async (req, res) => {
    const form = formParameters(req);
    const grant = requireSupportedGrant(form.get('grant_type'));
    const client = await authenticateClientOf(req, form, context);
    const { clientId } = client;
    const jkt = await dpopKeyOf(req, context).catch((error: unknown) => {
      // A proof without our nonce is the protocol's first round trip, not a refusal worth an audit line.
      if (!(error instanceof UseDpopNonce)) recordRefusal(context, req, grant.event, error, { clientId });
      throw error;
    });
    const issued = await grant
      .exchange(form, client, context, jkt)
      .catch(refusedAs(context, req, grant.event, { clientId }));
    const event = issued.repeated ? 'refresh_token_retry_within_grace' : grant.event;
    recordEvent(context, req, event, {
      outcome: 'success',
      clientId,
      userId: issued.subject,
      ...(issued.actor ? { actor: actorChain(issued.actor) } : {}),
    });
    context.logger.info(
      { ...requestLogFields(req), clientId, grantType: form.get('grant_type') },
      'token issued',
    );
    res.set(NO_STORE).json(issued.response);
  };
}

/**
 * RFC 9449 §5: a `DPoP` header asks for tokens bound to its key; its proof must name this endpoint and
 * carry our nonce (§8: a first proof without one gets `use_dpop_nonce` and the nonce to use).
 */
function dpopKeyOf(req: Request, context: OAuthContext): Promise<string | undefined> {
  const proof = req.headers.dpop;
  if (proof === undefined) return Promise.resolve(undefined);
  if (typeof proof !== 'string') throw new InvalidDpopProof('send exactly one DPoP header');
  return context.dpop.verify({ proof, method: 'POST', url: context.urls.token, requireNonce: true });
}

function requireSupportedGrant(grantType: string | undefined): Grant {
  if (!grantType) throw new InvalidRequest('grant_type is required');
  const grant = Object.hasOwn(GRANTS, grantType) ? GRANTS[grantType] : undefined;
  if (!grant) throw new UnsupportedGrantType(`grant_type must be one of ${SUPPORTED_GRANT_TYPES.join(', ')}`);
  return grant;
}

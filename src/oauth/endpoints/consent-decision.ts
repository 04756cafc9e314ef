import type { Request, RequestHandler } from 'express';
import { AuthorizationPageError, ClientRedirectError } from '../authorization-errors.js';
import type { AuthorizationRequest } from '../authorization-request.js';
import { readAuthorizationRequest } from '../authorization-request.js';
import { AccessDenied, InvalidRequest, isOAuthError } from '../errors.js';
import type { OAuthContext } from '../oauth-context.js';
import { CSRF_FIELD, DECISION_FIELD } from '../pages/index.js';
import { formParameters, type Parameters } from '../request-parameters.js';
import { recordEvent, recordRefusal } from '../security-events.js';
import { startUpstreamLogin } from '../upstream-login.js';

/**
 * POST /oauth/authorize: the consent form's answer. The authorization request in the query is validated
 * again in full, the CSRF token must belong to this browser and client, and the answer is a 303:
 * to the identity provider on approval (remembered for this browser), to the client on denial.
 */
export function consentDecisionEndpoint(context: OAuthContext): RequestHandler {
  return async (req, res) => {
    const request = await readAuthorizationRequest(req, context);
    const form = readConsentForm(req);
    const { clientId } = request.client;
    const browserId = requireFormOfThisBrowser(req, context, request, form);
    const decision = form.get(DECISION_FIELD);
    if (decision === 'deny') {
      recordEvent(context, req, 'consent_denied', { outcome: 'failure', clientId, reason: 'declined' });
      throw new ClientRedirectError(
        new AccessDenied('the person declined to let this application act for them'),
        { redirectUri: request.redirectUri, state: request.state },
        303,
      );
    }
    if (decision !== 'approve') {
      throw new AuthorizationPageError(new InvalidRequest('the consent form carried no decision'));
    }
    await context.consents.remember(browserId, clientId);
    recordEvent(context, req, 'consent_granted', { outcome: 'success', clientId });
    context.logger.info({ clientId }, 'consent granted');
    res.redirect(303, (await startUpstreamLogin(context, request, browserId)).href);
  };
}

function readConsentForm(req: Request): Parameters {
  try {
    return formParameters(req);
  } catch (error) {
    throw isOAuthError(error) ? new AuthorizationPageError(error) : error;
  }
}

/**
 * The double-submit check: the form's token is the HMAC of this browser's cookie and the client. A form
 * that fails it was not this person's decision: recorded as consent_denied.
 */
function requireFormOfThisBrowser(
  req: Request,
  context: OAuthContext,
  request: AuthorizationRequest,
  form: Parameters,
): string {
  const browserId = context.browser.read(req);
  if (
    !browserId ||
    !context.browser.csrfTokenMatches(browserId, request.client.clientId, form.get(CSRF_FIELD))
  ) {
    const refusal = new AuthorizationPageError(
      new AccessDenied('the consent form was not sent from the page this server showed in this browser'),
      403,
    );
    recordRefusal(context, req, 'consent_denied', refusal, { clientId: request.client.clientId });
    throw refusal;
  }
  return browserId;
}

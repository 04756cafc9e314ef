import type { Request, RequestHandler } from 'express';
import { requestLogFields } from '../../observability/index.js';
import { AuthorizationPageError, ClientRedirectError } from '../authorization-errors.js';
import type { AuthorizationRequest } from '../authorization-request.js';
import { readAuthorizationRequest } from '../authorization-request.js';
import { AccessDenied, InvalidRequest, isOAuthError } from '../errors.js';
import { isKubernetesScope, KUBERNETES_READ } from '../kubernetes-scopes.js';
import type { OAuthContext } from '../oauth-context.js';
import { ALLOW_SCOPE_FIELD_PREFIX, CSRF_FIELD, DECISION_FIELD } from '../pages/index.js';
import { formParameters, type Parameters } from '../request-parameters.js';
import { formatScope } from '../scopes.js';
import { recordEvent, recordRefusal } from '../security-events.js';
import { startUpstreamLogin } from '../upstream-login.js';

/**
 * POST /oauth/authorize: the consent form's answer. The authorization request in the query is validated
 * again in full, the CSRF token must belong to this browser and client, and the answer is a 303:
 * to the identity provider on approval (remembered for this browser, with the Kubernetes scopes the
 * person left ticked), to the client on denial.
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
    const approved = { ...request, scopes: scopesLetThrough(request, form) };
    await context.consents.remember(browserId, clientId, approved.scopes);
    recordEvent(context, req, 'consent_granted', { outcome: 'success', clientId });
    context.logger.info(
      { ...requestLogFields(req), clientId, scope: formatScope(approved.scopes) },
      'consent granted',
    );
    res.redirect(303, (await startUpstreamLogin(context, approved, browserId)).href);
  };
}

/**
 * The requested scopes the person left ticked: the provider's scopes and kubernetes:read always,
 * another Kubernetes scope only when its box was sent. A box for a scope not requested adds nothing.
 */
function scopesLetThrough(request: AuthorizationRequest, form: Parameters): string[] {
  return request.scopes.filter(
    (scope) =>
      !isKubernetesScope(scope) ||
      scope === KUBERNETES_READ ||
      form.has(`${ALLOW_SCOPE_FIELD_PREFIX}${scope}`),
  );
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

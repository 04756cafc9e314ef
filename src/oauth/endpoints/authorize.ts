import type { Request, RequestHandler, Response } from 'express';
import { type AuthorizationRequest, readAuthorizationRequest } from '../authorization-request.js';
import { isKubernetesScope, upstreamScopesOf } from '../kubernetes-scopes.js';
import type { OAuthContext } from '../oauth-context.js';
import { sendPage } from '../page-responses.js';
import { consentPage } from '../pages/index.js';
import { isLoopbackRedirectUri } from '../redirect-uris.js';
import { recordEvent } from '../security-events.js';
import { startUpstreamLogin } from '../upstream-login.js';

/**
 * GET /oauth/authorize: validates the request (see authorization-request.ts), then asks the person's
 * consent for this client, unless this browser approved it before; only then is the person sent to
 * the identity provider. The consent form posts back to this URL (consent-decision.ts). A client
 * asking for more Kubernetes scopes than this browser approved is asked about again (step-up).
 */
export function authorizeEndpoint(context: OAuthContext): RequestHandler {
  return async (req, res) => {
    const request = await readAuthorizationRequest(req, context);
    const { clientId } = request.client;
    recordEvent(context, req, 'authorization_flow_started', { outcome: 'success', clientId });
    const browserId = context.browser.ensure(req, res);
    if (await context.consents.isApproved(browserId, clientId, request.scopes)) {
      const reason = 'approved before in this browser';
      recordEvent(context, req, 'consent_granted', { outcome: 'success', clientId, reason });
      return res.redirect(302, (await startUpstreamLogin(context, request, browserId)).href);
    }
    showConsentPage(req, res, context, request, browserId);
  };
}

function showConsentPage(
  req: Request,
  res: Response,
  context: OAuthContext,
  request: AuthorizationRequest,
  browserId: string,
): void {
  const { client } = request;
  const selfRegistered = client.registeredBy === 'public';
  const page = consentPage({
    clientName: client.clientName ?? 'An unnamed application',
    redirectUri: request.redirectUri,
    scopes: upstreamScopesOf(request.scopes),
    kubernetesScopes: request.scopes.filter(isKubernetesScope),
    warnUntrusted: selfRegistered && !isLoopbackRedirectUri(request.redirectUri),
    csrfToken: context.browser.csrfToken(browserId, client.clientId),
    // The same request, posted: the decision is checked against the request re-validated in full.
    formAction: `${context.urls.authorize}${new URL(req.originalUrl, 'http://query.invalid').search}`,
    formRedirectTargets: [context.upstreamAuthorizationEndpoint, request.redirectUri],
    branding: context.branding,
  });
  sendPage(res, 200, page);
}

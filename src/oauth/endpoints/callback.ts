import type { Request, RequestHandler } from 'express';
import { requestLogFields } from '../../observability/index.js';
import { AuthorizationPageError, LoginFailedError } from '../authorization-errors.js';
import { secretsEqual } from '../constant-time.js';
import { InvalidRequest } from '../errors.js';
import type { PendingLogin } from '../login-states.js';
import type { OAuthContext } from '../oauth-context.js';
import { clientRedirectUrl, sendToClient } from '../page-responses.js';
import { onlyValue, queryOf } from '../request-parameters.js';
import { recordEvent, recordRefusal, refusedAs } from '../security-events.js';
import type { UpstreamLogin } from '../upstream/index.js';
import { grantTokensOf, loginFailureOf, userIdentityOf } from '../upstream-login.js';

/**
 * GET /oauth/callback: the identity provider's answer. The state is spent once and must come from the
 * browser it was made for; the provider's code is exchanged (ID token verified, identity rules applied);
 * a grant and our single-use code are made, and the person is sent back to the client with `code`,
 * `state` and `iss`. Failures of the login are shown to the person and returned to the client, and
 * recorded as login_failed.
 */
export function callbackEndpoint(context: OAuthContext): RequestHandler {
  return async (req, res) => {
    const { state, login } = await consumeStateOfThisBrowser(req, context).catch(
      refusedAs(context, req, 'login_failed'),
    );
    const { clientId } = login;
    const target = { redirectUri: login.redirectUri, state: login.clientState };
    const upstreamLogin = await exchangeUpstreamCode(req, context, state, login).catch((error: unknown) => {
      const failure = new LoginFailedError(loginFailureOf(error), target);
      recordRefusal(context, req, 'login_failed', failure, { clientId });
      throw failure;
    });
    const grant = await context.grants.create({
      clientId: login.clientId,
      identity: userIdentityOf(upstreamLogin),
      scopes: login.scopes,
      upstream: grantTokensOf(upstreamLogin.tokens),
    });
    const code = await context.codes.issue({
      clientId: login.clientId,
      redirectUri: login.requestedRedirectUri,
      codeChallenge: login.codeChallenge,
      ...(login.dpopJkt !== undefined && { dpopJkt: login.dpopJkt }),
      scopes: login.scopes,
      resource: login.resource,
      subject: grant.identity.subject,
      grantId: grant.grantId,
    });
    const userId = grant.identity.subject;
    recordEvent(context, req, 'authorization_code_issued', { outcome: 'success', clientId, userId });
    context.logger.info({ ...requestLogFields(req), clientId }, 'authorization code issued');
    const answer = clientRedirectUrl(login.redirectUri, {
      code,
      state: login.clientState,
      iss: context.urls.issuer,
    });
    sendToClient(res, context, answer, 302);
  };
}

async function consumeStateOfThisBrowser(
  req: Request,
  context: OAuthContext,
): Promise<{ state: string; login: PendingLogin }> {
  const state = onlyValue(queryOf(req), 'state');
  if (!state) throw new AuthorizationPageError(new InvalidRequest('the identity provider sent no state'));
  const login = await context.loginStates.consume(state);
  if (!login) {
    throw new AuthorizationPageError(
      new InvalidRequest(
        'this sign-in was already completed or has expired; start again from your application',
      ),
    );
  }
  const browserId = context.browser.read(req);
  if (!browserId || !secretsEqual(context.browser.bindingHash(browserId), login.browserBindingHash)) {
    throw new AuthorizationPageError(
      new InvalidRequest('this sign-in was started in another browser; start again from your application'),
    );
  }
  return { state, login };
}

function exchangeUpstreamCode(
  req: Request,
  context: OAuthContext,
  state: string,
  login: PendingLogin,
): Promise<UpstreamLogin> {
  // Our callback URL as the provider knows it, with the query as it arrived (behind a proxy too).
  const callbackUrl = new URL(context.urls.callback);
  callbackUrl.search = queryOf(req).toString();
  return context.upstream.exchangeCode({
    callbackUrl,
    redirectUri: context.urls.callback,
    codeVerifier: login.upstreamCodeVerifier,
    expectedNonce: login.upstreamNonce,
    expectedState: state,
  });
}

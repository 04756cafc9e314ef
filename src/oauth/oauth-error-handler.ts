import type { ErrorRequestHandler, Response } from 'express';
import { requestLogFields } from '../observability/index.js';
import { RecordDecryptionError, StoreFullError, StoreUnavailableError } from '../storage/index.js';
import { AuthorizationPageError, ClientRedirectError, LoginFailedError } from './authorization-errors.js';
import {
  InvalidClientMetadata,
  InvalidRequest,
  InvalidToken,
  isOAuthError,
  type OAuthError,
  ServerError,
  TemporarilyUnavailable,
  UnsupportedContentType,
} from './errors.js';
import type { OAuthContext } from './oauth-context.js';
import { OAUTH_PATHS } from './oauth-urls.js';
import {
  errorRedirectUrl,
  sendErrorToClient,
  sendPage,
  showErrorAndReturnToClient,
} from './page-responses.js';
import { errorPage } from './pages/index.js';

/** OAuth answers hold tokens or say why none was given: never cached (RFC 6749 §5.1). */
export const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

interface BodyParserError {
  type?: string;
  limit?: number;
}

const PAGE_TITLES: Record<string, string> = {
  invalid_client: 'Unknown application',
  access_denied: 'Sign-in refused',
  server_error: 'Something went wrong',
  temporarily_unavailable: 'Try again later',
};

/**
 * The one place errors become answers: OAuthErrors as the RFC's status, headers and JSON body; errors
 * of the authorization flow as a page, a redirect to the client, or both. Each is logged once.
 */
export function answerOAuthErrors(context: OAuthContext): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const endpoint = req.path;
    if (error instanceof AuthorizationPageError) {
      context.logger.info(
        { ...requestLogFields(req), endpoint, error: error.reason.error },
        `authorization refused: ${error.message}`,
      );
      const title = PAGE_TITLES[error.reason.error] ?? 'This sign-in request cannot be completed';
      return sendPage(
        res,
        error.status,
        errorPage({ title, message: error.message, branding: context.branding }),
      );
    }
    if (error instanceof ClientRedirectError) {
      context.logger.info(
        { ...requestLogFields(req), endpoint, error: error.reason.error },
        `authorization error sent to the client: ${error.message}`,
      );
      const url = errorRedirectUrl(context, error.target, error.reason);
      return sendErrorToClient(res, context, url, error.reason, error.redirectStatus);
    }
    if (error instanceof LoginFailedError) {
      context.logger.info(
        { ...requestLogFields(req), endpoint, error: error.reason.error },
        `login failed: ${error.message}`,
      );
      return showErrorAndReturnToClient(
        res,
        context,
        errorRedirectUrl(context, error.target, error.reason),
        error.reason,
      );
    }
    const { status, reason } = oauthAnswerOf(error, endpoint);
    if (reason instanceof ServerError)
      context.logger.error({ ...requestLogFields(req), endpoint, err: error }, 'OAuth endpoint failed');
    else
      context.logger.info(
        { ...requestLogFields(req), endpoint, error: reason.error },
        `OAuth request refused: ${reason.description}`,
      );
    sendOAuthError(res, status, reason);
  };
}

function sendOAuthError(res: Response, status: number, reason: OAuthError): void {
  res.status(status).set(NO_STORE).set(reason.headers);
  // RFC 6750 §3: a refused bearer token (here the registration token) is challenged.
  if (reason instanceof InvalidToken) {
    res.set('WWW-Authenticate', `Bearer error="invalid_token", error_description="${reason.description}"`);
  }
  res.json(reason.toJSON());
}

/** A body the endpoint cannot read is a malformed request, in RFC 7591's words at registration. */
function malformedBody(endpoint: string, description: string): OAuthError {
  return endpoint.startsWith(OAUTH_PATHS.register)
    ? new InvalidClientMetadata(description)
    : new InvalidRequest(description);
}

function oauthAnswerOf(error: unknown, endpoint: string): { status: number; reason: OAuthError } {
  if (isOAuthError(error)) return { status: error.status, reason: error };
  if (error instanceof UnsupportedContentType) {
    return { status: 415, reason: malformedBody(endpoint, error.message) };
  }
  const bodyError = error as BodyParserError;
  if (bodyError.type === 'entity.too.large') {
    return {
      status: 413,
      reason: malformedBody(endpoint, `the request body is larger than ${bodyError.limit} bytes`),
    };
  }
  if (bodyError.type === 'entity.parse.failed') {
    return {
      status: 400,
      reason: malformedBody(endpoint, 'the request body is not valid for its content type'),
    };
  }
  if (bodyError.type === 'charset.unsupported' || bodyError.type === 'encoding.unsupported') {
    return {
      status: 415,
      reason: malformedBody(endpoint, 'the request body must be UTF-8 without content encoding'),
    };
  }
  if (error instanceof StoreUnavailableError) {
    return { status: 503, reason: new TemporarilyUnavailable(error.message, 5) };
  }
  if (error instanceof StoreFullError) {
    return {
      status: 503,
      reason: new TemporarilyUnavailable('the server cannot take more logins right now'),
    };
  }
  if (error instanceof RecordDecryptionError) {
    return { status: 500, reason: new ServerError('a stored record could not be decrypted') };
  }
  return { status: 500, reason: new ServerError('the server failed to answer this request') };
}

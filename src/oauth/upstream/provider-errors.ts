import { AuthorizationResponseError, ResponseBodyError } from 'openid-client';
import { UpstreamError, UpstreamIdentityRefused, UpstreamProviderFailed } from './errors.js';

/** The provider's callback errors that mean the person said no (or could not be asked). */
const DENIALS = new Set(['access_denied', 'interaction_required']);

/** Gives any failure of an upstream call its protocol meaning. Identity refusals pass through unchanged. */
export function toUpstreamError(error: unknown): UpstreamError {
  if (error instanceof UpstreamError) return error;
  if (error instanceof AuthorizationResponseError) return callbackError(error.error, error.error_description);
  if (error instanceof ResponseBodyError) return tokenEndpointError(error);
  if (isNetworkFailure(error)) {
    const message = 'the identity provider could not be reached';
    return new UpstreamProviderFailed({
      oauthError: 'temporarily_unavailable',
      permanent: false,
      message,
      cause: error,
    });
  }
  const detail = error instanceof Error ? error.message : String(error);
  const message = `the identity provider's answer was refused: ${detail}`;
  return new UpstreamProviderFailed({ oauthError: 'server_error', permanent: false, message, cause: error });
}

function callbackError(providerError: string, description: string | undefined): UpstreamError {
  const said = `${providerError}${description ? `: ${description}` : ''}`;
  if (DENIALS.has(providerError)) {
    return new UpstreamIdentityRefused(
      'denied_by_provider',
      `the identity provider refused the login (${said})`,
    );
  }
  return new UpstreamProviderFailed({
    oauthError: providerError === 'temporarily_unavailable' ? providerError : 'server_error',
    permanent: false,
    message: `the identity provider answered ${said}`,
    providerError,
  });
}

function tokenEndpointError(error: ResponseBodyError): UpstreamProviderFailed {
  const transient = error.error === 'temporarily_unavailable' || error.status >= 500;
  return new UpstreamProviderFailed({
    oauthError: transient ? 'temporarily_unavailable' : 'server_error',
    // invalid_grant: the code or refresh token is dead at the provider; retrying cannot revive it.
    permanent: error.error === 'invalid_grant',
    message: `the identity provider's token endpoint answered ${error.error}`,
    providerError: error.error,
  });
}

function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return true;
  return error instanceof TypeError && 'cause' in error;
}

/**
 * True when an upstream refresh can never succeed again, so our refresh must answer invalid_grant and
 * revoke the family: the provider killed the grant, or the identity it now vouches for is refused.
 */
export function refreshFailureIsPermanent(error: unknown): boolean {
  return (
    error instanceof UpstreamIdentityRefused || (error instanceof UpstreamProviderFailed && error.permanent)
  );
}

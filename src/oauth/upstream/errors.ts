/** The `error` our callback sends the client when an upstream login does not succeed (RFC 6749 4.1.2.1). */
export type UpstreamOAuthError = 'access_denied' | 'temporarily_unavailable' | 'server_error';

/** Base of every upstream failure; `oauthError` is what the client is told. */
export abstract class UpstreamError extends Error {
  abstract readonly oauthError: UpstreamOAuthError;
}

export type RefusalReason =
  | 'denied_by_provider'
  | 'email_missing'
  | 'email_not_verified'
  | 'email_domain_not_allowed'
  | 'identity_changed';

/**
 * The person or their identity was refused: they declined at the provider, or the identity the provider
 * vouched for breaks our rules. Logging in again the same way will not help.
 */
export class UpstreamIdentityRefused extends UpstreamError {
  readonly oauthError = 'access_denied';
  override readonly name = 'UpstreamIdentityRefused';

  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The provider failed: unreachable, an error answer, or a response that does not verify.
 * `permanent` is true when retrying cannot help (for a refresh: the upstream grant is gone, so our
 * refresh must answer invalid_grant and revoke the family).
 */
export class UpstreamProviderFailed extends UpstreamError {
  override readonly name = 'UpstreamProviderFailed';
  readonly oauthError: 'temporarily_unavailable' | 'server_error';
  readonly permanent: boolean;
  /** The provider's own `error` code, when it sent one. */
  readonly providerError?: string;

  constructor(failure: {
    oauthError: 'temporarily_unavailable' | 'server_error';
    permanent: boolean;
    message: string;
    providerError?: string;
    cause?: unknown;
  }) {
    super(failure.message, { cause: failure.cause });
    this.oauthError = failure.oauthError;
    this.permanent = failure.permanent;
    if (failure.providerError !== undefined) this.providerError = failure.providerError;
  }
}

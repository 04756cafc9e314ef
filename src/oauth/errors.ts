/**
 * One class per OAuth error code. Domain code throws them; one HTTP error handler turns any of them into
 * the RFC's status code, headers and JSON body (`toJSON()`), or into a redirect to the client at the
 * authorization endpoint (`error`, `error_description`).
 */
export abstract class OAuthError extends Error {
  /** The RFC's error code, e.g. 'invalid_grant'. */
  abstract readonly error: string;
  /** The HTTP status when the error is answered directly (not by a redirect). */
  abstract readonly status: number;

  constructor(
    readonly description: string,
    /** Set when the refusal is a security event of its own, which the endpoint records in the audit log. */
    readonly securityEvent?: SecurityEventDetails,
  ) {
    super(description);
    this.name = new.target.name;
  }

  /** Extra response headers the RFC requires for this error (e.g. `WWW-Authenticate`). */
  get headers(): Readonly<Record<string, string>> {
    return {};
  }

  toJSON(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

/** Refusals the audit log names apart (src/security/audit-log.ts), detected where they happen. */
export type SecurityEvent =
  | 'authorization_code_reuse_detected'
  | 'refresh_token_reuse_detected'
  | 'invalid_pkce'
  | 'invalid_redirect'
  | 'resource_mismatch'
  | 'rate_limit_exceeded';

export interface SecurityEventDetails {
  readonly event: SecurityEvent;
  /** Whom it concerns, when the refusing code knows: the user's subject (hashed by the audit log). */
  readonly subject?: string;
  readonly clientId?: string;
}

export function isOAuthError(value: unknown): value is OAuthError {
  return value instanceof OAuthError;
}

// RFC 6749 §4.1.2.1 and §5.2

export class InvalidRequest extends OAuthError {
  readonly error = 'invalid_request';
  readonly status = 400;
}

/**
 * RFC 6749 §5.2: 401. When the client tried HTTP Basic authentication the answer must carry
 * `WWW-Authenticate: Basic`, so the error remembers the scheme the client used.
 */
export class InvalidClient extends OAuthError {
  readonly error = 'invalid_client';
  readonly status = 401;

  constructor(
    description: string,
    readonly attemptedScheme?: 'Basic',
  ) {
    super(description);
  }

  override get headers(): Readonly<Record<string, string>> {
    return this.attemptedScheme === 'Basic' ? { 'WWW-Authenticate': 'Basic realm="oauth"' } : {};
  }
}

export class InvalidGrant extends OAuthError {
  readonly error = 'invalid_grant';
  readonly status = 400;
}

export class UnauthorizedClient extends OAuthError {
  readonly error = 'unauthorized_client';
  readonly status = 400;
}

export class UnsupportedGrantType extends OAuthError {
  readonly error = 'unsupported_grant_type';
  readonly status = 400;
}

export class UnsupportedResponseType extends OAuthError {
  readonly error = 'unsupported_response_type';
  readonly status = 400;
}

export class InvalidScope extends OAuthError {
  readonly error = 'invalid_scope';
  readonly status = 400;
}

export class AccessDenied extends OAuthError {
  readonly error = 'access_denied';
  readonly status = 403;
}

export class ServerError extends OAuthError {
  readonly error = 'server_error';
  readonly status = 500;
}

export class TemporarilyUnavailable extends OAuthError {
  readonly error = 'temporarily_unavailable';
  readonly status = 503;

  constructor(
    description: string,
    /** When the client may try again, if the server knows. */
    readonly retryAfterSeconds?: number,
  ) {
    super(description);
  }

  override get headers(): Readonly<Record<string, string>> {
    return this.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(this.retryAfterSeconds) };
  }
}

// RFC 7591 §3.2.2

export class InvalidRedirectUri extends OAuthError {
  readonly error = 'invalid_redirect_uri';
  readonly status = 400;
}

export class InvalidClientMetadata extends OAuthError {
  readonly error = 'invalid_client_metadata';
  readonly status = 400;
}

// RFC 6750 §3.1 (bearer tokens, including the registration token)

export class InvalidToken extends OAuthError {
  readonly error = 'invalid_token';
  readonly status = 401;
}

export class InsufficientScope extends OAuthError {
  readonly error = 'insufficient_scope';
  readonly status = 403;
}

// RFC 7009 §2.2.1

export class UnsupportedTokenType extends OAuthError {
  readonly error = 'unsupported_token_type';
  readonly status = 400;
}

// RFC 8707 §2

export class InvalidTarget extends OAuthError {
  readonly error = 'invalid_target';
  readonly status = 400;
}

// RFC 9449 §7.1 and §8 (DPoP): at the token endpoint 400; the resource server answers them with 401.

export class InvalidDpopProof extends OAuthError {
  readonly error = 'invalid_dpop_proof';
  readonly status = 400;
}

/** A DPoP-bound access token presented without DPoP (as a Bearer token): RFC 9449 §7.2. */
export class DpopRequired extends InvalidToken {}

/** The DPoP refusals of the resource server, answered with a `DPoP` challenge (RFC 9449 §7.1). */
export function isDpopRefusal(error: OAuthError): boolean {
  return error instanceof InvalidDpopProof || error instanceof UseDpopNonce || error instanceof DpopRequired;
}

/** The proof must carry the nonce this error's `DPoP-Nonce` header gives (RFC 9449 §8). */
export class UseDpopNonce extends OAuthError {
  readonly error = 'use_dpop_nonce';
  readonly status = 400;

  constructor(
    description: string,
    readonly nonce: string,
  ) {
    super(description);
  }

  override get headers(): Readonly<Record<string, string>> {
    return { 'DPoP-Nonce': this.nonce };
  }
}

/**
 * A limit was reached (e.g. clients registered from one IP). Answered as 429 with `Retry-After`;
 * the body uses `temporarily_unavailable`, the registered code that tells a client to try later.
 */
export class TooManyRequests extends OAuthError {
  readonly error = 'temporarily_unavailable';
  readonly status = 429;

  constructor(
    description: string,
    readonly retryAfterSeconds: number,
  ) {
    super(description, { event: 'rate_limit_exceeded' });
  }

  override get headers(): Readonly<Record<string, string>> {
    return { 'Retry-After': String(this.retryAfterSeconds) };
  }
}

/**
 * A request body in a media type the endpoint does not read: HTTP's 415 (RFC 9110 §15.5.16), answered
 * with the endpoint's error code for a malformed request (invalid_request, or RFC 7591's
 * invalid_client_metadata at registration).
 */
export class UnsupportedContentType extends Error {
  constructor(readonly expected: string) {
    super(`the request body must be ${expected}`);
    this.name = 'UnsupportedContentType';
  }
}

import type { OAuthError } from './errors.js';

/**
 * An error at the authorization endpoint before the client and its redirect URI are known to be good,
 * or at the callback before we know which login it belongs to: shown to the person as a page, never
 * redirected (RFC 6749 §4.1.2.1: a bad redirect URI must not receive anything).
 */
export class AuthorizationPageError extends Error {
  constructor(
    readonly reason: OAuthError,
    readonly status: number = reason.status,
  ) {
    super(reason.description);
    this.name = 'AuthorizationPageError';
  }
}

/** Where an authorization answer goes: the client's redirect URI, with its `state` echoed. */
export interface ClientRedirect {
  readonly redirectUri: string;
  readonly state: string | undefined;
}

/**
 * An error after the client and redirect URI were validated: sent to the client with `error`,
 * `error_description`, `state` and `iss` (RFC 6749 §4.1.2.1, RFC 9207).
 */
export class ClientRedirectError extends Error {
  constructor(
    readonly reason: OAuthError,
    readonly target: ClientRedirect,
    /** 303 when answering a form POST, so the browser follows with GET. */
    readonly redirectStatus: 302 | 303 = 302,
  ) {
    super(reason.description);
    this.name = 'ClientRedirectError';
  }
}

/**
 * The upstream login failed (the person declined, their account is refused, the provider failed):
 * the person is shown why, and the client receives the error too.
 */
export class LoginFailedError extends Error {
  constructor(
    readonly reason: OAuthError,
    readonly target: ClientRedirect,
  ) {
    super(reason.description);
    this.name = 'LoginFailedError';
  }
}

import { DPOP_SIGNING_ALGORITHMS, type OAuthError } from '../oauth/index.js';

export interface BearerChallenge {
  /** The RFC 9728 document of the resource (`resource_metadata`, RFC 9728 §5.1). */
  readonly resourceMetadataUrl: string;
  /** The scopes a token for this resource may carry. */
  readonly scopes: readonly string[];
  /** Why a token that was sent is refused; absent when none was sent (RFC 6750 §3.1). */
  readonly error?: OAuthError;
}

/** `Bearer resource_metadata="...", scope="..."`, plus `error` and `error_description` when refused. */
export function bearerChallenge(challenge: BearerChallenge): string {
  const parameters: [string, string][] = [
    ['resource_metadata', challenge.resourceMetadataUrl],
    ['scope', challenge.scopes.join(' ')],
  ];
  if (challenge.error) {
    parameters.push(['error', challenge.error.error], ['error_description', challenge.error.description]);
  }
  return `Bearer ${parameters.map(([name, value]) => `${name}="${quoted(value)}"`).join(', ')}`;
}

/** RFC 9449 §7.1: `DPoP error="...", error_description="...", algs="ES256 ..."`. */
export function dpopChallenge(error: OAuthError): string {
  const parameters: [string, string][] = [
    ['error', error.error],
    ['error_description', error.description],
    ['algs', DPOP_SIGNING_ALGORITHMS.join(' ')],
  ];
  return `DPoP ${parameters.map(([name, value]) => `${name}="${quoted(value)}"`).join(', ')}`;
}

/** RFC 9110 §5.6.4 quoted-string: backslash and double quote are escaped. */
function quoted(value: string): string {
  return value.replace(/[\\"]/g, (character) => `\\${character}`);
}

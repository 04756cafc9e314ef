import { InvalidClientMetadata } from './errors.js';
import { validateRedirectUris } from './redirect-uris.js';
import { parseScope } from './scopes.js';

export const GRANT_TYPES = ['authorization_code', 'refresh_token'] as const;
export const TOKEN_ENDPOINT_AUTH_METHODS = ['none', 'client_secret_basic', 'client_secret_post'] as const;

export type GrantType = (typeof GRANT_TYPES)[number];
export type TokenEndpointAuthMethod = (typeof TOKEN_ENDPOINT_AUTH_METHODS)[number];

/** Registration metadata after validation, with RFC 7591 defaults applied. */
export interface ClientMetadata {
  readonly redirectUris: readonly string[];
  readonly grantTypes: readonly GrantType[];
  readonly responseTypes: readonly ['code'];
  readonly tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  readonly clientName?: string;
  /** The scopes this client may ask for; undefined means every scope the server allows. */
  readonly scopes?: readonly string[];
}

const MAX_CLIENT_NAME = 200;
const CONTROL_CHARACTERS = /\p{Cc}/u;

/**
 * Validates RFC 7591 §2 client metadata. Redirect URI problems throw InvalidRedirectUri, anything else
 * InvalidClientMetadata; unknown fields are ignored (RFC 7591 §2). Omitted values take the RFC's
 * defaults: grant_types [authorization_code], response_types [code], token_endpoint_auth_method
 * client_secret_basic.
 */
export function validateClientMetadata(body: unknown, allowedScopes: readonly string[]): ClientMetadata {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidClientMetadata('the registration body must be a JSON object');
  }
  const metadata = body as Record<string, unknown>;
  const redirectUris = validateRedirectUris(metadata.redirect_uris);
  const grantTypes = oneOfEach('grant_types', metadata.grant_types, GRANT_TYPES, ['authorization_code']);
  if (!grantTypes.includes('authorization_code')) {
    throw new InvalidClientMetadata('grant_types must include authorization_code');
  }
  oneOfEach('response_types', metadata.response_types, ['code'] as const, ['code']);
  const clientName = optionalClientName(metadata.client_name);
  const scopes = optionalScopes(metadata.scope, allowedScopes);
  return {
    redirectUris,
    grantTypes,
    responseTypes: ['code'],
    tokenEndpointAuthMethod: authMethod(metadata.token_endpoint_auth_method),
    ...(clientName === undefined ? {} : { clientName }),
    ...(scopes === undefined ? {} : { scopes }),
  };
}

function oneOfEach<T extends string>(
  field: string,
  value: unknown,
  supported: readonly T[],
  fallback: readonly T[],
): T[] {
  if (value === undefined) return [...fallback];
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidClientMetadata(`${field} must be a non-empty array`);
  }
  const unsupported = value.filter((item) => !supported.includes(item as T));
  if (unsupported.length > 0) {
    throw new InvalidClientMetadata(`${field} supports only ${supported.join(', ')}`);
  }
  return [...new Set(value as T[])];
}

function authMethod(value: unknown): TokenEndpointAuthMethod {
  // RFC 7591 §2: "If unspecified or omitted, the default is client_secret_basic".
  if (value === undefined) return 'client_secret_basic';
  if (!TOKEN_ENDPOINT_AUTH_METHODS.includes(value as TokenEndpointAuthMethod)) {
    throw new InvalidClientMetadata(
      `token_endpoint_auth_method must be one of ${TOKEN_ENDPOINT_AUTH_METHODS.join(', ')}`,
    );
  }
  return value as TokenEndpointAuthMethod;
}

function optionalClientName(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || CONTROL_CHARACTERS.test(value)) {
    throw new InvalidClientMetadata('client_name must be a non-empty string without control characters');
  }
  if (value.length > MAX_CLIENT_NAME) {
    throw new InvalidClientMetadata(`client_name must be at most ${MAX_CLIENT_NAME} characters`);
  }
  return value;
}

function optionalScopes(value: unknown, allowedScopes: readonly string[]): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InvalidClientMetadata('scope must be a space-separated string');
  const scopes = parseScope(value);
  const refused = scopes.filter((scope) => !allowedScopes.includes(scope));
  if (refused.length > 0) throw new InvalidClientMetadata(`scope not allowed: ${refused.join(' ')}`);
  return scopes.length > 0 ? scopes : undefined;
}

import { secretKey } from '../storage/index.js';
import type { GrantType } from './client-metadata.js';
import type { OAuthClient } from './clients.js';
import { secretsEqual } from './constant-time.js';
import { InvalidClient, InvalidRequest, UnauthorizedClient } from './errors.js';

/** What a request to the token, revocation or introspection endpoint says about its client. */
export interface ClientCredentials {
  /** The `Authorization` header as received; only the Basic scheme is client authentication. */
  readonly authorization?: string;
  /** `client_id` of the form body. */
  readonly clientId?: string;
  /** `client_secret` of the form body (client_secret_post). */
  readonly clientSecret?: string;
}

/** Finds a client by id: the registry, or a resolver that also knows metadata-document clients. */
export type ClientLookup = (clientId: string) => Promise<OAuthClient | undefined>;

/**
 * Authenticates the client of a request (RFC 6749 §2.3, OAuth 2.1 §2.4):
 * - one method per request: Basic and a body `client_secret` together are invalid_request;
 * - confidential clients prove their secret by Basic or POST (compared in constant time);
 * - public clients (`none`) identify by `client_id` and must not send any secret;
 * - every failure is invalid_client (401), with `WWW-Authenticate: Basic` when Basic was tried.
 */
export async function authenticateClient(
  credentials: ClientCredentials,
  findClient: ClientLookup,
): Promise<OAuthClient> {
  const basic = parseBasicCredentials(credentials.authorization);
  if (basic && credentials.clientSecret !== undefined) {
    throw new InvalidRequest('use one client authentication method: HTTP Basic or client_secret, not both');
  }
  if (basic && credentials.clientId !== undefined && credentials.clientId !== basic.clientId) {
    throw new InvalidRequest('client_id differs from the client authenticated by HTTP Basic');
  }
  const scheme = basic ? 'Basic' : undefined;
  const clientId = basic?.clientId ?? credentials.clientId;
  if (!clientId) throw new InvalidClient('client authentication is required', scheme);
  const secret = basic?.clientSecret ?? credentials.clientSecret;
  const client = await findClient(clientId);
  if (!client) throw new InvalidClient('unknown client', scheme);

  if (client.tokenEndpointAuthMethod === 'none') {
    if (basic || secret !== undefined)
      throw new InvalidClient('a public client must not send a secret', scheme);
    return client;
  }
  if (secret === undefined) throw new InvalidClient('client authentication is required', scheme);
  const expected = client.clientSecretHash;
  if (expected === undefined || !secretsEqual(secretKey(secret), expected)) {
    throw new InvalidClient('client authentication failed', scheme);
  }
  return client;
}

/** The token endpoint refuses grants a client did not register (RFC 7591 `grant_types`). */
export function requireGrantType(client: OAuthClient, grantType: GrantType): void {
  if (!client.grantTypes.includes(grantType)) {
    throw new UnauthorizedClient(`this client is not registered for the ${grantType} grant`);
  }
}

/** The bearer token of an `Authorization` header (RFC 6750 §2.1), if it carries one. */
export function bearerTokenOf(authorization: string | undefined): string | undefined {
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(authorization ?? '');
  return match?.[1];
}

interface BasicCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** RFC 6749 §2.3.1: base64 of `urlencode(id):urlencode(secret)`; undefined for other schemes. */
function parseBasicCredentials(authorization: string | undefined): BasicCredentials | undefined {
  const match = /^Basic(?: +(.*))?$/i.exec(authorization?.trim() ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const clientId = colon > 0 ? formDecode(decoded.slice(0, colon)) : undefined;
  const clientSecret = colon > 0 ? formDecode(decoded.slice(colon + 1)) : undefined;
  if (!clientId || clientSecret === undefined) {
    throw new InvalidClient('malformed HTTP Basic client credentials', 'Basic');
  }
  return { clientId, clientSecret };
}

function formDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
}

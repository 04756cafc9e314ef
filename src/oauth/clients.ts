import { type RecordVault, type SealedCollection, secretKey } from '../storage/index.js';
import { type ClientMetadata, type GrantType, validateClientMetadata } from './client-metadata.js';
import { secretsEqual } from './constant-time.js';
import { InvalidClientMetadata, InvalidToken, TooManyRequests } from './errors.js';
import { newClientId, newOpaqueToken, type RandomBytes } from './random-tokens.js';
import { formatScope } from './scopes.js';

/** A registered client as stored. Its secret is kept only as a SHA-256 hash. */
export interface OAuthClient extends ClientMetadata {
  readonly clientId: string;
  /** Seconds since the epoch (RFC 7591 `client_id_issued_at`). */
  readonly clientIdIssuedAt: number;
  readonly clientSecretHash?: string;
  /** 'public': registered without a registration token; the consent page warns about such clients. */
  readonly registeredBy: 'registration-token' | 'public';
  /** SHA-256 of the RFC 7592 registration access token; absent for clients registered before it existed. */
  readonly registrationAccessTokenHash?: string;
  /**
   * The audiences (RFC 8693 `audience`/`resource`) this client may exchange a user's access token for,
   * set by an operator (`mcp-kubernetes admin clients allow-exchange`), never by the client itself.
   * Absent or empty: the client may not exchange tokens.
   */
  readonly tokenExchangeAudiences?: readonly string[];
}

/** The RFC 7591 §3.2.1 answer (201). `client_secret` appears here once and is never retrievable again. */
export interface ClientRegistrationResponse {
  readonly client_id: string;
  readonly client_secret?: string;
  readonly client_id_issued_at: number;
  readonly client_secret_expires_at: 0;
  readonly client_name?: string;
  readonly redirect_uris: readonly string[];
  readonly grant_types: readonly GrantType[];
  readonly response_types: readonly string[];
  readonly token_endpoint_auth_method: string;
  readonly scope?: string;
  /** RFC 7592 §3: the bearer token that reads, updates and deletes this registration. */
  readonly registration_access_token?: string;
}

export interface RegistrationRequest {
  /** The parsed JSON body. */
  readonly metadata: unknown;
  /** The bearer token of the `Authorization` header, if one was sent. */
  readonly registrationToken?: string;
  /** The client IP as the security layer determined it (never taken from the body). */
  readonly ipAddress: string;
}

export interface ClientRegistryOptions {
  /** The scopes the server offers (`--oauth-scopes`); a client may register a subset. */
  readonly allowedScopes: readonly string[];
  /** `--registration-token`; compared in constant time. */
  readonly registrationToken?: string;
  readonly allowPublicRegistration?: boolean;
  /** Registrations whose every redirect URI uses one of these schemes need no token (`cursor`). */
  readonly trustedPublicRegistrationSchemes?: readonly string[];
  /** `--max-clients-per-ip`, default 10, counted over `clientsPerIpWindowMs` (default 24 h). */
  readonly maxClientsPerIp?: number;
  readonly clientsPerIpWindowMs?: number;
  /** How long a registration lives in the store (default 365 days). */
  readonly clientLifetimeMs?: number;
  readonly now?: () => number;
  readonly randomBytes?: RandomBytes;
}

const DAY_MS = 86_400_000;

/** Dynamic client registration (RFC 7591) and the lookup of registered clients. */
export class ClientRegistry {
  private readonly clients: SealedCollection<OAuthClient>;
  private readonly now: () => number;

  constructor(
    private readonly vault: RecordVault,
    private readonly options: ClientRegistryOptions,
  ) {
    this.clients = vault.collection<OAuthClient>('client');
    this.now = options.now ?? Date.now;
  }

  /**
   * Registers a client: checks the registration token (or public registration), validates the metadata,
   * counts the client against its IP's cap, stores it. Throws InvalidToken (401), InvalidRedirectUri,
   * InvalidClientMetadata (400) or TooManyRequests (429).
   */
  async register(request: RegistrationRequest): Promise<ClientRegistrationResponse> {
    const tokenAccepted = this.acceptRegistrationToken(request.registrationToken);
    const metadata = validateClientMetadata(request.metadata, this.options.allowedScopes);
    const registeredBy = tokenAccepted ? 'registration-token' : 'public';
    if (!tokenAccepted) this.requirePublicRegistrationAllowed(metadata);
    await this.countClientOfIp(request.ipAddress);

    const clientSecret =
      metadata.tokenEndpointAuthMethod === 'none' ? undefined : newOpaqueToken(this.options.randomBytes);
    const registrationAccessToken = newOpaqueToken(this.options.randomBytes);
    const client: OAuthClient = {
      ...metadata,
      clientId: newClientId(this.options.randomBytes),
      clientIdIssuedAt: Math.floor(this.now() / 1000),
      registeredBy,
      ...(clientSecret === undefined ? {} : { clientSecretHash: secretKey(clientSecret) }),
      registrationAccessTokenHash: secretKey(registrationAccessToken),
    };
    await this.clients.put(client.clientId, client, this.lifetimeMs);
    return {
      ...registrationResponse(client, clientSecret),
      registration_access_token: registrationAccessToken,
    };
  }

  /**
   * RFC 7592 §2: the client this registration access token manages. An unknown client and a wrong token
   * get the same InvalidToken (401), so that the answer tells nothing about which client ids exist.
   */
  async requireManagedClient(clientId: string, token: string | undefined): Promise<OAuthClient> {
    const client = await this.find(clientId);
    const expected = client?.registrationAccessTokenHash;
    // Compared as hashes, in constant time: the store never held the token itself.
    if (!client || !expected || token === undefined || !secretsEqual(secretKey(token), expected)) {
      throw new InvalidToken('the registration access token is not valid for this client');
    }
    return client;
  }

  /**
   * RFC 7592 §2.2: replaces the client's metadata with `metadata` (validated like a registration, its
   * `client_id` must be this client's, a `client_secret` must be the current one); the id, the secret and
   * the registration access token stay. Throws InvalidClientMetadata or InvalidRedirectUri (400).
   */
  async update(client: OAuthClient, metadata: unknown): Promise<ClientRegistrationResponse> {
    const fields = (typeof metadata === 'object' && metadata !== null ? metadata : {}) as Record<
      string,
      unknown
    >;
    if (fields.client_id !== client.clientId) {
      throw new InvalidClientMetadata('client_id must be given, and be the id of this client');
    }
    const secret = fields.client_secret;
    if (
      secret !== undefined &&
      (typeof secret !== 'string' ||
        !client.clientSecretHash ||
        !secretsEqual(secretKey(secret), client.clientSecretHash))
    ) {
      throw new InvalidClientMetadata('client_secret must be left out, or be the current secret');
    }
    const { client_id: _id, client_secret: _secret, ...rest } = fields;
    const validated = validateClientMetadata(rest, this.options.allowedScopes);
    if (validated.tokenEndpointAuthMethod !== client.tokenEndpointAuthMethod) {
      throw new InvalidClientMetadata('token_endpoint_auth_method cannot be changed: register a new client');
    }
    if (client.registeredBy === 'public') this.requirePublicRegistrationAllowed(validated);
    const { scopes: _scopes, clientName: _name, ...kept } = client;
    const updated: OAuthClient = { ...kept, ...validated };
    await this.clients.put(client.clientId, updated, this.lifetimeMs);
    return registrationResponse(updated);
  }

  /** RFC 7592 §2.3: deletes the client; its grants, with their codes and tokens, go with it. */
  async delete(clientId: string, grants: { revokeAllOfClient(clientId: string): Promise<number> }) {
    await this.clients.delete(clientId);
    return grants.revokeAllOfClient(clientId);
  }

  /**
   * Sets the audiences a client may exchange tokens for (empty: none); each must be an absolute http(s)
   * URL without a fragment. Returns false for an unknown client.
   */
  async allowTokenExchange(clientId: string, audiences: readonly string[]): Promise<boolean> {
    const client = await this.find(clientId);
    if (!client) return false;
    const { tokenExchangeAudiences: _previous, ...rest } = client;
    const unique = [...new Set(audiences.map(requireAudienceUrl))];
    const updated: OAuthClient = unique.length > 0 ? { ...rest, tokenExchangeAudiences: unique } : rest;
    return this.clients.update(clientId, updated);
  }

  /** Every registered client (operators list them). */
  async list(): Promise<OAuthClient[]> {
    return (await this.clients.list()).map(({ value }) => value);
  }

  private get lifetimeMs(): number {
    return this.options.clientLifetimeMs ?? 365 * DAY_MS;
  }

  /** A registered client, or undefined. */
  async find(clientId: string): Promise<OAuthClient | undefined> {
    return (await this.clients.get(clientId))?.value;
  }

  /** Whether a bearer token is the registration token (its holder may introspect every token). */
  isRegistrationToken(token: string | undefined): boolean {
    const expected = this.options.registrationToken;
    return token !== undefined && expected !== undefined && secretsEqual(token, expected);
  }

  /** True when a configured token was presented; a wrong token is refused, never treated as public. */
  private acceptRegistrationToken(token: string | undefined): boolean {
    if (token === undefined || this.options.registrationToken === undefined) return false;
    if (!this.isRegistrationToken(token)) throw new InvalidToken('the registration token is not valid');
    return true;
  }

  private requirePublicRegistrationAllowed(metadata: ClientMetadata): void {
    if (this.options.allowPublicRegistration) return;
    const trusted = this.options.trustedPublicRegistrationSchemes ?? [];
    const allTrusted = metadata.redirectUris.every((uri) => trusted.includes(uri.slice(0, uri.indexOf(':'))));
    if (trusted.length > 0 && allTrusted) return;
    throw new InvalidToken('client registration requires a registration token');
  }

  private async countClientOfIp(ipAddress: string): Promise<void> {
    const limit = this.options.maxClientsPerIp ?? 10;
    const windowMs = this.options.clientsPerIpWindowMs ?? DAY_MS;
    // The IP is hashed: the store keeps no personal data in clear.
    const count = await this.vault.incrementBelow(`clients-of-ip:${secretKey(ipAddress)}`, limit, windowMs);
    if (count === undefined) {
      throw new TooManyRequests(
        `at most ${limit} clients may be registered from one address`,
        Math.ceil(windowMs / 1000),
      );
    }
  }
}

function requireAudienceUrl(audience: string): string {
  const url = URL.canParse(audience) ? new URL(audience) : undefined;
  if (!url || !['https:', 'http:'].includes(url.protocol) || url.hash !== '' || audience.includes('#')) {
    throw new InvalidClientMetadata(`a token exchange audience must be an absolute http(s) URL: ${audience}`);
  }
  return audience;
}

export function registrationResponse(client: OAuthClient, clientSecret?: string): ClientRegistrationResponse {
  return {
    client_id: client.clientId,
    ...(clientSecret === undefined ? {} : { client_secret: clientSecret }),
    client_id_issued_at: client.clientIdIssuedAt,
    client_secret_expires_at: 0,
    ...(client.clientName === undefined ? {} : { client_name: client.clientName }),
    redirect_uris: client.redirectUris,
    grant_types: client.grantTypes,
    response_types: client.responseTypes,
    token_endpoint_auth_method: client.tokenEndpointAuthMethod,
    ...(client.scopes === undefined ? {} : { scope: formatScope(client.scopes) }),
  };
}

import * as client from 'openid-client';
import { UpstreamIdentityRefused } from './errors.js';
import { acceptIdentity, audienceOf, type IdentityPolicy } from './identity-policy.js';
import { toUpstreamError } from './provider-errors.js';
import type {
  UpstreamAuthorizationRequest,
  UpstreamCodeExchange,
  UpstreamIdentity,
  UpstreamLogin,
  UpstreamProvider,
  UpstreamRefresh,
  UpstreamSubject,
  UpstreamTokens,
} from './types.js';

/** How a provider is asked for a refresh token: an extra scope, or extra parameters (Google). */
export type OfflineAccessRequest = (metadata: client.ServerMetadata) => {
  scopes: string[];
  parameters: Record<string, string>;
};

export interface OpenIdUpstreamOptions {
  provider: 'google' | 'oidc';
  issuerUrl: URL;
  clientId: string;
  clientSecret: string;
  policy: IdentityPolicy;
  offlineAccess: OfflineAccessRequest;
  timeoutSeconds?: number;
  now?: () => number;
  fetch?: client.CustomFetch;
}

/**
 * Discovers an OpenID provider and returns our upstream login through it: authorization code with
 * PKCE and nonce, ID tokens verified down to their signature, refresh with identity continuity.
 */
export async function discoverOpenIdUpstream(options: OpenIdUpstreamOptions): Promise<UpstreamProvider> {
  const config = await discover(options);
  const now = options.now ?? Date.now;
  const offline = options.offlineAccess(config.serverMetadata());

  function tokensOf(response: client.TokenEndpointResponse): UpstreamTokens {
    const expiresIn = response.expires_in;
    return {
      accessToken: response.access_token,
      ...(response.refresh_token ? { refreshToken: response.refresh_token } : {}),
      ...(response.id_token ? { idToken: response.id_token } : {}),
      ...(expiresIn !== undefined ? { accessTokenExpiresAt: now() + expiresIn * 1000 } : {}),
      ...(response.scope ? { scope: response.scope } : {}),
    };
  }

  return {
    provider: options.provider,
    issuer: config.serverMetadata().issuer,

    authorizationUrl(request: UpstreamAuthorizationRequest): URL {
      const scopes = new Set(['openid', ...request.scopes, ...offline.scopes]);
      return client.buildAuthorizationUrl(config, {
        response_type: 'code',
        redirect_uri: request.redirectUri,
        scope: [...scopes].join(' '),
        state: request.state,
        nonce: request.nonce,
        code_challenge: request.codeChallenge,
        code_challenge_method: 'S256',
        ...offline.parameters,
      });
    },

    async exchangeCode(exchange: UpstreamCodeExchange): Promise<UpstreamLogin> {
      let response: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;
      try {
        response = await client.authorizationCodeGrant(
          config,
          exchange.callbackUrl,
          {
            pkceCodeVerifier: exchange.codeVerifier,
            expectedNonce: exchange.expectedNonce,
            expectedState: exchange.expectedState,
            idTokenExpected: true,
          },
          { redirect_uri: exchange.redirectUri },
        );
      } catch (error) {
        throw toUpstreamError(error);
      }
      const claims = { ...response.claims() } as Record<string, unknown>;
      const identity = acceptIdentity(claims, options.policy);
      return { identity, claims, tokens: { ...tokensOf(response), idToken: response.id_token ?? '' } };
    },

    async refresh(refreshToken: string, previous: UpstreamSubject): Promise<UpstreamRefresh> {
      let response: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;
      try {
        response = await client.refreshTokenGrant(config, refreshToken);
      } catch (error) {
        throw toUpstreamError(error);
      }
      const tokens = { refreshToken, ...tokensOf(response) };
      const claims = response.claims();
      if (!claims) return { tokens };
      const identity = acceptIdentity({ ...claims }, options.policy);
      requireSameSubject(previous, identity);
      return { tokens, identity };
    },
  };
}

async function discover(options: OpenIdUpstreamOptions): Promise<client.Configuration> {
  const insecure = options.issuerUrl.protocol === 'http:';
  try {
    return await client.discovery(
      options.issuerUrl,
      options.clientId,
      undefined,
      clientAuthenticationFor(options.clientSecret),
      {
        ...(options.fetch ? { [client.customFetch]: options.fetch } : {}),
        timeout: options.timeoutSeconds ?? 10,
        execute: [
          ...(insecure ? [client.allowInsecureRequests] : []),
          // Without this, ID tokens from the token endpoint are trusted on TLS alone.
          client.enableNonRepudiationChecks,
        ],
      },
    );
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`OpenID discovery failed for ${options.issuerUrl.href}: ${detail}`, { cause: error });
  }
}

/** client_secret_post works with most providers; use Basic where the provider offers only that. */
function clientAuthenticationFor(clientSecret: string): client.ClientAuth {
  const post = client.ClientSecretPost(clientSecret);
  const basic = client.ClientSecretBasic(clientSecret);
  return (server, ...rest) => {
    const methods = server.token_endpoint_auth_methods_supported;
    const basicOnly = methods?.includes('client_secret_basic') && !methods.includes('client_secret_post');
    (basicOnly ? basic : post)(server, ...rest);
  };
}

/** A refreshed ID token that names another person, issuer or client must never replace the login's. */
function requireSameSubject(previous: UpstreamSubject, next: UpstreamIdentity): void {
  const sameAudience = sameMembers(audienceOf(previous.audience), next.audience);
  if (next.issuer !== previous.issuer || next.subject !== previous.subject || !sameAudience) {
    throw new UpstreamIdentityRefused(
      'identity_changed',
      'the refreshed ID token names another issuer, subject or audience than the login',
    );
  }
}

function sameMembers(left: string[], right: string[]): boolean {
  return left.length === right.length && left.every((member) => right.includes(member));
}

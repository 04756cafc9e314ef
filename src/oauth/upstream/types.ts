import type { CustomFetch } from 'openid-client';

/** Settings shared by every upstream identity provider. */
interface UpstreamProviderSettings {
  clientId: string;
  clientSecret: string;
  /** Domains (lower case) whose people may log in; empty or absent: everyone. */
  allowedEmailDomains?: string[];
  /** Insecure: accept addresses the provider does not say it verified (some providers never say). */
  allowUnverifiedEmail?: boolean;
  /** Seconds before an upstream HTTP request is abandoned. Default 10. */
  timeoutSeconds?: number;
  /** Milliseconds since the epoch; for tests. */
  now?: () => number;
  /** Replaces the HTTP client; for tests that need to alter a provider's answers. */
  fetch?: CustomFetch;
}

export interface GoogleProviderConfig extends UpstreamProviderSettings {
  provider: 'google';
  /** Test only: an issuer standing in for https://accounts.google.com (http allowed on loopback). */
  testIssuerOverride?: string;
}

export interface OidcProviderConfig extends UpstreamProviderSettings {
  provider: 'oidc';
  /** Found by discovery; https, or http on a loopback host. */
  issuerUrl: string;
  /** PEM file of the certificate authority that signs the provider's TLS certificate. */
  caFile?: string;
}

export type UpstreamProviderConfig = GoogleProviderConfig | OidcProviderConfig;

export interface UpstreamAuthorizationRequest {
  /** Our upstream state, bound to the browser by the caller. */
  state: string;
  nonce: string;
  /** S256 challenge of the code verifier the caller keeps for the exchange. */
  codeChallenge: string;
  /** The upstream scopes to ask for; `openid` and the provider's offline-access request are added. */
  scopes: string[];
  /** Our callback URL, exactly as registered at the provider. */
  redirectUri: string;
}

export interface UpstreamCodeExchange {
  /** The full URL of the callback request as it arrived (code, state, iss or error in its query). */
  callbackUrl: URL;
  /** Our callback URL as sent in the authorization request; the query of `callbackUrl` is not part of it. */
  redirectUri: string;
  codeVerifier: string;
  expectedNonce: string;
  /** The state stored for this login; the callback's `state` must equal it. */
  expectedState: string;
}

/** Who the provider says logged in, after our identity rules accepted them. */
export interface UpstreamIdentity {
  issuer: string;
  subject: string;
  audience: string[];
  email: string;
  emailVerified: boolean;
  name?: string;
  groups?: string[];
  /** Google's hosted domain (Workspace organisation). */
  hostedDomain?: string;
}

/** What identifies a login for as long as its grant lives: a refreshed ID token must keep all three. */
export type UpstreamSubject = Pick<UpstreamIdentity, 'issuer' | 'subject' | 'audience'>;

export interface UpstreamTokens {
  accessToken: string;
  /** Absent when the provider gave none (no offline access). */
  refreshToken?: string;
  /** Absent when the answer had no ID token: never fill it from an earlier answer. */
  idToken?: string;
  /** Milliseconds since the epoch; absent when the provider did not say. */
  accessTokenExpiresAt?: number;
  scope?: string;
}

export interface UpstreamLogin {
  identity: UpstreamIdentity;
  /** The verified ID token claims, for the rare caller that needs more than `identity`. */
  claims: Record<string, unknown>;
  tokens: UpstreamTokens & { idToken: string };
}

export interface UpstreamRefresh {
  tokens: UpstreamTokens;
  /** Present only when the answer carried a new ID token (verified, same subject as before). */
  identity?: UpstreamIdentity;
}

/** One upstream identity provider, already discovered. Errors are `UpstreamError`s. */
export interface UpstreamProvider {
  readonly provider: 'google' | 'oidc';
  readonly issuer: string;
  authorizationUrl(request: UpstreamAuthorizationRequest): URL;
  exchangeCode(exchange: UpstreamCodeExchange): Promise<UpstreamLogin>;
  /**
   * Refreshes the upstream tokens of one grant. An answer without a new refresh token keeps
   * `refreshToken` (providers such as Google do not rotate); one without an ID token has none.
   */
  refresh(refreshToken: string, previous: UpstreamSubject): Promise<UpstreamRefresh>;
}

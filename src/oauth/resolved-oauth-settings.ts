import type { Secret } from '../config/index.js';

// The OAuth settings as the server uses them, after flags, variables and files were read and checked.

export interface GoogleUpstreamSettings {
  provider: 'google';
  clientId: string;
  clientSecret: Secret;
}

export interface OidcUpstreamSettings {
  provider: 'oidc';
  issuerUrl: string;
  clientId: string;
  clientSecret: Secret;
  caFile?: string;
}

/** The OAuth server's settings, validated and fitted together. Secrets print as `[redacted]`. */
export interface OAuthSettings {
  /** The issuer, without a trailing slash: `https://mcp.example.com` or `https://example.com/k8s`. */
  baseUrl: string;
  upstream: GoogleUpstreamSettings | OidcUpstreamSettings;
  scopes: string[];
  allowedEmailDomains: string[];
  allowUnverifiedEmail: boolean;
  registrationToken?: Secret;
  allowPublicRegistration: boolean;
  trustedPublicRegistrationSchemes: string[];
  maxClientsPerIp: number;
  allowInsecureAuthWithoutState: boolean;
  enableCimd: boolean;
  accessTokenTtlMs: number;
  refreshTokenTtlMs: number;
  /** `--refresh-token-reuse-grace`: 0 makes every reuse of a refresh token revoke its login. */
  refreshTokenReuseGraceMs: number;
  brandingFile?: string;
  encryptionKey?: Secret<Buffer>;
  previousEncryptionKey?: Secret<Buffer>;
}

export interface OAuthSettingsResolution {
  /** Undefined when --enable-oauth is off. */
  settings: OAuthSettings | undefined;
  /** Insecure or risky choices, to be printed at start-up. */
  warnings: string[];
}

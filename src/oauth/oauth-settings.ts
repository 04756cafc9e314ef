import type { Secret } from '../config/secret.js';
import { parseSettings } from '../config/setting-flags.js';
import { type OAuthOptionKey, oauthFlags, oauthOptionsSchema, type RawOAuthOptions } from './oauth-flags.js';
import { OAuthSettingsResolver } from './oauth-settings-resolver.js';

export {
  GOOGLE_DEFAULT_SCOPES,
  OAUTH_PROVIDERS,
  type OAuthOptionKey,
  type OAuthOptions,
  OIDC_DEFAULT_SCOPES,
  oauthFlags,
  oauthOptionsSchema,
  oauthSettingDeclarations,
  type RawOAuthOptions,
} from './oauth-flags.js';

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

/** Settings that do not fit; each problem names its flag and says what to do. */
export class OAuthSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'OAuthSettingsError';
  }
}

/**
 * Resolves the OAuth settings from flag values (`raw`, keys in camelCase, as the command line gave them)
 * and the environment: a flag wins over its variable, a secret's `--x-file` over nothing. Throws
 * OAuthSettingsError listing every problem. Reads secret files; never puts a secret in a message.
 */
export function resolveOAuthSettings(
  raw: RawOAuthOptions,
  env: Readonly<Record<string, string | undefined>>,
): OAuthSettingsResolution {
  const options = parseSettings(oauthOptionsSchema, oauthFlags, raw, env, OAuthSettingsError);
  const warnings: string[] = [];
  if (!options.enableOauth) return { settings: undefined, warnings };
  const givenOnCommandLine = (key: OAuthOptionKey) => raw[key] !== undefined;
  const report = { problems: [], warnings };
  const settings = new OAuthSettingsResolver(options, givenOnCommandLine, report).settings();
  if (report.problems.length > 0) throw new OAuthSettingsError(report.problems);
  return { settings, warnings };
}

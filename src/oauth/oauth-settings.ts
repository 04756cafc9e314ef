import { readFileSync } from 'node:fs';
import * as z from 'zod';
import {
  booleanOption,
  choiceOption,
  type FlagDetails,
  flagTable,
  type GroupFlag,
  integerOption,
  listOption,
  optionsSchema,
  parseFlagValues,
  secretOption,
  textOption,
} from '../config/flag-group.js';
import { Secret } from '../config/secret.js';
import { EncryptionKeyError, parseEncryptionKey } from '../storage/encryption.js';
import { isLoopbackAddress } from './ip-ranges.js';

/** What the CLI, the environment and the docs need to know about one OAuth flag. */
export type OAuthFlag = GroupFlag<OAuthOptionKey>;

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(?:0|(?:\d+[smhd])+)$/;

/** `90d`, `1h`, `30m`, `1h30m` as people write lifetimes; milliseconds in code. */
export function parseLifetime(text: string): number | undefined {
  const trimmed = text.trim();
  if (!DURATION.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)([smhd])/g)) {
    total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  }
  return total;
}

function lifetimeOption(defaultText: string, minMs: number, maxMs: number, help: string) {
  const maxText = maxMs >= DAY_MS ? `${maxMs / DAY_MS}d` : `${maxMs / 1000}s`;
  const wanted = `takes a duration such as 30m, 1h or 90d, from ${minMs / 1000}s to ${maxText}`;
  const schema = z
    .union([z.number(), z.string()], { error: wanted })
    .transform((raw, context) => {
      const ms = typeof raw === 'number' ? raw : parseLifetime(raw);
      if (ms !== undefined && ms >= minMs && ms <= maxMs) return ms;
      context.addIssue({ code: 'custom', message: `${wanted}, got ${JSON.stringify(raw)}` });
      return z.NEVER;
    })
    .default(parseLifetime(defaultText) as number);
  const flag: FlagDetails = { help, kind: 'value', placeholder: 'duration', default: defaultText };
  return { schema, flag };
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const options = {
  enableOauth: booleanOption(
    'serve the OAuth 2.1 authorization server and require tokens on the MCP endpoint',
  ),
  oauthBaseUrl: textOption(
    'url',
    'public URL of this server, the OAuth issuer (https; http only on localhost/127.0.0.1/[::1])',
  ),
  oauthProvider: choiceOption(
    ['google', 'oidc'],
    'google',
    'where people log in: google or any OpenID provider',
  ),
  googleClientId: textOption(
    'id',
    'OAuth client id of the Google Cloud "Web application" client',
    'GOOGLE_CLIENT_ID',
  ),
  googleClientSecret: secretOption(
    'its client secret (prefer the variable or the file)',
    'GOOGLE_CLIENT_SECRET',
  ),
  googleClientSecretFile: textOption(
    'path',
    'file holding the Google client secret',
    'GOOGLE_CLIENT_SECRET_FILE',
  ),
  oidcIssuerUrl: textOption(
    'url',
    'issuer of the OpenID provider, found by discovery (https; http only on loopback)',
    'OIDC_ISSUER_URL',
  ),
  oidcClientId: textOption('id', 'client id registered at the OpenID provider', 'OIDC_CLIENT_ID'),
  oidcClientSecret: secretOption('its client secret (prefer the variable or the file)', 'OIDC_CLIENT_SECRET'),
  oidcClientSecretFile: textOption('path', 'file holding the OIDC client secret', 'OIDC_CLIENT_SECRET_FILE'),
  oidcCaFile: textOption(
    'path',
    'PEM file of a private CA that signs the OpenID provider certificate',
    'OIDC_CA_FILE',
  ),
  oauthScopes: listOption(
    'scopes',
    'scopes clients may ask for, passed on to the identity provider',
    'google: openid,email,profile,cloud-platform (+ userinfo.email, userinfo.profile); oidc: openid,email,profile',
  ),
  allowedEmailDomains: listOption(
    'domains',
    'only people of these domains may log in (Google: the hd claim of Workspace accounts)',
  ),
  allowUnverifiedEmail: booleanOption(
    'INSECURE: accept email addresses the provider does not say it verified',
  ),
  registrationToken: secretOption('bearer token required by POST /oauth/register', 'REGISTRATION_TOKEN'),
  registrationTokenFile: textOption('path', 'file holding the registration token', 'REGISTRATION_TOKEN_FILE'),
  allowPublicRegistration: booleanOption(
    'INSECURE: let anyone register clients without the registration token',
  ),
  trustedPublicRegistrationSchemes: listOption(
    'schemes',
    'clients whose redirect URIs all use these custom schemes (e.g. cursor,vscode) register without the token',
  ),
  maxClientsPerIp: integerOption(10, 1, 100_000, 'clients one IP address may register per day'),
  allowInsecureAuthWithoutState: booleanOption(
    'INSECURE: accept authorization requests without state (weakens CSRF protection)',
  ),
  enableCimd: booleanOption('accept Client ID Metadata Documents: https URLs as client ids'),
  accessTokenTtl: lifetimeOption('1h', 10_000, DAY_MS, 'lifetime of access tokens'),
  refreshTokenTtl: lifetimeOption('90d', HOUR_MS, 365 * DAY_MS, 'lifetime of a login (its refresh tokens)'),
  refreshTokenReuseGrace: lifetimeOption(
    '10s',
    0,
    60_000,
    'a client retrying a refresh within this time gets the same new tokens again (0: any reuse revokes)',
  ),
  oauthBrandingFile: textOption('path', 'JSON file with the look and texts of the consent and success pages'),
  oauthEncryptionKey: secretOption(
    'base64 of 32 bytes: AES-256-GCM key for tokens at rest (openssl rand -base64 32)',
    'OAUTH_ENCRYPTION_KEY',
  ),
  oauthEncryptionKeyFile: textOption('path', 'file holding the encryption key', 'OAUTH_ENCRYPTION_KEY_FILE'),
  oauthEncryptionKeyPrevious: secretOption(
    'the key used before a rotation: records sealed with it still open',
    'OAUTH_ENCRYPTION_KEY_PREVIOUS',
  ),
};

export type OAuthOptionKey = keyof typeof options;

/** Every OAuth flag in `--help` order: the CLI and docs/oauth.md are generated from it. */
export const flags: readonly OAuthFlag[] = flagTable(options);

/** The OAuth flags' values, each parsed on its own; `resolveOAuthSettings` checks how they fit together. */
export const oauthOptionsSchema = optionsSchema(options);

export type OAuthOptions = z.output<typeof oauthOptionsSchema>;
/** Values as flags give them (strings, booleans); every key optional. */
export type RawOAuthOptions = Partial<Record<OAuthOptionKey, string | boolean | number | string[]>>;

export const GOOGLE_DEFAULT_SCOPES = [
  'openid',
  'email',
  'profile',
  'https://www.googleapis.com/auth/cloud-platform',
  // The long names of email and profile, as the reference documentation's examples register them.
  'https://www.googleapis.com/auth/userinfo.email',
  'https://www.googleapis.com/auth/userinfo.profile',
];
export const OIDC_DEFAULT_SCOPES = ['openid', 'email', 'profile'];

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

const flagOf = (key: OAuthOptionKey) => flags.find((flag) => flag.key === key) as OAuthFlag;

/**
 * Resolves the OAuth settings from flag values (`raw`, keys in camelCase, as the command line gave them)
 * and the environment: a flag wins over its variable, a secret's `--x-file` over nothing. Throws
 * OAuthSettingsError listing every problem. Reads secret files; never puts a secret in a message.
 */
export function resolveOAuthSettings(
  raw: RawOAuthOptions,
  env: Readonly<Record<string, string | undefined>>,
): OAuthSettingsResolution {
  const options = parseFlagValues(oauthOptionsSchema, flags, raw, env, OAuthSettingsError);
  const warnings: string[] = [];
  if (!options.enableOauth) return { settings: undefined, warnings };
  const givenOnCommandLine = (key: OAuthOptionKey) => raw[key] !== undefined;
  const resolver = new SettingsResolver(options, givenOnCommandLine, warnings);
  const settings = resolver.settings();
  if (resolver.problems.length > 0) throw new OAuthSettingsError(resolver.problems);
  return { settings, warnings };
}

const CUSTOM_SCHEME = /^[a-z][a-z0-9+.-]*$/;
const NOT_CUSTOM_SCHEMES = new Set([
  'http',
  'https',
  'javascript',
  'data',
  'file',
  'vbscript',
  'about',
  'ftp',
  'blob',
]);
const DOMAIN = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** The cross-flag rules of start-up, collecting every problem before failing. */
class SettingsResolver {
  readonly problems: string[] = [];

  constructor(
    private readonly options: OAuthOptions,
    private readonly onCommandLine: (key: OAuthOptionKey) => boolean,
    private readonly warnings: string[],
  ) {}

  settings(): OAuthSettings {
    const o = this.options;
    const baseUrl = this.baseUrl();
    const upstream = o.oauthProvider === 'google' ? this.google() : this.oidc();
    const registrationToken = this.secret('registrationToken', 'registrationTokenFile');
    this.requireRegistrationPath(registrationToken);
    const encryptionKey = this.encryptionKey('oauthEncryptionKey', 'oauthEncryptionKeyFile');
    const previousEncryptionKey = this.encryptionKey('oauthEncryptionKeyPrevious');
    if (previousEncryptionKey && !encryptionKey) {
      this.problems.push(
        '--oauth-encryption-key-previous needs --oauth-encryption-key (the new key) as well',
      );
    }
    this.warnAboutInsecureChoices(baseUrl, encryptionKey);
    if (o.refreshTokenTtl < o.accessTokenTtl) {
      this.problems.push('--refresh-token-ttl must not be shorter than --access-token-ttl');
    }
    const defaultScopes = o.oauthProvider === 'google' ? GOOGLE_DEFAULT_SCOPES : OIDC_DEFAULT_SCOPES;
    return {
      baseUrl,
      upstream,
      scopes: o.oauthScopes.length > 0 ? o.oauthScopes : defaultScopes,
      allowedEmailDomains: this.emailDomains(),
      allowUnverifiedEmail: o.allowUnverifiedEmail,
      ...(registrationToken ? { registrationToken } : {}),
      allowPublicRegistration: o.allowPublicRegistration,
      trustedPublicRegistrationSchemes: this.trustedSchemes(),
      maxClientsPerIp: o.maxClientsPerIp,
      allowInsecureAuthWithoutState: o.allowInsecureAuthWithoutState,
      enableCimd: o.enableCimd,
      accessTokenTtlMs: o.accessTokenTtl,
      refreshTokenTtlMs: o.refreshTokenTtl,
      refreshTokenReuseGraceMs: o.refreshTokenReuseGrace,
      ...(o.oauthBrandingFile ? { brandingFile: o.oauthBrandingFile } : {}),
      ...(encryptionKey ? { encryptionKey } : {}),
      ...(previousEncryptionKey ? { previousEncryptionKey } : {}),
    };
  }

  private baseUrl(): string {
    const text = this.options.oauthBaseUrl;
    if (text === undefined) {
      this.problems.push(
        '--oauth-base-url is required with --enable-oauth: the public URL clients reach this server at, ' +
          'e.g. --oauth-base-url=https://mcp.example.com',
      );
      return '';
    }
    const url = URL.canParse(text) ? new URL(text) : undefined;
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      this.problems.push(`--oauth-base-url must be an absolute http(s) URL, got ${JSON.stringify(text)}`);
      return '';
    }
    if (url.search || url.hash || url.username || url.password) {
      this.problems.push(
        '--oauth-base-url must not have a query, a fragment or credentials (it is the issuer)',
      );
    }
    if (url.protocol === 'http:' && !isLoopbackHostname(url.hostname)) {
      this.problems.push(
        `OAuth 2.1 requires HTTPS: --oauth-base-url ${url.origin} is plain http on a host that is not loopback. ` +
          'Use an https URL (TLS here or at a reverse proxy); http is accepted only for localhost, 127.0.0.1 ' +
          'and [::1] during development',
      );
    }
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  }

  private google(): GoogleUpstreamSettings {
    const clientId = this.options.googleClientId;
    const clientSecret = this.secret('googleClientSecret', 'googleClientSecretFile');
    if (clientId === undefined || !this.given('googleClientSecret', 'googleClientSecretFile')) {
      this.problems.push(
        'Google OAuth credentials were not found: set --google-client-id and --google-client-secret ' +
          '(or GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET, or --google-client-secret-file), from the ' +
          '"Web application" OAuth client in the Google Cloud console, or use --oauth-provider=oidc',
      );
    }
    return { provider: 'google', clientId: clientId ?? '', clientSecret: clientSecret ?? new Secret('') };
  }

  private oidc(): OidcUpstreamSettings {
    const { oidcIssuerUrl: issuerUrl, oidcClientId: clientId, oidcCaFile: caFile } = this.options;
    const clientSecret = this.secret('oidcClientSecret', 'oidcClientSecretFile');
    if (issuerUrl === undefined) {
      this.problems.push(
        '--oidc-issuer-url (or OIDC_ISSUER_URL) is required with --oauth-provider=oidc: the issuer of your ' +
          'OpenID provider, e.g. https://dex.example.com or https://login.microsoftonline.com/<tenant>/v2.0',
      );
    } else {
      this.checkIssuerUrl(issuerUrl);
    }
    if (clientId === undefined || !this.given('oidcClientSecret', 'oidcClientSecretFile')) {
      this.problems.push(
        'OIDC client credentials were not found: set --oidc-client-id and --oidc-client-secret (or ' +
          'OIDC_CLIENT_ID and OIDC_CLIENT_SECRET, or --oidc-client-secret-file) from the client you ' +
          'registered at the provider',
      );
    }
    return {
      provider: 'oidc',
      issuerUrl: issuerUrl ?? '',
      clientId: clientId ?? '',
      clientSecret: clientSecret ?? new Secret(''),
      ...(caFile ? { caFile } : {}),
    };
  }

  private checkIssuerUrl(issuerUrl: string): void {
    const url = URL.canParse(issuerUrl) ? new URL(issuerUrl) : undefined;
    if (url?.protocol === 'https:') return;
    if (url?.protocol === 'http:' && isLoopbackHostname(url.hostname)) return;
    this.problems.push(
      `--oidc-issuer-url must be an https URL (http only on loopback), got ${JSON.stringify(issuerUrl)}`,
    );
  }

  /** Whether a secret was given at all (a wrong file is reported by `secret`, not as a missing secret). */
  private given(key: OAuthOptionKey, fileKey: OAuthOptionKey): boolean {
    return this.options[key] !== undefined || this.options[fileKey] !== undefined;
  }

  /** A secret from its flag or variable, or from the file its `-file` flag names; never both. */
  private secret(key: OAuthOptionKey, fileKey?: OAuthOptionKey): Secret | undefined {
    const value = this.options[key] as string | undefined;
    const file = fileKey === undefined ? undefined : (this.options[fileKey] as string | undefined);
    const { name, env } = flagOf(key);
    if (value !== undefined && file !== undefined) {
      this.problems.push(`give ${name} (or ${env}) or ${flagOf(fileKey as OAuthOptionKey).name}, not both`);
      return undefined;
    }
    if (value !== undefined) {
      if (this.onCommandLine(key)) {
        this.warnings.push(
          `${name} on the command line is visible to other users of this machine (ps, /proc): ` +
            `prefer ${env} or a file`,
        );
      }
      return new Secret(value);
    }
    if (file === undefined) return undefined;
    try {
      const content = readFileSync(file, 'utf8').trim();
      if (content !== '') return new Secret(content);
      this.problems.push(`${flagOf(fileKey as OAuthOptionKey).name} ${file} is empty`);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      this.problems.push(`${flagOf(fileKey as OAuthOptionKey).name} ${file} cannot be read (${reason})`);
    }
    return undefined;
  }

  private encryptionKey(key: OAuthOptionKey, fileKey?: OAuthOptionKey): Secret<Buffer> | undefined {
    const text = this.secret(key, fileKey);
    if (!text) return undefined;
    try {
      return new Secret(parseEncryptionKey(text.reveal(), flagOf(key).name));
    } catch (error) {
      if (!(error instanceof EncryptionKeyError)) throw error;
      this.problems.push(error.message);
      return undefined;
    }
  }

  private requireRegistrationPath(registrationToken: Secret | undefined): void {
    const o = this.options;
    if (registrationToken || o.allowPublicRegistration || o.trustedPublicRegistrationSchemes.length > 0)
      return;
    this.problems.push(
      '--registration-token (or REGISTRATION_TOKEN, or --registration-token-file) is required: clients ' +
        'register at /oauth/register with it. Generate one with `openssl rand -hex 32`; or allow ' +
        'registration without it for some custom schemes (--trusted-public-registration-schemes=cursor,vscode) ' +
        'or for everyone (--allow-public-registration, insecure)',
    );
  }

  private emailDomains(): string[] {
    const domains = this.options.allowedEmailDomains.map((domain) => domain.toLowerCase());
    for (const domain of domains.filter((candidate) => !DOMAIN.test(candidate))) {
      this.problems.push(
        `--allowed-email-domains takes domain names such as example.com, got ${JSON.stringify(domain)}`,
      );
    }
    return domains;
  }

  private trustedSchemes(): string[] {
    const schemes = this.options.trustedPublicRegistrationSchemes.map((scheme) =>
      scheme.replace(/:\/*$/, ''),
    );
    for (const scheme of schemes) {
      if (!CUSTOM_SCHEME.test(scheme) || NOT_CUSTOM_SCHEMES.has(scheme)) {
        this.problems.push(
          `--trusted-public-registration-schemes takes custom URI schemes such as cursor or vscode, ` +
            `got ${JSON.stringify(scheme)}`,
        );
      }
    }
    return schemes;
  }

  private warnAboutInsecureChoices(baseUrl: string, encryptionKey: Secret<Buffer> | undefined): void {
    const o = this.options;
    if (o.allowPublicRegistration) {
      this.warnings.push('--allow-public-registration: anyone can register OAuth clients (insecure)');
    }
    if (o.allowInsecureAuthWithoutState) {
      this.warnings.push(
        '--allow-insecure-auth-without-state: authorization requests without state are accepted',
      );
    }
    if (o.allowUnverifiedEmail) {
      this.warnings.push(
        '--allow-unverified-email: email addresses the provider did not verify are accepted',
      );
    }
    const loopback = URL.canParse(baseUrl) && isLoopbackHostname(new URL(baseUrl).hostname);
    if (!encryptionKey && !loopback) {
      this.warnings.push(
        'no --oauth-encryption-key: upstream tokens are stored unencrypted; set OAUTH_ENCRYPTION_KEY ' +
          '(openssl rand -base64 32)',
      );
    }
  }
}

function isLoopbackHostname(hostname: string): boolean {
  return hostname === 'localhost' || isLoopbackAddress(hostname);
}

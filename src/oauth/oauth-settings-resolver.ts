import { flagOf, readSecret, Secret, type SettingsReport } from '../config/index.js';
import { isLoopbackHost } from '../net/index.js';
import { EncryptionKeyError, parseEncryptionKey } from '../storage/index.js';
import {
  GOOGLE_DEFAULT_SCOPES,
  type OAuthOptionKey,
  type OAuthOptions,
  OIDC_DEFAULT_SCOPES,
  oauthFlags,
} from './oauth-flags.js';
import type {
  GoogleUpstreamSettings,
  OAuthSettings,
  OidcUpstreamSettings,
} from './resolved-oauth-settings.js';

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
export class OAuthSettingsResolver {
  private readonly problems: string[];
  private readonly warnings: string[];

  constructor(
    private readonly options: OAuthOptions,
    private readonly onCommandLine: (key: OAuthOptionKey) => boolean,
    report: SettingsReport,
  ) {
    this.problems = report.problems;
    this.warnings = report.warnings;
  }

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
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
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
    if (url?.protocol === 'http:' && isLoopbackHost(url.hostname)) return;
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
    const source = {
      flag: flagOf(oauthFlags, key),
      value: this.options[key] as string | undefined,
      onCommandLine: this.onCommandLine(key),
      ...(fileKey
        ? { file: { flag: flagOf(oauthFlags, fileKey), path: this.options[fileKey] as string | undefined } }
        : {}),
    };
    return readSecret(source, { problems: this.problems, warnings: this.warnings });
  }

  private encryptionKey(key: OAuthOptionKey, fileKey?: OAuthOptionKey): Secret<Buffer> | undefined {
    const text = this.secret(key, fileKey);
    if (!text) return undefined;
    try {
      return new Secret(parseEncryptionKey(text.reveal(), flagOf(oauthFlags, key).name));
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
    const loopback = URL.canParse(baseUrl) && isLoopbackHost(new URL(baseUrl).hostname);
    if (!encryptionKey && !loopback) {
      this.warnings.push(
        'no --oauth-encryption-key: upstream tokens are stored unencrypted; set OAUTH_ENCRYPTION_KEY ' +
          '(openssl rand -base64 32)',
      );
    }
  }
}

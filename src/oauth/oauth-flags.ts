import type * as z from 'zod';
import {
  booleanSetting,
  COMMAS_OR_WHITESPACE,
  choiceSetting,
  lifetimeSetting,
  listSetting,
  numberSetting,
  type SettingFlag,
  secretSetting,
  secretWithFileSettings,
  settingFlags,
  settingsSchema,
  textSetting,
} from '../config/index.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const OAUTH_PROVIDERS = ['google', 'oidc'] as const;

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

/**
 * The OAuth server's settings as flags and variables; `resolveOAuthSettings` reads them with the
 * environment and checks how they fit together.
 */
export const oauthSettingDeclarations = {
  enableOauth: booleanSetting(false, {
    description: 'serve the OAuth 2.1 authorization server and require tokens on the MCP endpoint',
  }),
  oauthBaseUrl: textSetting({
    description:
      'public URL of this server, the OAuth issuer (https; http only on localhost/127.0.0.1/[::1])',
    placeholder: 'url',
  }),
  oauthProvider: choiceSetting(OAUTH_PROVIDERS, 'google', {
    description: 'where people log in: google or any OpenID provider',
    placeholder: OAUTH_PROVIDERS.join('|'),
  }),
  googleClientId: textSetting({
    description: 'OAuth client id of the Google Cloud "Web application" client',
    placeholder: 'id',
    env: 'GOOGLE_CLIENT_ID',
  }),
  ...secretWithFileSettings('googleClientSecret', {
    description: 'its client secret (prefer the variable or the file)',
    env: 'GOOGLE_CLIENT_SECRET',
    fileDescription: 'file holding the Google client secret',
  }),
  oidcIssuerUrl: textSetting({
    description: 'issuer of the OpenID provider, found by discovery (https; http only on loopback)',
    placeholder: 'url',
    env: 'OIDC_ISSUER_URL',
  }),
  oidcClientId: textSetting({
    description: 'client id registered at the OpenID provider',
    placeholder: 'id',
    env: 'OIDC_CLIENT_ID',
  }),
  ...secretWithFileSettings('oidcClientSecret', {
    description: 'its client secret (prefer the variable or the file)',
    env: 'OIDC_CLIENT_SECRET',
    fileDescription: 'file holding the OIDC client secret',
  }),
  oidcCaFile: textSetting({
    description: 'PEM file of a private CA that signs the OpenID provider certificate',
    placeholder: 'path',
    env: 'OIDC_CA_FILE',
  }),
  oauthScopes: listSetting(
    {
      description:
        "the identity provider's scopes clients may ask for, passed on to it (ours, kubernetes:*, are always offered)",
      placeholder: 'scopes',
    },
    {
      separator: COMMAS_OR_WHITESPACE,
      whenAbsent:
        'google: openid,email,profile,cloud-platform (+ userinfo.email, userinfo.profile); oidc: openid,email,profile',
    },
  ),
  allowedEmailDomains: listSetting(
    {
      description: 'only people of these domains may log in (Google: the hd claim of Workspace accounts)',
      placeholder: 'domains',
    },
    { separator: COMMAS_OR_WHITESPACE },
  ),
  allowUnverifiedEmail: booleanSetting(false, {
    description: 'INSECURE: accept email addresses the provider does not say it verified',
  }),
  ...secretWithFileSettings('registrationToken', {
    description: 'bearer token required by POST /oauth/register',
    env: 'REGISTRATION_TOKEN',
    fileDescription: 'file holding the registration token',
  }),
  allowPublicRegistration: booleanSetting(false, {
    description: 'INSECURE: let anyone register clients without the registration token',
  }),
  trustedPublicRegistrationSchemes: listSetting(
    {
      description:
        'clients whose redirect URIs all use these custom schemes (e.g. cursor,vscode) register without the token',
      placeholder: 'schemes',
    },
    { separator: COMMAS_OR_WHITESPACE },
  ),
  maxClientsPerIp: numberSetting(
    10,
    { min: 1, max: 100_000, integer: true },
    { description: 'clients one IP address may register per day', placeholder: 'n' },
  ),
  allowInsecureAuthWithoutState: booleanSetting(false, {
    description: 'INSECURE: accept authorization requests without state (weakens CSRF protection)',
  }),
  enableCimd: booleanSetting(false, {
    description: 'accept Client ID Metadata Documents: https URLs as client ids',
  }),
  accessTokenTtl: lifetimeSetting(
    '1h',
    { min: 10_000, max: DAY_MS },
    { description: 'lifetime of access tokens' },
  ),
  refreshTokenTtl: lifetimeSetting(
    '90d',
    { min: HOUR_MS, max: 365 * DAY_MS },
    { description: 'lifetime of a login (its refresh tokens)' },
  ),
  refreshTokenReuseGrace: lifetimeSetting(
    '10s',
    { min: 0, max: 60_000 },
    {
      description:
        'a client retrying a refresh within this time gets the same new tokens again (0: any reuse revokes)',
    },
  ),
  oauthBrandingFile: textSetting({
    description: 'JSON file with the look and texts of the consent and success pages',
    placeholder: 'path',
  }),
  ...secretWithFileSettings('oauthEncryptionKey', {
    description: 'base64 of 32 bytes: AES-256-GCM key for tokens at rest (openssl rand -base64 32)',
    env: 'OAUTH_ENCRYPTION_KEY',
    fileDescription: 'file holding the encryption key',
  }),
  oauthEncryptionKeyPrevious: secretSetting({
    description: 'the key used before a rotation: records sealed with it still open',
    env: 'OAUTH_ENCRYPTION_KEY_PREVIOUS',
  }),
};

export type OAuthOptionKey = keyof typeof oauthSettingDeclarations;

/** Every OAuth flag in `--help` order: the CLI and docs/oauth.md are generated from it. */
export const oauthFlags: readonly SettingFlag[] = settingFlags(oauthSettingDeclarations);

/** The OAuth flags' values, each parsed on its own; `resolveOAuthSettings` checks how they fit together. */
export const oauthOptionsSchema = settingsSchema(oauthSettingDeclarations);

export type OAuthOptions = z.output<typeof oauthOptionsSchema>;
/** Values as flags give them (strings, booleans); every key optional. */
export type RawOAuthOptions = Partial<Record<OAuthOptionKey, string | boolean | number | string[]>>;

export * from './authorization-codes.js';
export * from './client-authentication.js';
export * from './client-metadata.js';
export * from './clients.js';
export { secretsEqual } from './constant-time.js';
export * from './errors.js';
export * from './lifetimes.js';
export * from './login-states.js';
export {
  type OAuthSettings,
  OAuthSettingsError,
  oauthFlags,
  type RawOAuthOptions,
  resolveOAuthSettings,
} from './oauth-settings.js';
export * from './pkce.js';
export * from './principal.js';
export * from './random-tokens.js';
export * from './redirect-uris.js';
export * from './resource-indicators.js';
export * from './scopes.js';
export { refusalRecord } from './security-events.js';
export * from './tokens.js';
export type { UpstreamCredential } from './upstream-credential.js';
export * from './upstream-grants.js';

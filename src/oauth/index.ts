// The face of src/oauth/ that any folder may load, `serve` over stdio included: its settings, and what
// the resource server (src/auth/) shares with it. The authorization server itself is ./http.ts.
export { bearerTokenOf } from './client-authentication.js';
export { ClientRegistry, type OAuthClient } from './clients.js';
export { secretsEqual } from './constant-time.js';
export { DPOP_SIGNING_ALGORITHMS } from './dpop-algorithms.js';
export {
  InsufficientScope,
  InvalidRequest,
  InvalidToken,
  isDpopRefusal,
  isOAuthError,
  type OAuthError,
  TemporarilyUnavailable,
} from './errors.js';
export * from './kubernetes-scopes.js';
export {
  type OAuthSettings,
  OAuthSettingsError,
  oauthFlags,
  type RawOAuthOptions,
  resolveOAuthSettings,
} from './oauth-settings.js';
export type { Principal } from './principal.js';
export { formatScope } from './scopes.js';
export { refusalRecord } from './security-events.js';
export type { TokenPresentation } from './sender-constraint.js';
export { type Actor, actorChain } from './token-records.js';
export type { UpstreamCredential } from './upstream-credential.js';
export { type UpstreamGrant, UpstreamGrants } from './upstream-grants.js';

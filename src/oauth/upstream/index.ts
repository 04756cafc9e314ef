import { createGoogleProvider } from './google.js';
import { createOidcProvider } from './oidc.js';
import type { UpstreamProvider, UpstreamProviderConfig } from './types.js';

export {
  type RefusalReason,
  UpstreamError,
  UpstreamIdentityRefused,
  type UpstreamOAuthError,
  UpstreamProviderFailed,
} from './errors.js';
export { GOOGLE_ISSUER } from './google.js';
export { refreshFailureIsPermanent } from './provider-errors.js';
export type * from './types.js';

/** Discovers the configured identity provider; rejects with a message naming the issuer when it cannot. */
export async function createUpstreamProvider(config: UpstreamProviderConfig): Promise<UpstreamProvider> {
  return config.provider === 'google' ? createGoogleProvider(config) : createOidcProvider(config);
}

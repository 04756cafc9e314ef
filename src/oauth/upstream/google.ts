import { identityPolicy } from './identity-policy.js';
import { parseIssuerUrl } from './issuer-transport.js';
import { discoverOpenIdUpstream, type OfflineAccessRequest } from './openid-upstream.js';
import type { GoogleProviderConfig, UpstreamProvider } from './types.js';

export const GOOGLE_ISSUER = 'https://accounts.google.com';

/** Google gives a refresh token only for access_type=offline, and on a repeat login only with consent. */
const googleOfflineAccess: OfflineAccessRequest = () => ({
  scopes: [],
  parameters: { access_type: 'offline', prompt: 'consent' },
});

export async function createGoogleProvider(config: GoogleProviderConfig): Promise<UpstreamProvider> {
  const issuer = config.testIssuerOverride ?? GOOGLE_ISSUER;
  return discoverOpenIdUpstream({
    ...config,
    provider: 'google',
    issuerUrl: parseIssuerUrl(issuer, 'the Google issuer override'),
    policy: identityPolicy(config, 'hosted-domain-claim'),
    offlineAccess: googleOfflineAccess,
  });
}

import { identityPolicy } from './identity-policy.js';
import { fetchTrustingCa, parseIssuerUrl } from './issuer-transport.js';
import { discoverOpenIdUpstream, type OfflineAccessRequest } from './openid-upstream.js';
import type { OidcProviderConfig, UpstreamProvider } from './types.js';

/**
 * Standard OpenID Connect asks for a refresh token with the offline_access scope; a provider whose
 * discovery lists its scopes without offline_access would refuse the request, so it is not asked.
 */
const oidcOfflineAccess: OfflineAccessRequest = (metadata) => {
  const advertised = metadata.scopes_supported;
  const supported = advertised === undefined || advertised.includes('offline_access');
  return { scopes: supported ? ['offline_access'] : [], parameters: {} };
};

export async function createOidcProvider(config: OidcProviderConfig): Promise<UpstreamProvider> {
  const fetch = config.fetch ?? (config.caFile ? fetchTrustingCa(config.caFile) : undefined);
  return discoverOpenIdUpstream({
    ...config,
    ...(fetch ? { fetch } : {}),
    provider: 'oidc',
    issuerUrl: parseIssuerUrl(config.issuerUrl, '--oidc-issuer-url'),
    policy: identityPolicy(config, 'email-address'),
    offlineAccess: oidcOfflineAccess,
  });
}

import type { RequestHandler } from 'express';
import { DPOP_SIGNING_ALGORITHMS } from '../dpop-algorithms.js';
import { offeredScopes } from '../kubernetes-scopes.js';
import type { OAuthContext } from '../oauth-context.js';

/**
 * RFC 9728 protected resource metadata for one of our resource identifiers. `resource` is the URL the
 * document's location was derived from (§3.3): `<base><endpoint>` at
 * /.well-known/oauth-protected-resource<endpoint>, `<base>` at the root document.
 */
export function protectedResourceMetadataEndpoint(context: OAuthContext, resource: string): RequestHandler {
  const document = {
    resource,
    authorization_servers: [context.urls.issuer],
    scopes_supported: offeredScopes(context.settings.scopes),
    bearer_methods_supported: ['header'],
    // RFC 9449 §5.1: DPoP-bound tokens are accepted with these proofs (and Bearer tokens as before).
    dpop_signing_alg_values_supported: DPOP_SIGNING_ALGORITHMS,
    resource_name: 'mcp-kubernetes',
  };
  return (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(document);
  };
}

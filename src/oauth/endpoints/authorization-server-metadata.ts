import type { RequestHandler } from 'express';
import { TOKEN_ENDPOINT_AUTH_METHODS } from '../client-metadata.js';
import { DPOP_SIGNING_ALGORITHMS } from '../dpop-algorithms.js';
import { offeredScopes } from '../kubernetes-scopes.js';
import type { OAuthContext } from '../oauth-context.js';
import { SUPPORTED_GRANT_TYPES } from './token.js';

/**
 * RFC 8414 authorization server metadata. Deliberately not served as /.well-known/openid-configuration:
 * we are no OpenID provider, and a partial OpenID document breaks clients that read it as one.
 */
export function authorizationServerMetadata(context: OAuthContext): Record<string, unknown> {
  const { urls, settings } = context;
  const clientAuthMethods = [...TOKEN_ENDPOINT_AUTH_METHODS];
  const confidentialAuthMethods = clientAuthMethods.filter((method) => method !== 'none');
  return {
    issuer: urls.issuer,
    authorization_endpoint: urls.authorize,
    token_endpoint: urls.token,
    registration_endpoint: urls.register,
    revocation_endpoint: urls.revoke,
    introspection_endpoint: urls.introspect,
    scopes_supported: offeredScopes(settings.scopes),
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: SUPPORTED_GRANT_TYPES,
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: clientAuthMethods,
    revocation_endpoint_auth_methods_supported: clientAuthMethods,
    // Public clients cannot introspect: anyone knows their id (the registration token also works).
    introspection_endpoint_auth_methods_supported: confidentialAuthMethods,
    authorization_response_iss_parameter_supported: true,
    dpop_signing_alg_values_supported: DPOP_SIGNING_ALGORITHMS,
    ...(settings.enableCimd ? { client_id_metadata_document_supported: true } : {}),
  };
}

export function authorizationServerMetadataEndpoint(context: OAuthContext): RequestHandler {
  const document = authorizationServerMetadata(context);
  return (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(document);
  };
}

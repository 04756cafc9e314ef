/**
 * The DPoP proof algorithms we verify (RFC 9449 `dpop_signing_alg_values_supported`): asymmetric ones
 * jose verifies cheaply; `none` and HMAC are never accepted. Apart from the verification, so that the
 * resource server's challenge can name them without loading jose.
 */
export const DPOP_SIGNING_ALGORITHMS = ['ES256', 'ES384', 'EdDSA', 'RS256', 'PS256'];

export type { AccessTokenVerifier, VerifiedAccessToken } from './access-token-verifier.js';
export { type BearerOptions, refuseBearer, requireBearerToken } from './bearer-middleware.js';
export { principalOf, type RequestPrincipal } from './request-principal.js';
export { sessionOwnerMatches, sessionOwnerOf } from './session-owner.js';
export { type BearerChallenge, bearerChallenge } from './www-authenticate.js';

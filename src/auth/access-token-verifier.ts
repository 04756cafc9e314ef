import type { Principal, TokenPresentation } from '../oauth/index.js';

/** A bearer token that passed verification: who is behind it, and the login (grant) it belongs to. */
export interface VerifiedAccessToken {
  readonly principal: Principal;
  readonly grantId: string;
}

/**
 * What the resource server needs of an authorization server: one question, as the MCP SDK's
 * `OAuthTokenVerifier` asks it, with how the token was presented (Bearer, or DPoP with its proof). Rejects with an OAuthError (InvalidToken) for a token that is not
 * ours, expired, revoked, or bound to another resource; with StoreUnavailableError when it cannot tell.
 */
export interface AccessTokenVerifier {
  verifyAccessToken(token: string, presentation: TokenPresentation): Promise<VerifiedAccessToken>;
}

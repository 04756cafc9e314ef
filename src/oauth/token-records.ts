import type { OAuthClient } from './clients.js';

/**
 * Who acts for the token's subject (RFC 8693 §4.1 `act`): the client that exchanged a token of the
 * subject for this one, itself perhaps acting for an earlier actor (nested, most recent outermost).
 */
export interface Actor {
  readonly clientId: string;
  readonly act?: Actor;
}

/** What an access or refresh token stands for. Times are milliseconds since the epoch. */
export interface TokenRecord {
  readonly clientId: string;
  readonly subject: string;
  readonly scopes: readonly string[];
  /** The audience (RFC 8707): the token is accepted only by this resource. */
  readonly resource: string;
  readonly grantId: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** Set on tokens issued by a token exchange (RFC 8693): who acts for the subject. */
  readonly actor?: Actor;
  /** RFC 9449 `cnf.jkt`: the thumbprint of the DPoP key every use of the token must prove. */
  readonly jkt?: string;
}

/** The token endpoint's JSON answer (RFC 6749 §5.1); send it with `Cache-Control: no-store`. */
export interface TokenResponse {
  readonly access_token: string;
  /** `DPoP` when the access token is bound to a DPoP key (RFC 9449 §5). */
  readonly token_type: 'Bearer' | 'DPoP';
  readonly expires_in: number;
  readonly refresh_token?: string;
  readonly scope: string;
  /** RFC 8693 §2.2.1: in the answers of a token exchange. */
  readonly issued_token_type?: string;
}

/**
 * A refresh grant's answer, and whom it is for: the token endpoint sends all but `subject` and
 * `retriedWithinGrace` (audit only).
 */
export interface RefreshedTokens extends TokenResponse {
  readonly subject: string;
  /** The answer repeats the one an earlier use of the same refresh token received (the grace window). */
  readonly retriedWithinGrace?: boolean;
}

/** What a revocation revoked: a refresh token takes its grant along. */
export interface RevokedToken {
  readonly type: 'access' | 'refresh';
  readonly subject: string;
}

/** RFC 8693 §4.1 `act`, as introspection shows it: the actor's client id, nested. */
export interface ActClaim {
  readonly client_id: string;
  readonly act?: ActClaim;
}

/** The introspection answer (RFC 7662 §2.2). */
export type IntrospectionResponse =
  | { readonly active: false }
  | {
      readonly active: true;
      readonly scope: string;
      readonly client_id: string;
      readonly sub: string;
      readonly exp: number;
      readonly iat: number;
      readonly aud: string;
      readonly iss: string;
      readonly token_type: 'Bearer' | 'DPoP' | 'refresh_token';
      readonly act?: ActClaim;
      readonly cnf?: { readonly jkt: string };
    };

/** Who asks to introspect: an authenticated client sees only its own tokens. */
export type IntrospectionViewer = { readonly clientId: string } | 'registration-token-holder';

export interface RefreshRequest {
  readonly refreshToken: string;
  /** The authenticated client. */
  readonly client: OAuthClient;
  /** `scope` of the request: at most the scopes of the original grant (RFC 6749 §6). */
  readonly scope?: string;
  readonly resource?: string;
  /** The thumbprint of the request's valid DPoP proof, if it had one. */
  readonly jkt?: string;
}

export function actClaimOf(actor: Actor): ActClaim {
  return { client_id: actor.clientId, ...(actor.act ? { act: actClaimOf(actor.act) } : {}) };
}

/** The actor chain as the audit log writes it: client ids, the most recent actor first. */
export function actorChain(actor: Actor): string[] {
  return [actor.clientId, ...(actor.act ? actorChain(actor.act) : [])];
}

import { InvalidToken } from './errors.js';
import { effectiveScopes } from './kubernetes-scopes.js';
import type { Actor } from './token-records.js';
import type { TokenService } from './tokens.js';
import type { UpstreamGrant, UpstreamGrants } from './upstream-grants.js';

/** The person behind an MCP request, as tools receive it. */
export interface Principal {
  readonly subject: string;
  readonly email?: string;
  readonly groups: readonly string[];
  readonly scopes: readonly string[];
  readonly clientId: string;
  /** Set when a client acts for the person with an exchanged token (RFC 8693 `act`). */
  readonly actor?: Actor;
}

/** A verified bearer: the principal, and the grant whose upstream tokens may reach the cluster. */
export interface AuthenticatedBearer {
  readonly principal: Principal;
  readonly grant: UpstreamGrant;
  /** The DPoP key the token is bound to, whose proof the request must carry. */
  readonly jkt?: string;
}

/**
 * The resource server's check of an `Authorization: Bearer` token: ours, alive, for one of
 * `acceptedResources`, and its grant not revoked. Throws InvalidToken otherwise.
 */
export async function authenticateBearer(
  token: string,
  acceptedResources: readonly string[],
  services: { readonly tokens: TokenService; readonly grants: UpstreamGrants },
): Promise<AuthenticatedBearer> {
  const record = await services.tokens.verifyAccessToken(token, acceptedResources);
  const grant = await services.grants.get(record.grantId);
  if (!grant) throw new InvalidToken('the access token was revoked');
  const { subject, email, groups } = grant.identity;
  return {
    principal: {
      subject,
      ...(email === undefined ? {} : { email }),
      groups,
      scopes: effectiveScopes(record.scopes),
      clientId: record.clientId,
      ...(record.actor ? { actor: record.actor } : {}),
    },
    grant,
    ...(record.jkt ? { jkt: record.jkt } : {}),
  };
}

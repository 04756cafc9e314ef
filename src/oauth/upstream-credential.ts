import { InvalidGrant, InvalidToken } from './errors.js';
import type { UpstreamGrant, UpstreamGrants, UpstreamRefresher } from './upstream-grants.js';

/** Which upstream token stands for the user downstream: OIDC clusters take the ID token, GKE either. */
export type UpstreamTokenKind = 'id-token' | 'access-token';

/** A user's current upstream token, alive for at least the refresh margin. */
export interface UpstreamCredential {
  readonly token: string;
  /** Milliseconds since the epoch; undefined when the provider did not say. */
  readonly expiresAt?: number;
}

/**
 * The upstream token of a grant for use downstream, refreshed first when it is about to expire (once
 * per grant however many calls ask, the refreshed tokens stored as every grant is). Throws InvalidToken
 * when the login is over for good (grant gone, refresh refused, or the provider gives no such token):
 * the client must log the user in again. A temporary failure of the provider passes through.
 */
export async function upstreamCredentialOf(
  grantId: string,
  kind: UpstreamTokenKind,
  services: {
    readonly grants: UpstreamGrants;
    readonly refresher: UpstreamRefresher;
    readonly now: () => number;
  },
): Promise<UpstreamCredential> {
  let grant: UpstreamGrant;
  try {
    grant = await services.grants.refreshUpstreamOnce(grantId, services.refresher);
  } catch (error) {
    if (error instanceof InvalidGrant) throw new InvalidToken(error.description);
    throw error;
  }
  const credential = credentialOf(grant, kind);
  if (!credential || (credential.expiresAt !== undefined && credential.expiresAt <= services.now())) {
    throw new InvalidToken(`the identity provider gave no current ${kind.replace('-', ' ')}; log in again`);
  }
  return credential;
}

function credentialOf(grant: UpstreamGrant, kind: UpstreamTokenKind): UpstreamCredential | undefined {
  const { accessToken, expiresAt, idToken, idTokenExpiresAt } = grant.upstream;
  if (kind === 'access-token')
    return { token: accessToken, ...(expiresAt === undefined ? {} : { expiresAt }) };
  if (idToken === undefined) return undefined;
  return { token: idToken, ...(idTokenExpiresAt === undefined ? {} : { expiresAt: idTokenExpiresAt }) };
}

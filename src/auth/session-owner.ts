import { type Principal, secretsEqual } from '../oauth/index.js';

/** What an MCP session is bound to when `initialize` creates it: the subject of the token. */
export function sessionOwnerOf(principal: Principal): string {
  return principal.subject;
}

/**
 * Whether a request's principal may use a session: the session's owner must be the same person. A
 * session without an owner, or a request without a principal, never matches: with OAuth on, both exist.
 */
export function sessionOwnerMatches(
  sessionOwner: string | undefined,
  principal: Principal | undefined,
): boolean {
  return (
    sessionOwner !== undefined &&
    principal !== undefined &&
    secretsEqual(sessionOwner, sessionOwnerOf(principal))
  );
}

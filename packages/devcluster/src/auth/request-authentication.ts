import type { IncomingHttpHeaders } from 'node:http';
import type { UserInfo } from '../types.js';

export type TokenAuthenticator = (token: string) => Promise<UserInfo | undefined>;

export const AUTHENTICATED_GROUP = 'system:authenticated';

function withAuthenticatedGroup(user: UserInfo): UserInfo {
  if (user.groups.includes(AUTHENTICATED_GROUP)) return user;
  return { ...user, groups: [...user.groups, AUTHENTICATED_GROUP] };
}

export function staticTokenAuthenticator(tokens: Map<string, UserInfo>): TokenAuthenticator {
  return async (token) => tokens.get(token);
}

export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/**
 * Runs the authenticators in order, as kube-apiserver's union authenticator does. Every
 * authenticated user is in system:authenticated; no valid credential means undefined (401).
 */
export function createRequestAuthenticator(authenticators: TokenAuthenticator[]) {
  return async (headers: IncomingHttpHeaders): Promise<UserInfo | undefined> => {
    const token = bearerToken(headers);
    if (!token) return undefined;
    for (const authenticate of authenticators) {
      const user = await authenticate(token);
      if (user) return withAuthenticatedGroup(user);
    }
    return undefined;
  };
}

import { createHash } from 'node:crypto';

/** A person who can sign in at the development identity provider. */
export interface DevUser {
  email: string;
  name: string;
  groups?: string[];
  /** Defaults to true; false lets tests prove that unverified addresses are refused. */
  emailVerified?: boolean;
  /** Google's hosted-domain claim, for accounts of a Google Workspace organisation. */
  hd?: string;
}

/** The users of `mcp-kubernetes dev`. */
export const DEMO_USERS: readonly DevUser[] = [
  { email: 'alice@example.com', name: 'Alice Example', groups: ['developers'] },
  { email: 'bob@example.com', name: 'Bob Example', groups: ['viewers'] },
  { email: 'admin@example.com', name: 'Admin Example', groups: ['cluster-admins'] },
];

/** A stable subject that does not reveal the address (subjects end up in logs, addresses must not). */
export function devUserSubject(user: DevUser): string {
  return createHash('sha256').update(user.email.toLowerCase()).digest('base64url').slice(0, 22);
}

export function devUserClaims(user: DevUser): Record<string, unknown> {
  return {
    sub: devUserSubject(user),
    email: user.email,
    email_verified: user.emailVerified ?? true,
    name: user.name,
    ...(user.groups ? { groups: user.groups } : {}),
    ...(user.hd ? { hd: user.hd } : {}),
  };
}

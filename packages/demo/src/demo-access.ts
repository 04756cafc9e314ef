import { DEMO_USERS, type DevUser } from '@mcp-kubernetes/devidp';

/** What the default seed's RBAC lets each demo user do, in words for the banner and the README. */
const ACCESS_BY_EMAIL: Record<string, string> = {
  'alice@example.com': 'edit in namespace team-a, nothing elsewhere',
  'bob@example.com': 'view everything except secrets, in every namespace',
  'admin@example.com': 'cluster-admin: anything',
};

export interface DemoAccount {
  user: DevUser;
  access: string;
}

export function demoAccounts(): DemoAccount[] {
  return DEMO_USERS.map((user) => ({ user, access: ACCESS_BY_EMAIL[user.email] ?? 'no access' }));
}

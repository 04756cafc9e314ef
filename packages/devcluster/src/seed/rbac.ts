// Who may do what in the demo: one user per kind of access, named as the `email` username claim names them.
import type { KubeObject } from '../types.js';
import { objectMeta } from './object-meta.js';

export const DEMO_USERS = {
  /** May edit team-a, and nothing else. */
  alice: 'alice@example.com',
  /** May read everything except secrets, everywhere. */
  bob: 'bob@example.com',
  /** May do anything. */
  admin: 'admin@example.com',
} as const;

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function bindingBody(clusterRole: string, user: string) {
  return {
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: clusterRole },
    subjects: [{ apiGroup: RBAC_GROUP, kind: 'User', name: user }],
  };
}

function clusterRoleBinding(name: string, clusterRole: string, user: string, created: Date): KubeObject {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: objectMeta({ name, created }),
    ...bindingBody(clusterRole, user),
  };
}

function roleBinding(
  namespace: string,
  name: string,
  clusterRole: string,
  user: string,
  created: Date,
): KubeObject {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'RoleBinding',
    metadata: objectMeta({ name, namespace, created }),
    ...bindingBody(clusterRole, user),
  };
}

/** The bindings only; the bootstrap ClusterRoles they name (edit, view, cluster-admin) come from elsewhere. */
export function demoBindings(created: Date): KubeObject[] {
  return [
    roleBinding('team-a', 'alice-edit', 'edit', DEMO_USERS.alice, created),
    clusterRoleBinding('bob-view', 'view', DEMO_USERS.bob, created),
    clusterRoleBinding('admin-cluster-admin', 'cluster-admin', DEMO_USERS.admin, created),
  ];
}

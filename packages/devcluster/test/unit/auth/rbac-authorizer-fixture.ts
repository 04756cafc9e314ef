// Shared by the RBAC authorizer's unit tests: builders for roles and bindings, the demo users, and an
// authorizer over the bootstrap policy plus the demo bindings they are tested against.
import { bootstrapPolicy } from '../../../src/auth/bootstrap-policy.js';
import { createRbacAuthorizer, type RbacSource } from '../../../src/auth/rbac-authorizer.js';
import {
  nonResourceRequestAttributes,
  resourceRequestAttributes,
} from '../../../src/auth/request-attributes.js';
import type { KubeObject, RequestAttributes, UserInfo } from '../../../src/types.js';

export const rbacGroup = 'rbac.authorization.k8s.io';

export function sourceFrom(objects: KubeObject[]): RbacSource {
  const ofKind = (kind: string) => objects.filter((object) => object.kind === kind);
  return {
    roles: (namespace) => ofKind('Role').filter((role) => role.metadata.namespace === namespace),
    roleBindings: (namespace) =>
      ofKind('RoleBinding').filter((binding) => binding.metadata.namespace === namespace),
    clusterRoles: () => ofKind('ClusterRole'),
    clusterRoleBindings: () => ofKind('ClusterRoleBinding'),
  };
}

export function roleBinding(
  namespace: string,
  name: string,
  roleRef: { kind: string; name: string },
  subjects: Record<string, string>[],
): KubeObject {
  return {
    apiVersion: `${rbacGroup}/v1`,
    kind: 'RoleBinding',
    metadata: { name, namespace },
    roleRef: { apiGroup: rbacGroup, ...roleRef },
    subjects,
  };
}

export function clusterRoleBinding(
  name: string,
  role: string,
  subjects: Record<string, string>[],
): KubeObject {
  return {
    apiVersion: `${rbacGroup}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: rbacGroup, kind: 'ClusterRole', name: role },
    subjects,
  };
}

export function role(namespace: string, name: string, rules: Record<string, string[]>[]): KubeObject {
  return { apiVersion: `${rbacGroup}/v1`, kind: 'Role', metadata: { name, namespace }, rules };
}

export const alice: UserInfo = { username: 'alice@example.com', groups: ['system:authenticated'] };
export const bob: UserInfo = { username: 'bob@example.com', groups: ['system:authenticated'] };
export const admin: UserInfo = { username: 'admin', groups: ['system:masters', 'system:authenticated'] };
export const carol: UserInfo = { username: 'carol@example.com', groups: ['system:authenticated'] };
export const dave: UserInfo = { username: 'dave@example.com', groups: ['system:authenticated'] };
export const anonymous: UserInfo = { username: 'system:anonymous', groups: ['system:unauthenticated'] };

export const demoObjects: KubeObject[] = [
  ...bootstrapPolicy(),
  roleBinding('team-a', 'alice-edit', { kind: 'ClusterRole', name: 'edit' }, [
    { apiGroup: rbacGroup, kind: 'User', name: 'alice@example.com' },
  ]),
  clusterRoleBinding('view-bob', 'view', [{ apiGroup: rbacGroup, kind: 'User', name: 'bob@example.com' }]),
  roleBinding('team-a', 'dave-admin', { kind: 'ClusterRole', name: 'admin' }, [
    { apiGroup: rbacGroup, kind: 'User', name: 'dave@example.com' },
  ]),
  role('team-a', 'app-config-reader', [
    { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'] },
  ]),
  role('team-a', 'scaler', [{ verbs: ['get', 'update'], apiGroups: ['apps'], resources: ['*/scale'] }]),
  roleBinding('team-a', 'carol-config', { kind: 'Role', name: 'app-config-reader' }, [
    { kind: 'User', name: 'carol@example.com' },
  ]),
  roleBinding('team-a', 'carol-scaler', { kind: 'Role', name: 'scaler' }, [
    { kind: 'User', name: 'carol@example.com' },
  ]),
  role('ci', 'pod-reader', [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }]),
  roleBinding('ci', 'deployer-pods', { kind: 'Role', name: 'pod-reader' }, [
    { kind: 'ServiceAccount', name: 'deployer' },
  ]),
  clusterRoleBinding('deployer-everywhere', 'view', [{ kind: 'ServiceAccount', name: 'deployer' }]),
];

export const authorizer = createRbacAuthorizer(sourceFrom(demoObjects));

export function resourceRequest(
  user: UserInfo,
  verb: string,
  resource: string,
  options: Partial<RequestAttributes> = {},
): RequestAttributes {
  return { ...resourceRequestAttributes(user, { verb, apiVersion: 'v1', resource }), ...options };
}

export const pathRequest = nonResourceRequestAttributes;

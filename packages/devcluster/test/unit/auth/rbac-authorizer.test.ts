import { describe, expect, it } from 'vitest';
import { bootstrapPolicy } from '../../../src/auth/bootstrap-policy.js';
import { createRbacAuthorizer, type RbacSource } from '../../../src/auth/rbac-authorizer.js';
import {
  nonResourceRequestAttributes,
  resourceRequestAttributes,
} from '../../../src/auth/request-attributes.js';
import type { KubeObject, RequestAttributes, UserInfo } from '../../../src/types.js';

const rbacGroup = 'rbac.authorization.k8s.io';

function sourceFrom(objects: KubeObject[]): RbacSource {
  const ofKind = (kind: string) => objects.filter((object) => object.kind === kind);
  return {
    roles: (namespace) => ofKind('Role').filter((role) => role.metadata.namespace === namespace),
    roleBindings: (namespace) =>
      ofKind('RoleBinding').filter((binding) => binding.metadata.namespace === namespace),
    clusterRoles: () => ofKind('ClusterRole'),
    clusterRoleBindings: () => ofKind('ClusterRoleBinding'),
  };
}

function roleBinding(
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

function clusterRoleBinding(name: string, role: string, subjects: Record<string, string>[]): KubeObject {
  return {
    apiVersion: `${rbacGroup}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: rbacGroup, kind: 'ClusterRole', name: role },
    subjects,
  };
}

function role(namespace: string, name: string, rules: Record<string, string[]>[]): KubeObject {
  return { apiVersion: `${rbacGroup}/v1`, kind: 'Role', metadata: { name, namespace }, rules };
}

const alice: UserInfo = { username: 'alice@example.com', groups: ['system:authenticated'] };
const bob: UserInfo = { username: 'bob@example.com', groups: ['system:authenticated'] };
const admin: UserInfo = { username: 'admin', groups: ['system:masters', 'system:authenticated'] };
const carol: UserInfo = { username: 'carol@example.com', groups: ['system:authenticated'] };
const dave: UserInfo = { username: 'dave@example.com', groups: ['system:authenticated'] };
const anonymous: UserInfo = { username: 'system:anonymous', groups: ['system:unauthenticated'] };

const demoObjects: KubeObject[] = [
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

const authorizer = createRbacAuthorizer(sourceFrom(demoObjects));

function resourceRequest(
  user: UserInfo,
  verb: string,
  resource: string,
  options: Partial<RequestAttributes> = {},
): RequestAttributes {
  return { ...resourceRequestAttributes(user, { verb, apiVersion: 'v1', resource }), ...options };
}

const pathRequest = nonResourceRequestAttributes;

describe('a user bound to edit by a RoleBinding', () => {
  it('may list pods in that namespace, and the reason names the binding as the real authorizer does', () => {
    expect(authorizer.authorize(resourceRequest(alice, 'list', 'pods', { namespace: 'team-a' }))).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by RoleBinding "alice-edit/team-a" of ClusterRole "edit" to User "alice@example.com"',
    });
  });

  it('may create deployments in that namespace', () => {
    const attrs = resourceRequest(alice, 'create', 'deployments', { apiGroup: 'apps', namespace: 'team-a' });
    expect(authorizer.authorize(attrs).allowed).toBe(true);
  });

  it('may not list pods in another namespace, with an empty reason', () => {
    expect(authorizer.authorize(resourceRequest(alice, 'list', 'pods', { namespace: 'team-b' }))).toEqual({
      allowed: false,
      reason: '',
    });
  });

  it('may not list pods across all namespaces', () => {
    expect(authorizer.authorize(resourceRequest(alice, 'list', 'pods')).allowed).toBe(false);
  });

  it('may not create roles or rolebindings, because edit grants nothing in the RBAC group', () => {
    for (const resource of ['roles', 'rolebindings']) {
      const attrs = resourceRequest(alice, 'create', resource, { apiGroup: rbacGroup, namespace: 'team-a' });
      expect(authorizer.authorize(attrs).allowed).toBe(false);
    }
  });

  it('may read secrets and exec into pods, which view does not allow', () => {
    expect(
      authorizer.authorize(resourceRequest(alice, 'get', 'secrets', { namespace: 'team-a' })).allowed,
    ).toBe(true);
    const exec = resourceRequest(alice, 'create', 'pods', {
      namespace: 'team-a',
      subresource: 'exec',
      name: 'web',
    });
    expect(authorizer.authorize(exec).allowed).toBe(true);
  });
});

describe('a user bound to admin by a RoleBinding', () => {
  it('may create roles and rolebindings in that namespace only', () => {
    for (const resource of ['roles', 'rolebindings']) {
      const inside = resourceRequest(dave, 'create', resource, { apiGroup: rbacGroup, namespace: 'team-a' });
      const outside = resourceRequest(dave, 'create', resource, { apiGroup: rbacGroup, namespace: 'team-b' });
      expect(authorizer.authorize(inside).allowed).toBe(true);
      expect(authorizer.authorize(outside).allowed).toBe(false);
    }
  });

  it('inherits edit and view through aggregation', () => {
    const createPod = resourceRequest(dave, 'create', 'pods', { namespace: 'team-a' });
    const readLog = resourceRequest(dave, 'get', 'pods', {
      namespace: 'team-a',
      subresource: 'log',
      name: 'web',
    });
    expect(authorizer.authorize(createPod).allowed).toBe(true);
    expect(authorizer.authorize(readLog).allowed).toBe(true);
  });
});

describe('a user bound to view by a ClusterRoleBinding', () => {
  it('may get pods in every namespace and list them cluster-wide', () => {
    for (const namespace of ['team-a', 'team-b', 'kube-system']) {
      expect(authorizer.authorize(resourceRequest(bob, 'get', 'pods', { namespace, name: 'web-1' }))).toEqual(
        {
          allowed: true,
          reason:
            'RBAC: allowed by ClusterRoleBinding "view-bob" of ClusterRole "view" to User "bob@example.com"',
        },
      );
    }
    expect(authorizer.authorize(resourceRequest(bob, 'list', 'pods')).allowed).toBe(true);
  });

  it('may not delete pods', () => {
    const attrs = resourceRequest(bob, 'delete', 'pods', { namespace: 'team-a', name: 'web-1' });
    expect(authorizer.authorize(attrs).allowed).toBe(false);
  });

  it('may neither get nor list secrets', () => {
    const get = resourceRequest(bob, 'get', 'secrets', { namespace: 'team-a', name: 'db' });
    const list = resourceRequest(bob, 'list', 'secrets', { namespace: 'team-a' });
    expect(authorizer.authorize(get).allowed).toBe(false);
    expect(authorizer.authorize(list).allowed).toBe(false);
  });

  it('may read pod logs through the pods/log entry', () => {
    const attrs = resourceRequest(bob, 'get', 'pods', {
      namespace: 'team-b',
      subresource: 'log',
      name: 'web-1',
    });
    expect(authorizer.authorize(attrs).allowed).toBe(true);
  });

  it('may not read a subresource view does not list, such as pods/exec', () => {
    const attrs = resourceRequest(bob, 'get', 'pods', {
      namespace: 'team-b',
      subresource: 'exec',
      name: 'web-1',
    });
    expect(authorizer.authorize(attrs).allowed).toBe(false);
  });
});

describe('the system:masters group', () => {
  it('may do anything, with the empty reason of the privileged-group authorizer', () => {
    const requests = [
      resourceRequest(admin, 'delete', 'nodes', { name: 'node-1' }),
      resourceRequest(admin, 'escalate', 'clusterroles', { apiGroup: rbacGroup }),
      resourceRequest(admin, 'get', 'secrets', { namespace: 'kube-system', name: 'anything' }),
      pathRequest(admin, 'post', '/no/such/path'),
    ];
    for (const attrs of requests) {
      expect(authorizer.authorize(attrs)).toEqual({ allowed: true, reason: '' });
    }
  });

  it('is allowed even when no RBAC object exists at all', () => {
    const empty = createRbacAuthorizer(sourceFrom([]));
    expect(empty.authorize(resourceRequest(admin, 'list', 'pods')).allowed).toBe(true);
    expect(empty.authorize(resourceRequest(alice, 'list', 'pods')).allowed).toBe(false);
  });
});

describe('non-resource URLs', () => {
  it('lets every authenticated user discover the API through system:discovery', () => {
    expect(authorizer.authorize(pathRequest(carol, 'get', '/version'))).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"',
    });
    for (const path of ['/api', '/api/v1', '/apis', '/apis/apps/v1', '/openapi/v3']) {
      expect(authorizer.authorize(pathRequest(carol, 'get', path)).allowed).toBe(true);
    }
  });

  it('grants only the verb the rule names', () => {
    expect(authorizer.authorize(pathRequest(carol, 'post', '/api')).allowed).toBe(false);
  });

  it('lets anonymous users read /version through public-info-viewer but not discover the API', () => {
    expect(authorizer.authorize(pathRequest(anonymous, 'get', '/version'))).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by ClusterRoleBinding "system:public-info-viewer" of ClusterRole "system:public-info-viewer" to Group "system:unauthenticated"',
    });
    expect(authorizer.authorize(pathRequest(anonymous, 'get', '/api')).allowed).toBe(false);
  });

  it('matches a trailing * as a prefix and anything else exactly', () => {
    const monitor: UserInfo = { username: 'prometheus', groups: ['system:monitoring'] };
    expect(authorizer.authorize(pathRequest(monitor, 'get', '/readyz/etcd')).allowed).toBe(true);
    expect(authorizer.authorize(pathRequest(monitor, 'get', '/metrics')).allowed).toBe(true);
    expect(authorizer.authorize(pathRequest(monitor, 'get', '/metrics/extra')).allowed).toBe(false);
    expect(authorizer.authorize(pathRequest(monitor, 'get', '/readyzfoo')).allowed).toBe(false);
  });
});

describe('subjects', () => {
  const deployer: UserInfo = {
    username: 'system:serviceaccount:ci:deployer',
    groups: ['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated'],
  };

  it('matches a ServiceAccount by its username, defaulting to the RoleBinding namespace', () => {
    expect(authorizer.authorize(resourceRequest(deployer, 'list', 'pods', { namespace: 'ci' }))).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by RoleBinding "deployer-pods/ci" of Role "pod-reader" to ServiceAccount "deployer/ci"',
    });
  });

  it('does not match a ServiceAccount of the same name in another namespace', () => {
    const stranger: UserInfo = { username: 'system:serviceaccount:other:deployer', groups: [] };
    expect(authorizer.authorize(resourceRequest(stranger, 'list', 'pods', { namespace: 'ci' })).allowed).toBe(
      false,
    );
  });

  it('never matches a namespace-less ServiceAccount in a ClusterRoleBinding', () => {
    expect(
      authorizer.authorize(resourceRequest(deployer, 'list', 'configmaps', { namespace: 'ci' })).allowed,
    ).toBe(false);
  });

  it('matches User subjects by exact name only', () => {
    const lookalike: UserInfo = { username: 'Alice@example.com', groups: [] };
    expect(
      authorizer.authorize(resourceRequest(lookalike, 'list', 'pods', { namespace: 'team-a' })).allowed,
    ).toBe(false);
  });
});

describe('rule matching', () => {
  it('restricts a rule with resourceNames to the named object and to requests that carry a name', () => {
    const named = resourceRequest(carol, 'get', 'configmaps', { namespace: 'team-a', name: 'app-config' });
    const other = resourceRequest(carol, 'get', 'configmaps', { namespace: 'team-a', name: 'other' });
    const list = resourceRequest(carol, 'list', 'configmaps', { namespace: 'team-a' });
    expect(authorizer.authorize(named)).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by RoleBinding "carol-config/team-a" of Role "app-config-reader" to User "carol@example.com"',
    });
    expect(authorizer.authorize(other).allowed).toBe(false);
    expect(authorizer.authorize(list).allowed).toBe(false);
  });

  it('matches */scale against any resource scale subresource, but not the resource itself', () => {
    const scale = resourceRequest(carol, 'update', 'deployments', {
      apiGroup: 'apps',
      namespace: 'team-a',
      subresource: 'scale',
      name: 'web',
    });
    const statefulScale = { ...scale, resource: 'statefulsets' };
    const whole = { ...scale, subresource: '' };
    const status = { ...scale, subresource: 'status' };
    expect(authorizer.authorize(scale).allowed).toBe(true);
    expect(authorizer.authorize(statefulScale).allowed).toBe(true);
    expect(authorizer.authorize(whole).allowed).toBe(false);
    expect(authorizer.authorize(status).allowed).toBe(false);
  });

  it('applies a Role only inside the namespace of its RoleBinding', () => {
    const elsewhere = resourceRequest(carol, 'get', 'configmaps', {
      namespace: 'team-b',
      name: 'app-config',
    });
    expect(authorizer.authorize(elsewhere).allowed).toBe(false);
  });
});

describe('cluster-scoped requests', () => {
  it('consult no RoleBinding, whatever the source lists for the empty namespace', () => {
    const everyBindingEverywhere = createRbacAuthorizer({
      ...sourceFrom(demoObjects),
      roleBindings: () => demoObjects.filter((object) => object.kind === 'RoleBinding'),
    });
    expect(everyBindingEverywhere.authorize(resourceRequest(alice, 'list', 'pods')).allowed).toBe(false);
    expect(everyBindingEverywhere.rulesFor(alice, '').resourceRules).not.toContainEqual(
      expect.objectContaining({ resources: ['pods/eviction'] }),
    );
  });
});

describe('bindings to missing roles', () => {
  const broken = createRbacAuthorizer(
    sourceFrom([
      ...bootstrapPolicy(),
      clusterRoleBinding('ghost-binding', 'ghost', [{ kind: 'User', name: 'carol@example.com' }]),
      roleBinding('team-a', 'phantom-binding', { kind: 'Role', name: 'phantom' }, [
        { kind: 'User', name: 'carol@example.com' },
      ]),
    ]),
  );

  it('deny with the lister errors as the reason, aggregated as Go prints them', () => {
    expect(broken.authorize(resourceRequest(carol, 'list', 'pods', { namespace: 'team-a' }))).toEqual({
      allowed: false,
      reason:
        'RBAC: [clusterrole.rbac.authorization.k8s.io "ghost" not found, role.rbac.authorization.k8s.io "phantom" not found]',
    });
    expect(broken.authorize(resourceRequest(carol, 'list', 'pods'))).toEqual({
      allowed: false,
      reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "ghost" not found',
    });
  });

  it('still allow what other bindings grant', () => {
    expect(broken.authorize(pathRequest(carol, 'get', '/api')).allowed).toBe(true);
  });

  it('surface as the evaluationError of rulesFor', () => {
    expect(broken.rulesFor(carol, 'team-b').evaluationError).toBe(
      'clusterrole.rbac.authorization.k8s.io "ghost" not found',
    );
  });
});

describe('rulesFor', () => {
  const editRules = (demoObjects.find(
    (object) => object.kind === 'ClusterRole' && object.metadata.name === 'edit',
  )?.rules ?? []) as Record<string, string[]>[];

  it('lists the cluster-wide rules and, in the namespace, the rules edit grants', () => {
    const rules = authorizer.rulesFor(alice, 'team-a');
    expect(rules.incomplete).toBe(false);
    expect(rules.evaluationError).toBeUndefined();
    for (const rule of editRules) {
      expect(rules.resourceRules).toContainEqual(rule);
    }
    expect(rules.resourceRules).toContainEqual({
      verbs: ['create'],
      apiGroups: ['authorization.k8s.io'],
      resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
    });
    expect(rules.nonResourceRules).toContainEqual({
      verbs: ['get'],
      nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'],
    });
  });

  it('leaves out the rules of RoleBindings in other namespaces', () => {
    const rules = authorizer.rulesFor(alice, 'team-b');
    expect(rules.resourceRules).not.toContainEqual(editRules[0]);
    expect(rules.resourceRules.length).toBeGreaterThan(0);
  });

  it('reports the cluster-admin rules for system:masters, as RBAC alone resolves rules', () => {
    const rules = authorizer.rulesFor(admin, 'default');
    expect(rules.resourceRules).toContainEqual({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
    expect(rules.nonResourceRules).toContainEqual({ verbs: ['*'], nonResourceURLs: ['*'] });
  });

  it('keeps resourceNames and drops empty lists', () => {
    const rules = authorizer.rulesFor(carol, 'team-a');
    expect(rules.resourceRules).toContainEqual({
      verbs: ['get'],
      apiGroups: [''],
      resources: ['configmaps'],
      resourceNames: ['app-config'],
    });
    for (const rule of rules.resourceRules) {
      expect(Object.values(rule).every((list) => list.length > 0)).toBe(true);
    }
  });
});

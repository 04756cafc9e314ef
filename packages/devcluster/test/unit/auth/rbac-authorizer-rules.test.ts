// The RBAC authorizer, by how rules apply: subjects, rule matching, cluster-scoped requests, bindings to
// missing roles, and rulesFor. Users bound to the default roles are in rbac-authorizer.test.ts.
import { describe, expect, it } from 'vitest';
import { bootstrapPolicy } from '../../../src/auth/bootstrap-policy.js';
import { createRbacAuthorizer } from '../../../src/auth/rbac-authorizer.js';
import type { UserInfo } from '../../../src/types.js';
import {
  admin,
  alice,
  authorizer,
  carol,
  clusterRoleBinding,
  demoObjects,
  pathRequest,
  resourceRequest,
  roleBinding,
  sourceFrom,
} from './rbac-authorizer-fixture.js';

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

import { describe, expect, it } from 'vitest';
import { bootstrapPolicy } from '../../../src/auth/bootstrap-policy.js';
import type { PolicyRule } from '../../../src/auth/rbac-authorizer.js';
import type { KubeObject } from '../../../src/types.js';

function find(kind: string, name: string): KubeObject {
  const object = bootstrapPolicy().find(
    (candidate) => candidate.kind === kind && candidate.metadata.name === name,
  );
  if (!object) throw new Error(`${kind} ${name} is missing`);
  return object;
}

function rulesOf(name: string): PolicyRule[] {
  return find('ClusterRole', name).rules as PolicyRule[];
}

function grants(name: string, group: string, resource: string, verb: string): boolean {
  return rulesOf(name).some(
    (rule) =>
      (rule.apiGroups ?? []).includes(group) &&
      (rule.resources ?? []).includes(resource) &&
      rule.verbs.includes(verb),
  );
}

describe('bootstrapPolicy', () => {
  it('marks every object as a bootstrap default that the apiserver keeps up to date', () => {
    for (const object of bootstrapPolicy()) {
      expect(object.apiVersion).toBe('rbac.authorization.k8s.io/v1');
      expect(object.metadata.labels?.['kubernetes.io/bootstrapping']).toBe('rbac-defaults');
      expect(object.metadata.annotations).toEqual({ 'rbac.authorization.kubernetes.io/autoupdate': 'true' });
    }
  });

  it('gives admin, edit and view the aggregation rules and labels of the real ones', () => {
    expect(find('ClusterRole', 'admin').aggregationRule).toEqual({
      clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } }],
    });
    expect(find('ClusterRole', 'edit').aggregationRule).toEqual({
      clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } }],
    });
    expect(
      find('ClusterRole', 'edit').metadata.labels?.['rbac.authorization.k8s.io/aggregate-to-admin'],
    ).toBe('true');
    expect(find('ClusterRole', 'view').metadata.labels?.['rbac.authorization.k8s.io/aggregate-to-edit']).toBe(
      'true',
    );
  });

  it('fills the aggregated roles as the controller does: sources by name, duplicates once', () => {
    const toEdit = rulesOf('system:aggregate-to-edit');
    const view = rulesOf('view');
    expect(view).toEqual(rulesOf('system:aggregate-to-view'));
    expect(rulesOf('edit')).toEqual([...toEdit, ...view]);
    expect(rulesOf('admin')).toEqual([...rulesOf('edit'), ...rulesOf('system:aggregate-to-admin')]);
  });

  it('keeps secrets out of view and RBAC out of edit, and lets admin manage roles and bindings', () => {
    expect(grants('view', '', 'secrets', 'get')).toBe(false);
    expect(grants('edit', '', 'secrets', 'get')).toBe(true);
    expect(rulesOf('edit').some((rule) => rule.apiGroups?.includes('rbac.authorization.k8s.io'))).toBe(false);
    expect(grants('admin', 'rbac.authorization.k8s.io', 'rolebindings', 'create')).toBe(true);
    expect(grants('admin', 'rbac.authorization.k8s.io', 'roles', 'delete')).toBe(true);
  });

  it('stores every rule list sorted, as the policy builder leaves it', () => {
    for (const object of bootstrapPolicy().filter((candidate) => candidate.kind === 'ClusterRole')) {
      for (const rule of object.rules as PolicyRule[]) {
        for (const list of Object.values(rule) as string[][]) {
          expect(list).toEqual([...list].sort());
        }
      }
    }
  });

  it('binds the default roles to the groups the real cluster binds them to', () => {
    const subjectsOf = (name: string) => find('ClusterRoleBinding', name).subjects;
    const group = (name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name });
    expect(subjectsOf('cluster-admin')).toEqual([group('system:masters')]);
    expect(subjectsOf('system:discovery')).toEqual([group('system:authenticated')]);
    expect(subjectsOf('system:basic-user')).toEqual([group('system:authenticated')]);
    expect(subjectsOf('system:public-info-viewer')).toEqual([
      group('system:authenticated'),
      group('system:unauthenticated'),
    ]);
    expect(find('ClusterRoleBinding', 'cluster-admin').roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'cluster-admin',
    });
  });

  it('returns objects that share nothing, within a call or across calls', () => {
    const policy = bootstrapPolicy();
    const rulesIn = (name: string) =>
      (policy.find((object) => object.metadata.name === name)?.rules ?? []) as PolicyRule[];
    rulesIn('edit').at(-1)?.verbs.push('delete');
    expect(rulesIn('view').at(-1)?.verbs).toEqual(['get', 'list', 'watch']);
    expect(rulesOf('edit').at(-1)?.verbs).toEqual(['get', 'list', 'watch']);
  });
});

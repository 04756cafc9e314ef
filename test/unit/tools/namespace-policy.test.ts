import { describe, expect, it } from 'vitest';
import { namespacesInScope, requireScopeAllowed } from '../../../src/tools/namespace-policy.js';
import { clusterRoles, namespaces, nodes, pods, settings } from './fixtures.js';

const confined = settings({ allowedNamespaces: ['team-a', 'team-b'] });

describe('allowed namespaces', () => {
  it('lets everything through when no namespaces are configured', () => {
    expect(() =>
      requireScopeAllowed(settings(), { resource: pods, namespace: 'kube-system' }, 'write'),
    ).not.toThrow();
    expect(() => requireScopeAllowed(settings(), { resource: clusterRoles }, 'write')).not.toThrow();
    expect(namespacesInScope(settings())).toBeUndefined();
  });

  it('refuses a namespace outside the allowed ones, listing the allowed ones', () => {
    expect(() => requireScopeAllowed(confined, { resource: pods, namespace: 'kube-system' }, 'read')).toThrow(
      /Namespace "kube-system" is outside .*"team-a", "team-b"/,
    );
    expect(() =>
      requireScopeAllowed(confined, { resource: pods, namespace: 'team-b' }, 'write'),
    ).not.toThrow();
  });

  it('allows reading nodes and allowed namespaces but no other cluster-scoped kind', () => {
    expect(() => requireScopeAllowed(confined, { resource: nodes }, 'read')).not.toThrow();
    expect(() =>
      requireScopeAllowed(confined, { resource: namespaces, name: 'team-a' }, 'read'),
    ).not.toThrow();
    expect(() =>
      requireScopeAllowed(confined, { resource: namespaces, name: 'kube-system' }, 'read'),
    ).toThrow(/kube-system/);
    expect(() => requireScopeAllowed(confined, { resource: clusterRoles }, 'read')).toThrow(/cluster-scoped/);
  });

  it('refuses every cluster-scoped write', () => {
    expect(() => requireScopeAllowed(confined, { resource: nodes, name: 'worker-1' }, 'write')).toThrow(
      /may not change cluster-scoped objects/,
    );
    expect(() => requireScopeAllowed(confined, { resource: namespaces, name: 'team-a' }, 'write')).toThrow(
      expect.objectContaining({ failure: 'not-allowed' }),
    );
  });

  it('confines all-namespaces requests to the allowed namespaces', () => {
    expect(namespacesInScope(confined)).toEqual(['team-a', 'team-b']);
  });
});

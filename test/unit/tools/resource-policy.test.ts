import { describe, expect, it } from 'vitest';
import { isDenied, parseDeniedResource, requireResourceAllowed } from '../../../src/tools/resource-policy.js';
import { clusterRoles, deployments, pods, roles, secrets } from './fixtures.js';

describe('denied resources', () => {
  it('parses bare names, group/resource, core aliases and whole groups', () => {
    expect(parseDeniedResource('secrets')).toEqual({ resource: 'secrets' });
    expect(parseDeniedResource('apps/deployments')).toEqual({ group: 'apps', resource: 'deployments' });
    expect(parseDeniedResource('core/secrets')).toEqual({ group: '', resource: 'secrets' });
    expect(parseDeniedResource('rbac.authorization.k8s.io/*')).toEqual({
      group: 'rbac.authorization.k8s.io',
      resource: '*',
    });
  });

  it('denies a bare name by plural, singular or kind, in any group', () => {
    expect(isDenied(['secrets'], secrets)).toBe(true);
    expect(isDenied(['Secret'], secrets)).toBe(true);
    expect(isDenied(['deployment'], deployments)).toBe(true);
    expect(isDenied(['secrets'], pods)).toBe(false);
  });

  it('denies group/resource only in that group', () => {
    expect(isDenied(['apps/deployments'], deployments)).toBe(true);
    expect(isDenied(['extensions/deployments'], deployments)).toBe(false);
    expect(isDenied(['v1/secrets'], secrets)).toBe(true);
  });

  it('denies every resource of a group with group/*', () => {
    expect(isDenied(['rbac.authorization.k8s.io/*'], clusterRoles)).toBe(true);
    expect(isDenied(['rbac.authorization.k8s.io/*'], roles)).toBe(true);
    expect(isDenied(['rbac.authorization.k8s.io/*'], pods)).toBe(false);
  });

  it('refuses a denied resource with a not-allowed error naming it', () => {
    expect(() => requireResourceAllowed(['apps/deployments'], deployments)).toThrow(
      expect.objectContaining({
        failure: 'not-allowed',
        message: expect.stringContaining('deployments.apps'),
      }),
    );
    expect(() => requireResourceAllowed(['secrets'], pods)).not.toThrow();
  });
});

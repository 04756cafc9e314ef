// The RBAC authorizer, by who is asking: users bound to edit, admin or view, system:masters, and
// non-resource URLs. Subjects, rule matching and bindings are in rbac-authorizer-rules.test.ts.
import { describe, expect, it } from 'vitest';
import { createRbacAuthorizer } from '../../../src/auth/rbac-authorizer.js';
import type { UserInfo } from '../../../src/types.js';
import {
  admin,
  alice,
  anonymous,
  authorizer,
  bob,
  carol,
  dave,
  pathRequest,
  rbacGroup,
  resourceRequest,
  sourceFrom,
} from './rbac-authorizer-fixture.js';

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

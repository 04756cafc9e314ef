import { describe, expect, it } from 'vitest';
import { forbiddenMessage, forbiddenStatus } from '../../../src/auth/forbidden-message.js';
import type { RequestAttributes } from '../../../src/types.js';

function request(options: Partial<RequestAttributes>): RequestAttributes {
  return {
    user: { username: 'alice@example.com', groups: ['system:authenticated'] },
    verb: 'get',
    resourceRequest: true,
    apiGroup: '',
    apiVersion: 'v1',
    resource: 'pods',
    subresource: '',
    namespace: '',
    name: '',
    path: '',
    ...options,
  };
}

function deleteWebDeployment(): RequestAttributes {
  return request({
    verb: 'delete',
    apiGroup: 'apps',
    resource: 'deployments',
    namespace: 'team-a',
    name: 'web',
  });
}

describe('forbiddenMessage', () => {
  it('names the user, verb, resource, group and namespace of a denied list', () => {
    expect(forbiddenMessage(request({ verb: 'list', namespace: 'team-b' }), '')).toBe(
      'pods is forbidden: User "alice@example.com" cannot list resource "pods" in API group "" in the namespace "team-b"',
    );
  });

  it('says "at the cluster scope" when there is no namespace', () => {
    expect(forbiddenMessage(request({ verb: 'list', resource: 'nodes' }), '')).toBe(
      'nodes is forbidden: User "alice@example.com" cannot list resource "nodes" in API group "" at the cluster scope',
    );
  });

  it('quotes the object name and qualifies the resource with its group in the prefix', () => {
    const attrs = deleteWebDeployment();
    expect(forbiddenMessage(attrs, '')).toBe(
      'deployments.apps "web" is forbidden: User "alice@example.com" cannot delete resource "deployments" in API group "apps" in the namespace "team-a"',
    );
  });

  it('names the subresource in the cause but not in the prefix', () => {
    const attrs = request({ subresource: 'log', namespace: 'team-b', name: 'web-1' });
    expect(forbiddenMessage(attrs, '')).toBe(
      'pods "web-1" is forbidden: User "alice@example.com" cannot get resource "pods/log" in API group "" in the namespace "team-b"',
    );
  });

  it('appends a non-empty authorizer reason unquoted after a colon', () => {
    const reason = 'RBAC: clusterrole.rbac.authorization.k8s.io "ghost" not found';
    expect(forbiddenMessage(request({ verb: 'list', namespace: 'team-b' }), reason)).toBe(
      'pods is forbidden: User "alice@example.com" cannot list resource "pods" in API group "" in the namespace "team-b": RBAC: clusterrole.rbac.authorization.k8s.io "ghost" not found',
    );
  });

  it('describes a non-resource request by its path', () => {
    const attrs = request({
      resourceRequest: false,
      resource: '',
      apiVersion: '',
      path: '/foo',
      user: { username: 'x', groups: [] },
    });
    expect(forbiddenMessage(attrs, '')).toBe('forbidden: User "x" cannot get path "/foo"');
  });

  it('escapes HTML-like characters in its own text, never in the reason', () => {
    const attrs = request({ resourceRequest: false, resource: '', path: '/<b>&' });
    expect(forbiddenMessage(attrs, '<why>')).toBe(
      'forbidden: User "alice@example.com" cannot get path "/&lt;b&gt;&amp;": <why>',
    );
  });
});

describe('forbiddenStatus', () => {
  it('builds the metav1.Status kube-apiserver sends, with name, group and resource in details', () => {
    const attrs = deleteWebDeployment();
    expect(forbiddenStatus(attrs, '')).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'deployments.apps "web" is forbidden: User "alice@example.com" cannot delete resource "deployments" in API group "apps" in the namespace "team-a"',
      reason: 'Forbidden',
      details: { name: 'web', group: 'apps', kind: 'deployments' },
      code: 403,
    });
  });

  it('omits empty details fields, leaving {} for a non-resource path', () => {
    const listPods = forbiddenStatus(request({ verb: 'list', namespace: 'team-b' }), '');
    expect(listPods.details).toEqual({ kind: 'pods' });
    const path = forbiddenStatus(request({ resourceRequest: false, resource: '', path: '/foo' }), '');
    expect(path.details).toEqual({});
    expect(path.message).toBe('forbidden: User "alice@example.com" cannot get path "/foo"');
  });
});

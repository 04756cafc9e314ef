import { describe, expect, it } from 'vitest';
import { requestInfo } from '../../../src/http/request-info.js';

const none = new URLSearchParams();

describe('requestInfo', () => {
  it('reads a namespaced core resource', () => {
    expect(requestInfo('GET', '/api/v1/namespaces/team-a/pods/web-1/log', none)).toMatchObject({
      kind: 'resource',
      verb: 'get',
      group: '',
      version: 'v1',
      namespace: 'team-a',
      resource: 'pods',
      name: 'web-1',
      subresource: 'log',
    });
  });

  it('reads a grouped resource list and a deletecollection', () => {
    expect(requestInfo('GET', '/apis/apps/v1/deployments', none)).toMatchObject({
      verb: 'list',
      group: 'apps',
      resource: 'deployments',
    });
    expect(requestInfo('DELETE', '/apis/apps/v1/namespaces/x/deployments', none)).toMatchObject({
      verb: 'deletecollection',
    });
  });

  it('treats a namespace itself and its status as the namespaces resource', () => {
    expect(requestInfo('GET', '/api/v1/namespaces/team-a', none)).toMatchObject({
      resource: 'namespaces',
      name: 'team-a',
      namespace: 'team-a',
    });
    expect(requestInfo('PUT', '/api/v1/namespaces/team-a/status', none)).toMatchObject({
      verb: 'update',
      resource: 'namespaces',
      subresource: 'status',
    });
  });

  it('reads watches from the query and from the legacy watch prefix', () => {
    expect(requestInfo('GET', '/api/v1/pods', new URLSearchParams('watch=true'))).toMatchObject({
      verb: 'watch',
    });
    expect(requestInfo('GET', '/api/v1/watch/namespaces/a/pods', none)).toMatchObject({
      verb: 'watch',
      namespace: 'a',
      resource: 'pods',
    });
    expect(
      requestInfo(
        'GET',
        '/api/v1/namespaces/a/pods',
        new URLSearchParams('watch=1&fieldSelector=metadata.name%3Dweb'),
      ),
    ).toMatchObject({
      verb: 'watch',
      name: 'web',
    });
  });

  it('treats discovery and other paths as non-resource requests', () => {
    expect(requestInfo('GET', '/apis/apps/v1', none)).toEqual({
      kind: 'nonresource',
      verb: 'get',
      path: '/apis/apps/v1',
    });
    expect(requestInfo('GET', '/version', none)).toMatchObject({ kind: 'nonresource' });
  });
});

describe('requestInfo: escaped path segments', () => {
  it('decodes each segment, as kube-apiserver hands its handlers the decoded path', () => {
    const path = '/apis/rbac.authorization.k8s.io/v1/clusterroles/system%3Aaggregated-metrics-reader';
    expect(requestInfo('GET', path, none)).toMatchObject({
      resource: 'clusterroles',
      name: 'system:aggregated-metrics-reader',
    });
  });

  it('answers a malformed escape with 400, not a 500', () => {
    expect(() => requestInfo('GET', '/api/v1/namespaces/a%ZZ/pods', none)).toThrow(
      expect.objectContaining({ status: expect.objectContaining({ code: 400 }) }),
    );
  });
});

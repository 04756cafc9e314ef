import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevCluster, startDevCluster } from '../../src/start.js';
import { apiClient } from '../helpers/api-client.js';

describe('bad input gets the status and reason kube-apiserver gives, and the server keeps serving', () => {
  let devcluster: DevCluster;
  let api: ReturnType<typeof apiClient>;
  const asAdmin = (method: string, path: string, options: Parameters<ReturnType<typeof apiClient>>[2] = {}) =>
    api(method, path, { token: devcluster.adminToken, ...options });

  beforeAll(async () => {
    devcluster = await startDevCluster();
    api = apiClient(devcluster.url);
  });
  afterAll(async () => {
    await devcluster?.stop();
  });

  it('answers a verb the resource does not serve with 405 MethodNotAllowed', async () => {
    const listReviews = await asAdmin('GET', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
    expect(listReviews.status).toBe(405);
    expect(listReviews.body).toMatchObject({ kind: 'Status', reason: 'MethodNotAllowed', code: 405 });
    const watchStatuses = await asAdmin('GET', '/api/v1/componentstatuses?watch=true');
    expect(watchStatuses.status).toBe(405);
    const writeStatus = await asAdmin('POST', '/api/v1/componentstatuses', {
      body: { apiVersion: 'v1', kind: 'ComponentStatus', metadata: { name: 'x' } },
    });
    expect(writeStatus.body.message).toBe('create is not supported on resources of kind "componentstatuses"');
    const deleteNamespaces = await asAdmin('DELETE', '/api/v1/namespaces');
    expect(deleteNamespaces.status).toBe(405);
    // Reads of what it does serve still work.
    expect((await asAdmin('GET', '/api/v1/componentstatuses/scheduler')).body).toMatchObject({
      kind: 'ComponentStatus',
      conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }],
    });
  });

  it('answers malformed JSON with 400 BadRequest', async () => {
    const answer = await asAdmin('POST', '/api/v1/namespaces/default/configmaps', {
      rawBody: '{"metadata": {',
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400 });
  });

  it('answers a body of another kind with 400 BadRequest', async () => {
    const answer = await asAdmin('POST', '/api/v1/namespaces/default/configmaps', {
      body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.reason).toBe('BadRequest');
  });

  it('answers a nameless object with 422 Invalid naming the field', async () => {
    const answer = await asAdmin('POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: {} } });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      reason: 'Invalid',
      message: 'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
    });
  });

  it('answers an invalid name with 422 Invalid', async () => {
    const answer = await asAdmin('POST', '/api/v1/namespaces/default/configmaps', {
      body: { metadata: { name: 'Not_Valid' } },
    });
    expect(answer.status).toBe(422);
    expect(answer.body.message).toContain(
      'ConfigMap "Not_Valid" is invalid: metadata.name: Invalid value: "Not_Valid"',
    );
  });

  it('answers an unknown resource and an unknown group with 404 NotFound', async () => {
    for (const path of [
      '/api/v1/namespaces/default/gizmos',
      '/apis/gizmos.example.org/v1/gizmos',
      '/apis/nope.io',
    ]) {
      const answer = await asAdmin('GET', path);
      expect(answer.status, path).toBe(404);
      expect(answer.body).toMatchObject({
        kind: 'Status',
        reason: 'NotFound',
        message: 'the server could not find the requested resource',
      });
    }
  });

  it('answers a missing object with 404 naming it', async () => {
    const answer = await asAdmin('GET', '/apis/apps/v1/namespaces/team-a/deployments/missing');
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({
      reason: 'NotFound',
      message: 'deployments.apps "missing" not found',
      details: { name: 'missing', group: 'apps', kind: 'deployments' },
    });
  });

  it('answers a creation in a missing namespace with 404', async () => {
    const answer = await asAdmin('POST', '/api/v1/namespaces/nowhere/configmaps', {
      body: { metadata: { name: 'x' } },
    });
    expect(answer.status).toBe(404);
    expect(answer.body.message).toBe('namespaces "nowhere" not found');
  });

  it('answers a duplicate with 409 AlreadyExists', async () => {
    const answer = await asAdmin('POST', '/api/v1/namespaces', { body: { metadata: { name: 'team-a' } } });
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({
      reason: 'AlreadyExists',
      message: 'namespaces "team-a" already exists',
    });
  });

  it.each([
    ['a label selector that does not parse', 'labelSelector=app%20in%20(web', "expected: ')'"],
    [
      'a field selector on an unsupported field',
      'fieldSelector=spec.foo%3Dbar',
      'field label not supported: spec.foo',
    ],
    ['a negative limit', 'limit=-1', 'limit'],
    ['a continue token that is not ours', 'limit=2&continue=garbage', 'continue key is not valid'],
  ])('answers %s with 400 BadRequest', async (_case, query, message) => {
    const answer = await asAdmin('GET', `/api/v1/namespaces/team-a/pods?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body.reason).toBe('BadRequest');
    expect(answer.body.message).toContain(message);
  });

  it('answers an Accept it cannot serve with 406', async () => {
    const answer = await asAdmin('GET', '/api/v1/namespaces/team-a/pods', {
      headers: { accept: 'application/xml' },
    });
    expect(answer.status).toBe(406);
    expect(answer.body.reason).toBe('NotAcceptable');
    expect(answer.body.message).toBe(
      'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf',
    );
  });

  it('answers an expired continue token with 410 Expired', async () => {
    const first = await asAdmin('GET', '/api/v1/namespaces/team-a/pods?limit=1');
    const token = (first.body.metadata as { continue: string }).continue;
    expect(token).toBeTruthy();
    devcluster.cluster.store.compact();
    // The compaction only matters once something changed after the token was issued.
    await asAdmin('POST', '/api/v1/namespaces/default/configmaps', {
      body: { metadata: { name: 'after-compaction' } },
    });
    devcluster.cluster.store.compact();
    const answer = await asAdmin(
      'GET',
      `/api/v1/namespaces/team-a/pods?limit=1&continue=${encodeURIComponent(token)}`,
    );
    expect(answer.status).toBe(410);
    expect(answer.body.reason).toBe('Expired');
  });

  it('still serves after all of the above', async () => {
    const answer = await asAdmin('GET', '/api/v1/namespaces/team-a/pods');
    expect(answer.status).toBe(200);
    expect((answer.body.items as unknown[]).length).toBeGreaterThan(0);
  });
});

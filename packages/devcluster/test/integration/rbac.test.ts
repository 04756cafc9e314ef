import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/api-client.js';
import {
  type ClusterWithUsers,
  OIDC_CLIENT_ID,
  startClusterWithUsers,
} from '../helpers/cluster-with-users.js';

describe('authentication and RBAC as kube-apiserver does them', () => {
  let env: ClusterWithUsers;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    env = await startClusterWithUsers();
    api = apiClient(env.devcluster.url);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('lets alice list pods in team-a and forbids team-b with the real message', async () => {
    expect((await api('GET', '/api/v1/namespaces/team-a/pods', { token: env.tokens.alice })).status).toBe(
      200,
    );
    const denied = await api('GET', '/api/v1/namespaces/team-b/pods', { token: env.tokens.alice });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      code: 403,
      message:
        'pods is forbidden: User "alice@example.com" cannot list resource "pods" in API group "" in the namespace "team-b"',
    });
  });

  it('lets bob get pods but not delete them nor read secrets', async () => {
    const pods = await api('GET', '/api/v1/namespaces/team-b/pods', { token: env.tokens.bob });
    expect(pods.status).toBe(200);
    const name = (pods.body.items as { metadata: { name: string } }[])[0]?.metadata.name;
    expect(
      (await api('GET', `/api/v1/namespaces/team-b/pods/${name}`, { token: env.tokens.bob })).status,
    ).toBe(200);
    const deletion = await api('DELETE', `/api/v1/namespaces/team-b/pods/${name}`, { token: env.tokens.bob });
    expect(deletion.status).toBe(403);
    expect(deletion.body.message).toBe(
      `pods "${name}" is forbidden: User "bob@example.com" cannot delete resource "pods" in API group "" in the namespace "team-b"`,
    );
    const secrets = await api('GET', '/api/v1/namespaces/team-a/secrets', { token: env.tokens.bob });
    expect(secrets.status).toBe(403);
  });

  it('forbids a user with no bindings beyond discovery', async () => {
    expect((await api('GET', '/version', { token: env.tokens.mallory })).status).toBe(200);
    expect((await api('GET', '/api/v1/pods', { token: env.tokens.mallory })).status).toBe(403);
  });

  it.each([
    [
      'an expired token',
      () => env.issuer.idToken({ sub: 'a', email: 'alice@example.com' }, { expiresInSeconds: -120 }),
    ],
    [
      'a token signed by another key',
      () => env.issuer.idToken({ sub: 'a', email: 'alice@example.com' }, { untrustedKey: true }),
    ],
    [
      'a token for another audience',
      () => env.issuer.idToken({ sub: 'a', email: 'alice@example.com' }, { audience: 'not-kubernetes' }),
    ],
    [
      'a token whose email is not verified',
      () => env.issuer.idToken({ sub: 'a', email: 'alice@example.com', email_verified: false }),
    ],
    ['a made-up bearer token', async () => 'not-a-token'],
  ])('answers 401 Unauthorized to %s', async (_case, makeToken) => {
    const answer = await api('GET', '/api/v1/namespaces/team-a/pods', { token: await makeToken() });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
  });

  it('answers 401 without credentials but keeps health probes open', async () => {
    expect((await api('GET', '/api/v1/pods')).status).toBe(401);
    expect((await api('GET', '/healthz')).status).toBe(200);
    expect((await api('GET', '/readyz')).status).toBe(200);
  });

  it('puts every authenticated user in system:authenticated', async () => {
    const review = await api('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      token: env.tokens.bob,
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    expect(review.status).toBe(201);
    expect(review.body.status).toMatchObject({
      userInfo: { username: 'bob@example.com', groups: ['system:authenticated'] },
    });
  });

  it('refuses impersonation without the impersonate verb, and allows it for the admin', async () => {
    const denied = await api('GET', '/api/v1/namespaces/team-a/pods', {
      token: env.tokens.alice,
      headers: { 'Impersonate-User': 'bob@example.com' },
    });
    expect(denied.status).toBe(403);
    expect(denied.body.message).toBe(
      'users "bob@example.com" is forbidden: User "alice@example.com" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
    const impersonated = await api('GET', '/api/v1/namespaces/team-b/secrets', {
      token: env.devcluster.adminToken,
      headers: { 'Impersonate-User': 'bob@example.com' },
    });
    expect(impersonated.status).toBe(403);
    expect(impersonated.body.message).toContain('User "bob@example.com" cannot list resource "secrets"');
  });

  it('answers SelfSubjectAccessReview and SelfSubjectRulesReview from RBAC', async () => {
    const access = await api('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      token: env.tokens.alice,
      body: {
        spec: {
          resourceAttributes: { namespace: 'team-a', verb: 'create', group: 'apps', resource: 'deployments' },
        },
      },
    });
    expect(access.status).toBe(201);
    expect(access.body.status).toMatchObject({ allowed: true });
    const rules = await api('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
      token: env.tokens.alice,
      body: { spec: { namespace: 'team-a' } },
    });
    expect(rules.status).toBe(201);
    const resourceRules = (
      rules.body.status as { resourceRules: { resources?: string[]; verbs: string[] }[] }
    ).resourceRules;
    expect(
      resourceRules.some((rule) => rule.resources?.includes('deployments') && rule.verbs.includes('create')),
    ).toBe(true);
  });

  it('accepts the client id configured as the audience', () => {
    expect(OIDC_CLIENT_ID).toBe('kubernetes');
  });
});

import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevCluster, startDevCluster } from '../../src/start.js';
import { apiClient } from '../helpers/api-client.js';
import { Kubectl, kubectlAvailability } from '../helpers/kubectl.js';

// serviceaccounts/token (`kubectl create token`): bound tokens the simulator then accepts as the
// service account, under its RBAC, while the service account lives.
const kubectl = await kubectlAvailability();
if (!kubectl.ok) console.warn(`kubectl tests skipped: ${kubectl.reason}`);

describe.skipIf(!kubectl.ok)('service account tokens', () => {
  let devcluster: DevCluster;
  let admin: Kubectl;
  const as = (token: string, args: string[]) => admin.run(['--token', token, ...args]);

  beforeAll(async () => {
    // kubectl sends bearer tokens only over HTTPS.
    devcluster = await startDevCluster({ tls: true });
    admin = new Kubectl(devcluster.kubeconfig);
    await admin.ok(['-n', 'team-a', 'create', 'serviceaccount', 'robot']);
  });
  afterAll(async () => {
    await devcluster?.stop();
  });

  it('issues a token that authenticates as the service account, with its groups', async () => {
    const token = (await admin.ok(['-n', 'team-a', 'create', 'token', 'robot'])).trim();
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      iss: 'https://kubernetes.default.svc.cluster.local',
      aud: ['https://kubernetes.default.svc.cluster.local'],
      sub: 'system:serviceaccount:team-a:robot',
      'kubernetes.io': { namespace: 'team-a', serviceaccount: { name: 'robot' } },
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
    const whoami = await as(token, ['auth', 'whoami']);
    expect(whoami.stdout).toMatch(/^Username\s+system:serviceaccount:team-a:robot$/m);
    expect(whoami.stdout).toMatch(
      /^Groups\s+\[system:serviceaccounts system:serviceaccounts:team-a system:authenticated\]$/m,
    );
  });

  it("is held to the service account's RBAC", async () => {
    const token = (await admin.ok(['-n', 'team-a', 'create', 'token', 'robot'])).trim();
    const denied = await as(token, ['-n', 'team-a', 'get', 'pods']);
    expect(denied.stderr).toContain(
      'pods is forbidden: User "system:serviceaccount:team-a:robot" cannot list resource "pods"',
    );
    await admin.ok([
      '-n',
      'team-a',
      'create',
      'rolebinding',
      'robot-view',
      '--clusterrole=view',
      '--serviceaccount=team-a:robot',
    ]);
    expect(await as(token, ['-n', 'team-a', 'get', 'pods', '-o', 'name'])).toMatchObject({ code: 0 });
    expect((await as(token, ['-n', 'team-b', 'get', 'pods'])).stderr).toContain('forbidden');
  });

  it('refuses a token for another audience, and every token once its service account is gone', async () => {
    const vault = (await admin.ok(['-n', 'team-a', 'create', 'token', 'robot', '--audience=vault'])).trim();
    expect(decodeJwt(vault).aud).toEqual(['vault']);
    expect((await as(vault, ['auth', 'whoami'])).stderr).toContain('Unauthorized');

    const token = (await admin.ok(['-n', 'team-a', 'create', 'token', 'robot'])).trim();
    await admin.ok(['-n', 'team-a', 'delete', 'serviceaccount', 'robot']);
    expect((await as(token, ['auth', 'whoami'])).stderr).toContain('Unauthorized');
    // A new service account of the same name is another identity: the old token stays refused.
    await admin.ok(['-n', 'team-a', 'create', 'serviceaccount', 'robot']);
    expect((await as(token, ['auth', 'whoami'])).stderr).toContain('Unauthorized');
  });

  it('answers a too-short duration and a missing service account as the real API does', async () => {
    const short = await admin.run(['-n', 'team-a', 'create', 'token', 'robot', '--duration=1m']);
    expect(short.stderr).toContain(
      'TokenRequest.authentication.k8s.io "robot" is invalid: spec.expirationSeconds: Invalid value: 60: ' +
        'may not specify a duration less than 10 minutes',
    );
    const missing = await admin.run(['-n', 'team-a', 'create', 'token', 'nobody']);
    expect(missing.stderr).toContain('serviceaccounts "nobody" not found');
    // The raw answer: a TokenRequest in authentication.k8s.io/v1 with the token's expiry.
    const api = apiClient(devcluster.url, devcluster.caCert);
    const answer = await api('POST', '/api/v1/namespaces/team-a/serviceaccounts/robot/token', {
      token: devcluster.adminToken,
      body: {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 7200 },
      },
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      spec: { expirationSeconds: 7200, audiences: ['https://kubernetes.default.svc.cluster.local'] },
      status: { token: expect.stringMatching(/^ey/), expirationTimestamp: expect.stringMatching(/Z$/) },
    });
  });
});

describe("service account tokens on a cluster whose clock is not the machine's", () => {
  it('are checked by the cluster clock that issued them', async () => {
    const monthAgo = Date.now() - 30 * 24 * 3600 * 1000;
    const devcluster = await startDevCluster({ now: () => new Date(monthAgo) });
    try {
      const api = apiClient(devcluster.url);
      const issued = await api('POST', '/api/v1/namespaces/team-a/serviceaccounts/default/token', {
        token: devcluster.adminToken,
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} },
      });
      const token = (issued.body.status as { token: string }).token;
      expect(decodeJwt(token).exp).toBe(Math.floor(monthAgo / 1000) + 3600);
      const review = await api('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
        token,
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      });
      expect(review.body).toMatchObject({
        status: { userInfo: { username: 'system:serviceaccount:team-a:default' } },
      });
    } finally {
      await devcluster.stop();
    }
  });
});

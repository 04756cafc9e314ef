// pods/log and pods/exec under RBAC, with OIDC users: the WebSocket upgrade gets the same authentication,
// impersonation and authorization as every request, plus the `create` on pods/exec Kubernetes 1.35 demands.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterWithUsers } from '../helpers/cluster-with-users.js';
import { Kubectl } from '../helpers/kubectl.js';
import {
  crashLooping,
  execOverWebSocket,
  GETTER_TOKEN,
  kubectl,
  PODS,
  podName,
  podPath,
  podsOf,
  refusal,
  startClusterWithGetter,
  withKubectl,
} from './pod-log-exec-fixture.js';

describe.skipIf(!kubectl.ok)(withKubectl('pods/log and pods/exec under RBAC, with OIDC users'), () => {
  let env: ClusterWithUsers;
  let webPod: string;
  let otherTeamPod: string;

  beforeAll(async () => {
    // getter has the WebSocket GET's own verb on pods/exec, not the `create` 1.35 also demands.
    env = await startClusterWithGetter('exec-get-only', [
      "{ apiGroups: [''], resources: [pods/exec], verbs: [get] }",
    ]);
    webPod = podName(podsOf(env.devcluster, 'team-a', 'web').at(-1));
    otherTeamPod = podName(
      env.devcluster.cluster.store
        .list(PODS, 'team-b')
        .find((pod) => (pod.spec as { nodeName?: string }).nodeName && !crashLooping(pod)),
    );
  });
  afterAll(async () => {
    await env?.stop();
  });

  const as = (user: 'alice' | 'bob') => new Kubectl(env.kubeconfigFor(env.tokens[user]));

  it('lets bob (view) read logs', async () => {
    expect(await as('bob').ok(['logs', '-n', 'team-a', webPod, '--tail=1'])).toMatch(/HTTP\/1\.1/);
  });

  it('forbids bob (view) to exec', async () => {
    const result = await as('bob').run(['exec', '-n', 'team-a', webPod, '--', 'echo', 'hi']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Error from server (Forbidden)');
    expect(result.stderr).toContain('User "bob@example.com" cannot create resource "pods/exec"');
  });

  it('refuses bob the WebSocket upgrade with a 403 Status naming pods/exec', async () => {
    const refused = await refusal(
      execOverWebSocket(
        env.devcluster,
        podPath('team-a', webPod, 'exec?command=ls&stdout=true'),
        ['v5.channel.k8s.io'],
        env.tokens.bob,
      ),
    );
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({
      reason: 'Forbidden',
      details: { name: webPod, kind: 'pods' },
    });
    expect(JSON.parse(refused.body).message).toContain('cannot get resource "pods/exec"');
  });

  it('refuses an upgrade allowed to get pods/exec but not to create it, as Kubernetes 1.35 does', async () => {
    const refused = await refusal(
      execOverWebSocket(
        env.devcluster,
        podPath('team-a', webPod, 'exec?command=ls&stdout=true'),
        ['v5.channel.k8s.io'],
        GETTER_TOKEN,
      ),
    );
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({
      reason: 'Forbidden',
      // NewForbidden with RBAC's reason for a denial, which is empty.
      message: `pods "${webPod}" is forbidden: `,
      details: { name: webPod, kind: 'pods' },
    });
  });

  it('applies impersonation before authorizing the upgrade: the admin as bob may not exec', async () => {
    const admin = new Kubectl(env.devcluster.kubeconfig);
    const asBob = await admin.run([
      'exec',
      '--as=bob@example.com',
      '-n',
      'team-a',
      webPod,
      '--',
      'echo',
      'hi',
    ]);
    expect(asBob.code).toBe(1);
    expect(asBob.stderr).toContain('User "bob@example.com" cannot create resource "pods/exec"');
    expect(
      await admin.ok(['exec', '--as=alice@example.com', '-n', 'team-a', webPod, '--', 'echo', 'hi']),
    ).toBe('hi\n');
  });

  it('lets alice (edit in team-a) exec in team-a', async () => {
    expect(await as('alice').ok(['exec', '-n', 'team-a', webPod, '--', 'echo', 'hi'])).toBe('hi\n');
  });

  it('forbids alice to exec in team-b, where she has no role', async () => {
    const result = await as('alice').run(['exec', '-n', 'team-b', otherTeamPod, '--', 'echo', 'hi']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error from server (Forbidden)');
  });
});

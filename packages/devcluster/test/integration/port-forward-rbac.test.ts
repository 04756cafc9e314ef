// pods/portforward under RBAC, with OIDC users: the upgrade gets the same authentication and
// authorization as every request, plus the `create` on pods/portforward Kubernetes 1.35 demands
// of a WebSocket GET (AuthorizePodWebsocketUpgradeCreatePermission).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterWithUsers } from '../helpers/cluster-with-users.js';
import { Kubectl } from '../helpers/kubectl.js';
import {
  execOverWebSocket,
  GETTER_TOKEN,
  kubectl,
  podName,
  podPath,
  podsOf,
  refusal,
  startClusterWithGetter,
  withKubectl,
} from './pod-log-exec-fixture.js';
import { exchange, portForward, request, stopPortForwards } from './port-forward-fixture.js';

describe.skipIf(!kubectl.ok)(withKubectl('pods/portforward under RBAC, with OIDC users'), () => {
  let env: ClusterWithUsers;
  let webPod: string;

  beforeAll(async () => {
    // getter has the WebSocket GET's own verb on pods/portforward, not the `create` 1.35 also demands.
    env = await startClusterWithGetter('portforward-get-only', [
      "{ apiGroups: [''], resources: [pods], verbs: [get, list] }",
      "{ apiGroups: [''], resources: [pods/portforward], verbs: [get] }",
    ]);
    webPod = podName(podsOf(env.devcluster, 'team-a', 'web').at(-1));
  });
  afterEach(stopPortForwards);
  afterAll(async () => {
    await env?.stop();
  });

  const as = (user: 'alice' | 'bob') => new Kubectl(env.kubeconfigFor(env.tokens[user]));

  it('forbids bob (view) to port-forward, with the message kube-apiserver gives', async () => {
    const result = await as('bob').run(['port-forward', '-n', 'team-a', `pod/${webPod}`, '0:80']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error upgrading connection: pods "${webPod}" is forbidden: User "bob@example.com" cannot create resource "pods/portforward" in API group "" in the namespace "team-a"`,
    );
  });

  it('refuses bob the WebSocket upgrade with a 403 Status naming pods/portforward', async () => {
    const refused = await refusal(
      execOverWebSocket(
        env.devcluster,
        podPath('team-a', webPod, 'portforward?ports=80'),
        ['v4.channel.k8s.io'],
        env.tokens.bob,
      ),
    );
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({
      reason: 'Forbidden',
      message: `pods "${webPod}" is forbidden: User "bob@example.com" cannot get resource "pods/portforward" in API group "" in the namespace "team-a"`,
    });
  });

  it('refuses an upgrade allowed to get pods/portforward but not to create it, as Kubernetes 1.35 does', async () => {
    const refused = await refusal(
      execOverWebSocket(
        env.devcluster,
        podPath('team-a', webPod, 'portforward?ports=80'),
        ['v4.channel.k8s.io'],
        GETTER_TOKEN,
      ),
    );
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({
      reason: 'Forbidden',
      message: `pods "${webPod}" is forbidden: `,
      details: { name: webPod, kind: 'pods' },
    });
  });

  it('leaves kubectl, refused the WebSocket for lack of create, no way in through its SPDY fallback', async () => {
    const getter = new Kubectl(env.kubeconfigFor(GETTER_TOKEN));
    const result = await getter.run(['port-forward', '-n', 'team-a', `pod/${webPod}`, '0:80']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error upgrading connection: pods "${webPod}" is forbidden: User "getter" cannot create resource "pods/portforward" in API group "" in the namespace "team-a"`,
    );
  });

  it('lets alice (edit in team-a) port-forward in team-a', async () => {
    const forwarding = await portForward(as('alice'), ['-n', 'team-a', `pod/${webPod}`, '0:80'], [80]);
    expect(await exchange(forwarding.local.get(80) ?? 0, [request('/', true)])).toMatch(
      /^HTTP\/1\.1 200 OK\r\n/,
    );
  });
});

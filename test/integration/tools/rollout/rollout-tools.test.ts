import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObject, failed, ok, startToolCluster, type ToolCluster } from '../tool-harness.js';

let cluster: ToolCluster;
beforeAll(async () => {
  cluster = await startToolCluster();
});
afterAll(() => cluster.stop());

const web = { name: 'web', namespace: 'team-a' };

function podNames(text: string): string[] {
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.split(/\s+/)[0] ?? '');
}

describe('kubernetes_rollout', () => {
  it('restarts a deployment, waits for the rollout with progress, and lists the new revision', async () => {
    const before = podNames(
      ok(
        await cluster.call('kubernetes_list', {
          resourceType: 'pods',
          namespace: 'team-a',
          labelSelector: 'app=web',
        }),
      ),
    );
    expect(ok(await cluster.call('kubernetes_rollout', { action: 'restart', ...web }))).toContain(
      'restarted',
    );
    const status = ok(
      await cluster.call('kubernetes_rollout', { action: 'status', ...web, wait: true, timeoutSeconds: 60 }),
    );
    expect(status).toBe('deployment "web" successfully rolled out');
    expect(cluster.call.progress.length).toBeGreaterThan(1);
    expect(cluster.call.progress[0]?.message).toMatch(/^Waiting for deployment "web" rollout to finish/);
    const values = cluster.call.progress.map((entry) => entry.progress);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    const after = podNames(
      ok(
        await cluster.call('kubernetes_list', {
          resourceType: 'pods',
          namespace: 'team-a',
          labelSelector: 'app=web',
        }),
      ),
    );
    expect(after.filter((pod) => before.includes(pod))).toEqual([]);
    const history = ok(await cluster.call('kubernetes_rollout', { action: 'history', ...web }));
    expect(history).toMatch(/REVISION\s+CHANGE-CAUSE\s+IMAGES\n1\s.*nginx:1\.27\n2\s/);
  });

  it('undoes to the previous revision by patching its template back, like kubectl', async () => {
    await cluster.call('kubernetes_patch', {
      resourceType: 'deploy',
      ...web,
      patch: { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } },
    });
    await cluster.call('kubernetes_rollout', { action: 'status', ...web, wait: true, timeoutSeconds: 60 });
    expect(ok(await cluster.call('kubernetes_rollout', { action: 'undo', ...web }))).toBe(
      'deployment.apps/web rolled back to revision 2',
    );
    await cluster.call('kubernetes_rollout', { action: 'status', ...web, wait: true, timeoutSeconds: 60 });
    const deployment = ok(await cluster.call('kubernetes_get', { resourceType: 'deploy', ...web }));
    expect(deployment).toContain('image: nginx:1.27');
    expect(deployment).not.toContain('pod-template-hash');
    const history = ok(await cluster.call('kubernetes_rollout', { action: 'history', ...web }));
    expect(history).toMatch(/\n3\s.*nginx:1\.28\n4\s.*nginx:1\.27$/);
  });

  it('shows one revision with its pod template', async () => {
    const text = ok(await cluster.call('kubernetes_rollout', { action: 'history', ...web, toRevision: 3 }));
    expect(text).toContain('revision #3');
    expect(text).toContain('image: nginx:1.28');
  });

  it('pauses and resumes, and refuses to restart or undo while paused', async () => {
    const api = { name: 'api', namespace: 'team-a' };
    expect(ok(await cluster.call('kubernetes_rollout', { action: 'pause', ...api }))).toBe(
      'deployment.apps/api paused',
    );
    expect(ok(await cluster.call('kubernetes_rollout', { action: 'pause', ...api }))).toContain(
      'already paused',
    );
    expect(failed(await cluster.call('kubernetes_rollout', { action: 'restart', ...api }))).toContain(
      'resume it first',
    );
    expect(failed(await cluster.call('kubernetes_rollout', { action: 'undo', ...api }))).toContain(
      'resume it first',
    );
    expect(ok(await cluster.call('kubernetes_rollout', { action: 'resume', ...api }))).toBe(
      'deployment.apps/api resumed',
    );
  });

  it('reports statefulset and daemonset status, and refuses kinds that do not roll out', async () => {
    expect(
      ok(
        await cluster.call('kubernetes_rollout', {
          action: 'status',
          resourceType: 'sts',
          name: 'db',
          namespace: 'team-b',
        }),
      ),
    ).toMatch(/statefulset rolling update complete|Waiting/);
    expect(
      ok(
        await cluster.call('kubernetes_rollout', {
          action: 'status',
          resourceType: 'ds',
          name: 'kube-proxy',
          namespace: 'kube-system',
        }),
      ),
    ).toBe('daemon set "kube-proxy" successfully rolled out');
    expect(
      failed(
        await cluster.call('kubernetes_rollout', {
          action: 'status',
          resourceType: 'rs',
          name: 'x',
          namespace: 'team-a',
        }),
      ),
    ).toContain('works on deployments, statefulsets and daemonsets');
  });

  it('reports a rollout past its progress deadline as failed at once', async () => {
    const text = failed(
      await cluster.call('kubernetes_rollout', {
        action: 'status',
        name: 'worker',
        namespace: 'team-b',
        wait: true,
      }),
    );
    expect(text).toBe('deployment "worker" exceeded its progress deadline');
  });

  it('reports a rollout whose pods are refused as failed at once, saying why', async () => {
    const create = (object: Record<string, unknown>, namespace?: string) =>
      createObject(cluster, object, namespace);
    ok(await create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'capped' } }));
    ok(
      await create(
        {
          apiVersion: 'v1',
          kind: 'ResourceQuota',
          metadata: { name: 'none' },
          spec: { hard: { pods: '0' } },
        },
        'capped',
      ),
    );
    const labels = { app: 'blocked' };
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'blocked' },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx' }] } },
      },
    };
    ok(await create(deployment, 'capped'));
    const text = failed(
      await cluster.call('kubernetes_rollout', {
        action: 'status',
        name: 'blocked',
        namespace: 'capped',
        wait: true,
        timeoutSeconds: 30,
      }),
    );
    expect(text).toMatch(
      /^deployment "blocked" cannot create its pods \(FailedCreate\): pods "blocked-[a-z0-9]+-[a-z0-9]{5}" is forbidden: exceeded quota: none, requested: pods=1, used: pods=0, limited: pods=0$/,
    );
  });

  it('gives up waiting after the timeout with an error saying where it stands', async () => {
    const stuck = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'stuck', namespace: 'team-a' },
      spec: {
        selector: { matchLabels: { app: 'stuck' } },
        template: {
          metadata: { labels: { app: 'stuck' } },
          spec: { nodeSelector: { disk: 'nowhere' }, containers: [{ name: 'main', image: 'busybox:1.36' }] },
        },
      },
    };
    ok(await cluster.call('kubernetes_apply', { object: stuck }));
    const text = failed(
      await cluster.call('kubernetes_rollout', {
        action: 'status',
        name: 'stuck',
        namespace: 'team-a',
        wait: true,
        timeoutSeconds: 1,
      }),
    );
    expect(text).toMatch(/Waiting for deployment "stuck" rollout to finish[\s\S]*Still not done after 1s/);
  });
});

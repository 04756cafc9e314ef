import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObject, failed, ok, startToolCluster, type ToolCluster } from '../tool-harness.js';

let cluster: ToolCluster;
beforeAll(async () => {
  cluster = await startToolCluster();
});
afterAll(() => cluster.stop());

describe('kubernetes_list', () => {
  it('answers with the server-side table columns by default', async () => {
    const text = ok(await cluster.call('kubernetes_list', { resourceType: 'po', namespace: 'team-a' }));
    const [header] = text.split('\n');
    expect(header).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(text).toMatch(/api-\S+\s+0\/1\s+CrashLoopBackOff/);
    expect(text).not.toContain('kube-system');
  });

  it('adds a NAMESPACE column across all namespaces', async () => {
    const text = ok(await cluster.call('kubernetes_list', { resourceType: 'pods', allNamespaces: true }));
    expect(text.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME/);
    expect(text).toMatch(/^kube-system\s+coredns/m);
    expect(text).toMatch(/^team-b\s+worker-\S+\s+0\/1\s+Pending/m);
  });

  it('lists custom resources by short name with their printer columns', async () => {
    const text = ok(await cluster.call('kubernetes_list', { resourceType: 'wg', namespace: 'team-a' }));
    expect(text.split('\n')[0]).toMatch(/^NAME\s+SIZE\s+COLOR\s+PHASE\s+AGE$/);
    expect(text).toContain('gizmo');
  });

  it('filters with label and field selectors', async () => {
    const byLabel = ok(
      await cluster.call('kubernetes_list', {
        resourceType: 'pods',
        namespace: 'team-a',
        labelSelector: 'app=web',
      }),
    );
    expect(
      byLabel
        .split('\n')
        .slice(1)
        .every((line) => line.startsWith('web-')),
    ).toBe(true);
    const byField = ok(
      await cluster.call('kubernetes_list', {
        resourceType: 'pods',
        allNamespaces: true,
        fieldSelector: 'status.phase=Pending',
      }),
    );
    expect(byField.split('\n')).toHaveLength(2);
  });

  it('returns whole objects as json, yaml or slim YAML', async () => {
    const args = { resourceType: 'deployments', namespace: 'team-a' };
    const json = JSON.parse(ok(await cluster.call('kubernetes_list', { ...args, output: 'json' })));
    expect(json.map((item: { metadata: { name: string } }) => item.metadata.name).sort()).toEqual([
      'api',
      'web',
    ]);
    expect(json[0].kind).toBe('Deployment');
    const yaml = ok(await cluster.call('kubernetes_list', { ...args, output: 'yaml' }));
    expect(yaml).toContain('resourceVersion');
    const slim = ok(await cluster.call('kubernetes_list', { ...args, output: 'slim' }));
    expect(slim).toContain('kind: Deployment');
    expect(slim).not.toContain('managedFields');
    expect(slim).not.toContain('resourceVersion');
  });

  it('summarizes counts by namespace and status', async () => {
    const text = ok(
      await cluster.call('kubernetes_list', { resourceType: 'pods', allNamespaces: true, summary: true }),
    );
    expect(text).toMatch(/by namespace: .*team-a \d+/);
    expect(text).toMatch(/CrashLoopBackOff 1 \(team-a\/api-/);
  });

  it('says plainly when nothing matches', async () => {
    const text = ok(
      await cluster.call('kubernetes_list', {
        resourceType: 'pods',
        namespace: 'team-a',
        labelSelector: 'app=none',
      }),
    );
    expect(text).toBe('No pods found in namespace "team-a" matching the selectors.');
  });

  it('tells a namespace that does not exist from an empty one', async () => {
    const misspelt = ok(await cluster.call('kubernetes_list', { resourceType: 'pods', namespace: 'teama' }));
    expect(misspelt).toBe(
      'No pods found: namespace "teama" does not exist. Call kubernetes_list (resourceType: "namespaces") ' +
        'to see the namespaces there are.',
    );
    const asYaml = await cluster.call('kubernetes_list', {
      resourceType: 'cm',
      namespace: 'teama',
      output: 'yaml',
    });
    expect(ok(asYaml)).toContain('namespace "teama" does not exist');
    expect(ok(await cluster.call('kubernetes_list', { resourceType: 'jobs', namespace: 'team-b' }))).toBe(
      'No jobs found in namespace "team-b".',
    );
  });

  it('suggests the nearest kinds for an unknown resource type', async () => {
    const text = failed(await cluster.call('kubernetes_list', { resourceType: 'deploymnets' }));
    expect(text).toContain('does not serve "deploymnets"');
    expect(text).toMatch(/Did you mean: .*deployments/);
  });
});

describe('kubernetes_get', () => {
  it('returns the slim object by default', async () => {
    const text = ok(
      await cluster.call('kubernetes_get', { resourceType: 'deploy', name: 'web', namespace: 'team-a' }),
    );
    expect(text).toContain('kind: Deployment');
    expect(text).toContain('image: nginx:1.27');
    expect(text).not.toMatch(/managedFields|resourceVersion|uid:/);
  });

  it('returns everything with output full', async () => {
    const text = ok(
      await cluster.call('kubernetes_get', {
        resourceType: 'deploy',
        name: 'web',
        namespace: 'team-a',
        output: 'full',
      }),
    );
    expect(JSON.parse(text).metadata.uid).toBeTruthy();
  });

  it('ignores the namespace for cluster-scoped kinds', async () => {
    const text = ok(
      await cluster.call('kubernetes_get', { resourceType: 'node', name: 'worker-1', namespace: 'team-a' }),
    );
    expect(text).toContain('kind: Node');
  });

  it('reads an object whose name holds a colon, as the system: roles do', async () => {
    const name = 'system:aggregated-metrics-reader';
    const text = ok(await cluster.call('kubernetes_get', { resourceType: 'clusterrole', name }));
    expect(text).toContain('kind: ClusterRole');
    expect(text).toContain(`name: ${name}`);
  });

  it('names the kind, name and namespace of a missing object and suggests kubernetes_list', async () => {
    const text = failed(
      await cluster.call('kubernetes_get', { resourceType: 'deploy', name: 'nope', namespace: 'team-a' }),
    );
    expect(text).toContain('Deployment "nope" not found in namespace "team-a"');
    expect(text).toContain('kubernetes_list (resourceType: "deployments", namespace: "team-a")');
  });
});

describe('kubernetes_describe', () => {
  it('shows a workload with the pods it owns and its events', async () => {
    const text = ok(
      await cluster.call('kubernetes_describe', { resourceType: 'deploy', name: 'web', namespace: 'team-a' }),
    );
    expect(text).toMatch(/^Deployment team-a\/web:/);
    expect(text).toMatch(/Pods \(app=web\):\nNAME\s+READY\s+STATUS/);
    expect(text).toMatch(/Events \(newest first\):[\s\S]*ScalingReplicaSet/);
  });

  it('shows a service with the pods its selector sends traffic to, ready or not', async () => {
    const text = ok(
      await cluster.call('kubernetes_describe', { resourceType: 'svc', name: 'api', namespace: 'team-a' }),
    );
    expect(text).toMatch(/^Service team-a\/api:/);
    expect(text).toMatch(/Pods \(app=api\):\nNAME\s+READY\s+STATUS/);
    expect(text).toMatch(/0\/1\s+CrashLoopBackOff/);
  });

  it("shows a namespace's quotas, used against hard, and its limit ranges, as kubectl describe does", async () => {
    const create = (object: Record<string, unknown>, namespace?: string) =>
      createObject(cluster, object, namespace);
    ok(await create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'policies' } }));
    const describe = () => cluster.call('kubernetes_describe', { resourceType: 'ns', name: 'policies' });
    expect(ok(await describe())).toContain('Resource quotas: <none>\n\nLimit ranges: <none>');
    ok(
      await create(
        {
          apiVersion: 'v1',
          kind: 'ResourceQuota',
          metadata: { name: 'caps' },
          spec: { hard: { pods: '3', 'count/configmaps': '9' } },
        },
        'policies',
      ),
    );
    ok(
      await create(
        {
          apiVersion: 'v1',
          kind: 'LimitRange',
          metadata: { name: 'bounds' },
          spec: { limits: [{ type: 'Container', max: { cpu: '2' } }] },
        },
        'policies',
      ),
    );
    await expect.poll(async () => ok(await describe()), { timeout: 10_000 }).toMatch(/^pods\s+0\s+3$/m);
    const text = ok(await describe());
    expect(text).toMatch(
      /Resource quotas:\nName: caps\nRESOURCE\s+USED\s+HARD\ncount\/configmaps\s+\d+\s+9\npods\s+0\s+3/,
    );
    // The API's defaults for a Container max: the default limit and request follow it.
    expect(text).toMatch(
      /Limit ranges:\nTYPE\s+RESOURCE\s+MIN\s+MAX\s+DEFAULT REQUEST\s+DEFAULT LIMIT\s+MAX LIMIT\/REQUEST RATIO\nContainer\s+cpu\s+-\s+2\s+2\s+2\s+-$/m,
    );
  });

  it('shows why a crash-looping pod fails', async () => {
    const pods = ok(
      await cluster.call('kubernetes_list', {
        resourceType: 'pods',
        namespace: 'team-a',
        labelSelector: 'app=api',
      }),
    );
    const crashing = /^(api-\S+)\s+0\/1\s+CrashLoopBackOff/m.exec(pods)?.[1] ?? '';
    const text = ok(
      await cluster.call('kubernetes_describe', { resourceType: 'pod', name: crashing, namespace: 'team-a' }),
    );
    expect(text).toMatch(/Warning\s+BackOff\s+pod\/api-/);
    expect(text).toMatch(/\(x\d+ over/);
  });
});

describe('kubernetes_events', () => {
  it('lists events newest first, filtered by type and object', async () => {
    const text = ok(await cluster.call('kubernetes_events', { namespace: 'team-a', type: 'Warning' }));
    expect(text.split('\n')[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    expect(
      text
        .split('\n')
        .slice(1)
        .every((line) => /\sWarning\s/.test(line)),
    ).toBe(true);
    const about = ok(
      await cluster.call('kubernetes_events', {
        namespace: 'team-a',
        objectKind: 'deploy',
        objectName: 'web',
      }),
    );
    expect(about).toContain('deployment/web');
  });

  it('sorts the newest event first', async () => {
    const text = ok(await cluster.call('kubernetes_events', { allNamespaces: true, limit: 500 }));
    const ages = text
      .split('\n')
      .slice(1)
      .map((line) => line.split(/\s+/)[1] ?? '');
    const seconds = (age: string) =>
      [...age.matchAll(/(\d+)([dhms])/g)].reduce(
        (sum, [, value, unit]) => sum + Number(value) * { d: 86400, h: 3600, m: 60, s: 1 }[unit as 'd'],
        0,
      );
    const values = ages.map(seconds);
    expect(values).toEqual([...values].sort((a, b) => a - b));
  });
});

describe('kubernetes_api_resources', () => {
  it('lists served types including custom resources', async () => {
    const text = ok(await cluster.call('kubernetes_api_resources'));
    expect(text.split('\n')[0]).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$/);
    expect(text).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    expect(text).toMatch(/^widgets\s+wg\s+example\.com\/v1\S*\s+true\s+Widget$/m);
  });

  it('filters by group and scope', async () => {
    const text = ok(await cluster.call('kubernetes_api_resources', { apiGroup: '', namespaced: false }));
    expect(text).toMatch(/^nodes\s/m);
    expect(text).not.toMatch(/^pods\s/m);
  });
});

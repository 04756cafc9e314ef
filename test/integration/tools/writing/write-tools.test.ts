import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObject, failed, ok, startToolCluster, type ToolCluster } from '../tool-harness.js';

let cluster: ToolCluster;
beforeAll(async () => {
  cluster = await startToolCluster();
});
afterAll(() => cluster.stop());

const configMap = (name: string, data: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data,
});

/** A ConfigMap of team-a as the API server stores it (`output: full`). */
async function storedConfigMap(name: string) {
  const args = { resourceType: 'cm', name, namespace: 'team-a', output: 'full' };
  return JSON.parse(ok(await cluster.call('kubernetes_get', args)));
}

async function getConfigMap(name: string) {
  return cluster.call('kubernetes_get', { resourceType: 'cm', name, namespace: 'team-a' });
}

describe('kubernetes_create', () => {
  it('creates an object and refuses to create it twice, pointing to apply', async () => {
    const args = { object: configMap('created', { a: '1' }), namespace: 'team-a' };
    expect(ok(await cluster.call('kubernetes_create', args))).toBe(
      'configmap/created created in namespace team-a',
    );
    const again = failed(await cluster.call('kubernetes_create', args));
    expect(again).toContain('already exists');
    expect(again).toContain('kubernetes_apply');
  });
});

describe('kubernetes_create refused by admission control', () => {
  it('says a quota refused it, not RBAC, and where to look', async () => {
    const create = (object: Record<string, unknown>) => createObject(cluster, object, 'capped');
    ok(await createObject(cluster, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'capped' } }));
    ok(
      await create({
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'none' },
        spec: { hard: { pods: '0' } },
      }),
    );
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    };
    const text = failed(await create(pod));
    expect(text).toContain(
      `Refused by the cluster's admission control (403 Forbidden), not for lack of permission: "pods "p" is forbidden: exceeded quota: none, requested: pods=1, used: pods=0, limited: pods=0"`,
    );
    expect(text).toContain('resourceType: "resourcequotas"');
    expect(text).not.toContain('kubernetes_can_i');
  });
});

describe('kubernetes_apply', () => {
  it('applies several YAML documents with server-side apply as mcp-kubernetes', async () => {
    const manifest = [
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first\ndata:\n  mode: fast',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: second\n  namespace: team-a\ndata:\n  mode: slow',
    ].join('\n---\n');
    const text = ok(await cluster.call('kubernetes_apply', { manifest, namespace: 'team-a' }));
    expect(text).toBe(
      'configmap/first serverside-applied in namespace team-a\nconfigmap/second serverside-applied in ' +
        'namespace team-a',
    );
    const stored = await storedConfigMap('first');
    expect(stored.data).toEqual({ mode: 'fast' });
    expect(stored.metadata.managedFields[0]).toMatchObject({ manager: 'mcp-kubernetes', operation: 'Apply' });
  });

  it('honours YAML merge keys in a manifest, as kubectl does', async () => {
    const manifest =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: merged\n  labels: &common\n    tier: web\n' +
      'data:\n  <<: *common\n  mode: fast';
    ok(await cluster.call('kubernetes_apply', { manifest, namespace: 'team-a' }));
    const stored = await storedConfigMap('merged');
    expect(stored.data).toEqual({ tier: 'web', mode: 'fast' });
  });

  it('reports a conflict with another manager and suggests force, which then wins', async () => {
    await cluster.call('kubernetes_apply', {
      object: configMap('owned', { mode: 'a' }),
      namespace: 'team-a',
    });
    await cluster.call('kubernetes_patch', {
      resourceType: 'cm',
      name: 'owned',
      namespace: 'team-a',
      patchType: 'merge',
      patch: { data: { mode: 'b' } },
    });
    const object = configMap('owned', { mode: 'c' });
    const conflict = failed(await cluster.call('kubernetes_apply', { object, namespace: 'team-a' }));
    expect(conflict).toMatch(/conflict/i);
    expect(conflict).toContain('force: true');
    ok(await cluster.call('kubernetes_apply', { object, namespace: 'team-a', force: true }));
    expect(ok(await getConfigMap('owned'))).toContain('mode: c');
  });

  it('refuses a field the kind does not have, naming it, on create and patch', async () => {
    const created = failed(
      await cluster.call('kubernetes_create', {
        namespace: 'team-a',
        manifest: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typo\ndatta:\n  a: b\n',
      }),
    );
    expect(created).toContain('strict decoding error: unknown field "datta"');
    const patched = failed(
      await cluster.call('kubernetes_patch', {
        resourceType: 'deploy',
        name: 'web',
        namespace: 'team-a',
        patchType: 'merge',
        patch: { spec: { replicass: 2 } },
      }),
    );
    expect(patched).toContain('unknown field "spec.replicass"');
    expect(
      failed(await cluster.call('kubernetes_get', { resourceType: 'cm', name: 'typo', namespace: 'team-a' })),
    ).toContain('not found');
  });

  it('refuses a document whose namespace contradicts the call', async () => {
    const object = { ...configMap('x'), metadata: { name: 'x', namespace: 'team-b' } };
    expect(failed(await cluster.call('kubernetes_apply', { object, namespace: 'team-a' }))).toContain(
      'names namespace "team-b" but the call says "team-a"',
    );
  });
});

describe('kubernetes_patch', () => {
  it('patches with strategic merge, merge and JSON patch operations', async () => {
    await cluster.call('kubernetes_create', {
      object: configMap('patched', { a: '1' }),
      namespace: 'team-a',
    });
    const target = { resourceType: 'cm', name: 'patched', namespace: 'team-a' };
    ok(await cluster.call('kubernetes_patch', { ...target, patch: { data: { b: '2' } } }));
    ok(
      await cluster.call('kubernetes_patch', { ...target, patchType: 'merge', patch: { data: { a: null } } }),
    );
    const text = ok(
      await cluster.call('kubernetes_patch', {
        ...target,
        patchType: 'json',
        patch: [{ op: 'add', path: '/data/c', value: '3' }],
      }),
    );
    expect(text).toMatch(/^configmap\/patched patched in namespace team-a\n/);
    expect(text).toMatch(/data:\n {2}b: "2"\n {2}c: "3"/);
  });
});

describe('kubernetes_scale and kubernetes_delete', () => {
  it('scales a deployment through its scale subresource', async () => {
    const text = ok(
      await cluster.call('kubernetes_scale', { name: 'web', namespace: 'team-a', replicas: 5 }),
    );
    expect(text).toBe('deployment.apps/web scaled from 3 to 5 replicas in namespace team-a');
    expect(
      ok(await cluster.call('kubernetes_get', { resourceType: 'deploy', name: 'web', namespace: 'team-a' })),
    ).toContain('replicas: 5');
  });

  it('refuses to scale a kind without a scale subresource', async () => {
    const text = failed(
      await cluster.call('kubernetes_scale', {
        resourceType: 'cm',
        name: 'first',
        namespace: 'team-a',
        replicas: 1,
      }),
    );
    expect(text).toContain('configmaps cannot be scaled');
  });

  it('deletes an object', async () => {
    await cluster.call('kubernetes_create', { object: configMap('doomed'), namespace: 'team-a' });
    expect(
      ok(
        await cluster.call('kubernetes_delete', { resourceType: 'cm', name: 'doomed', namespace: 'team-a' }),
      ),
    ).toBe('configmap/doomed deleted in namespace team-a');
    expect(failed(await getConfigMap('doomed'))).toContain('ConfigMap "doomed" not found');
  });
});

describe('--dry-run', () => {
  const dryRun = { dryRun: true };

  it('sends every write with dryRun=All, says so, and stores nothing', async () => {
    const note = 'dry run: the API server validated this change, nothing was stored';
    const results = [
      await cluster.call(
        'kubernetes_create',
        { object: configMap('dry-created'), namespace: 'team-a' },
        dryRun,
      ),
      await cluster.call(
        'kubernetes_apply',
        { object: configMap('dry-applied'), namespace: 'team-a' },
        dryRun,
      ),
      await cluster.call(
        'kubernetes_patch',
        {
          resourceType: 'deploy',
          name: 'api',
          namespace: 'team-a',
          patch: { metadata: { labels: { dry: 'run' } } },
        },
        dryRun,
      ),
      await cluster.call('kubernetes_scale', { name: 'api', namespace: 'team-a', replicas: 7 }, dryRun),
      await cluster.call(
        'kubernetes_delete',
        { resourceType: 'cm', name: 'web-config', namespace: 'team-a' },
        dryRun,
      ),
      await cluster.call('kubernetes_rollout', { action: 'pause', name: 'api', namespace: 'team-a' }, dryRun),
    ];
    for (const result of results) expect(ok(result)).toContain(note);
    expect(failed(await getConfigMap('dry-created'))).toContain('not found');
    expect(failed(await getConfigMap('dry-applied'))).toContain('not found');
    ok(await getConfigMap('web-config'));
    const api = ok(
      await cluster.call('kubernetes_get', { resourceType: 'deploy', name: 'api', namespace: 'team-a' }),
    );
    expect(api).not.toContain('dry: run');
    expect(api).toContain('replicas: 2');
    expect(api).not.toContain('paused');
  });

  it('refuses exec, which cannot be a dry run', async () => {
    const text = failed(
      await cluster.call('kubernetes_exec', { name: 'db-0', namespace: 'team-b', command: ['true'] }, dryRun),
    );
    expect(text).toBe(
      'kubernetes_exec is disabled: the server runs with --dry-run, and a command run in a container ' +
        'cannot be a dry run',
    );
  });
});

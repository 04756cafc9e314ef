import { describe, expect, it } from 'vitest';
import { strategicMergePatch } from '../../../src/patch/strategic-merge-patch.js';
import { StrategicPatchError } from '../../../src/patch/strategic-patch-error.js';

const DEPLOYMENT = 'io.k8s.api.apps.v1.Deployment';

function deployment(): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'team-a', finalizers: ['a', 'b'] },
    spec: {
      replicas: 2,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
      template: {
        spec: {
          containers: [
            {
              name: 'app',
              image: 'app:1',
              args: ['--a', '--b'],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
              ports: [{ containerPort: 80 }, { containerPort: 443 }],
            },
            { name: 'sidecar', image: 'side:1' },
          ],
        },
      },
    },
    status: {
      conditions: [
        { type: 'Available', status: 'True' },
        { type: 'Progressing', status: 'True' },
      ],
    },
  };
}

type Container = { name: string; image?: string; env?: unknown[]; args?: string[]; ports?: unknown[] };

function containersOf(object: Record<string, unknown>): Container[] {
  return (object as { spec: { template: { spec: { containers: Container[] } } } }).spec.template.spec
    .containers;
}

function patchContainers(
  containers: unknown[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { spec: { template: { spec: { containers, ...extra } } } };
}

describe('strategicMergePatch on a Deployment', () => {
  it('merges one container env by name and keeps the other containers and env entries', () => {
    const patched = strategicMergePatch(
      deployment(),
      patchContainers([
        {
          name: 'app',
          env: [
            { name: 'B', value: 'two' },
            { name: 'C', value: '3' },
          ],
        },
      ]),
      DEPLOYMENT,
    );
    const [app, sidecar] = containersOf(patched);
    expect(sidecar).toEqual({ name: 'sidecar', image: 'side:1' });
    expect(app?.image).toBe('app:1');
    expect(app?.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'two' },
      { name: 'C', value: '3' },
    ]);
  });

  it('removes a container named by a $patch: delete item', () => {
    const patched = strategicMergePatch(
      deployment(),
      patchContainers([{ name: 'sidecar', $patch: 'delete' }]),
      DEPLOYMENT,
    );
    expect(containersOf(patched).map((container) => container.name)).toEqual(['app']);
  });

  it('reorders containers by $setElementOrder/containers', () => {
    const order = [{ name: 'sidecar' }, { name: 'app' }];
    const patch = { spec: { template: { spec: { '$setElementOrder/containers': order } } } };
    const patched = strategicMergePatch(deployment(), patch, DEPLOYMENT);
    expect(containersOf(patched).map((container) => container.name)).toEqual(['sidecar', 'app']);
  });

  it('merges container ports by containerPort', () => {
    const patched = strategicMergePatch(
      deployment(),
      patchContainers([{ name: 'app', ports: [{ containerPort: 443, name: 'https' }] }]),
      DEPLOYMENT,
    );
    expect(containersOf(patched)[0]?.ports).toEqual([
      { containerPort: 80 },
      { containerPort: 443, name: 'https' },
    ]);
  });

  it('replaces args atomically', () => {
    const patched = strategicMergePatch(
      deployment(),
      patchContainers([{ name: 'app', args: ['--c'] }]),
      DEPLOYMENT,
    );
    expect(containersOf(patched)[0]?.args).toEqual(['--c']);
  });

  it('merges status conditions by type', () => {
    const patched = strategicMergePatch(
      deployment(),
      { status: { conditions: [{ type: 'Progressing', status: 'False' }] } },
      DEPLOYMENT,
    );
    expect(patched.status).toEqual({
      conditions: [
        { type: 'Available', status: 'True' },
        { type: 'Progressing', status: 'False' },
      ],
    });
  });

  it('drops keys a $retainKeys directive does not list', () => {
    const patched = strategicMergePatch(
      deployment(),
      { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
      DEPLOYMENT,
    );
    expect((patched.spec as { strategy: unknown }).strategy).toEqual({ type: 'Recreate' });
  });

  it('refuses a patch key missing from its $retainKeys list with a BadRequest error', () => {
    const patch = { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: { maxSurge: 2 } } } };
    const failure = catchError(() => strategicMergePatch(deployment(), patch, DEPLOYMENT));
    expect(failure).toMatchObject({ message: 'invalid patch format of retainKeys', answer: 'BadRequest' });
  });

  it('merges finalizers as a set and deletes those in $deleteFromPrimitiveList/finalizers', () => {
    const added = strategicMergePatch(deployment(), { metadata: { finalizers: ['b', 'c'] } }, DEPLOYMENT);
    expect((added.metadata as { finalizers: string[] }).finalizers).toEqual(['a', 'b', 'c']);
    const removed = strategicMergePatch(
      deployment(),
      { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } },
      DEPLOYMENT,
    );
    expect((removed.metadata as { finalizers: string[] }).finalizers).toEqual(['b']);
  });

  it('deletes a field set to null and replaces a map under $patch: replace', () => {
    const patched = strategicMergePatch(
      deployment(),
      { spec: { replicas: null, strategy: { $patch: 'replace', type: 'Recreate' } } },
      DEPLOYMENT,
    );
    expect(patched.spec).not.toHaveProperty('replicas');
    expect((patched.spec as { strategy: unknown }).strategy).toEqual({ type: 'Recreate' });
  });

  it('replaces a merging list under a $patch: replace item', () => {
    const patched = strategicMergePatch(
      deployment(),
      patchContainers([{ $patch: 'replace' }, { name: 'only', image: 'only:1' }]),
      DEPLOYMENT,
    );
    expect(containersOf(patched)).toEqual([{ name: 'only', image: 'only:1' }]);
  });

  it('treats a field without patch metadata as a plain map or an atomic list', () => {
    const patched = strategicMergePatch(
      { spec: { extra: { a: 1, b: 2 }, items: [{ name: 'x' }] } },
      { spec: { extra: { b: 3 }, items: [{ name: 'y' }] } },
      DEPLOYMENT,
    );
    expect(patched.spec).toEqual({ extra: { a: 1, b: 3 }, items: [{ name: 'y' }] });
  });

  it('answers a $patch: merge directive on a list as the real server does, with a server error', () => {
    const failure = catchError(() =>
      strategicMergePatch(deployment(), patchContainers([{ $patch: 'merge' }]), DEPLOYMENT),
    );
    expect(failure).toMatchObject({
      answer: 'ServerError',
      message: 'merging lists cannot yet be specified in the patch',
    });
  });
});

describe('strategicMergePatch on a Service', () => {
  it('merges ports by port', () => {
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: {
        ports: [
          { port: 80, targetPort: 8080 },
          { port: 443, targetPort: 8443 },
        ],
      },
    };
    const patched = strategicMergePatch(
      service,
      { spec: { ports: [{ port: 80, targetPort: 9090 }] } },
      'io.k8s.api.core.v1.Service',
    );
    expect(patched.spec).toEqual({
      ports: [
        { port: 80, targetPort: 9090 },
        { port: 443, targetPort: 8443 },
      ],
    });
  });
});

function catchError(action: () => unknown): StrategicPatchError | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof StrategicPatchError) return error;
    throw error;
  }
  return undefined;
}

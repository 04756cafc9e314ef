import { describe, expect, it } from 'vitest';
import { deleteWithPropagation } from '../../../src/controllers/cascading-deletion.js';
import { DEPLOYMENTS, JOBS, PODS, REPLICA_SETS } from '../../../src/controllers/objects.js';
import { deploymentBody, NAMESPACE, type TestCluster, testClusterStarter } from './controller-fixtures.js';

const start = testClusterStarter();

async function withDeployment(): Promise<TestCluster> {
  const test = start();
  test.create('apps', 'deployments', deploymentBody('web', 2));
  await test.controllers.idle();
  return test;
}

function remove(
  test: TestCluster,
  group: string,
  plural: string,
  name: string,
  policy?: 'Background' | 'Foreground' | 'Orphan',
) {
  return deleteWithPropagation(
    test.cluster,
    test.resource(group, plural),
    NAMESPACE,
    name,
    policy,
    new Date(),
  );
}

describe('cascading deletion', () => {
  it('deletes the owner at once and its dependents afterwards in the background', async () => {
    const test = await withDeployment();
    const deleted = remove(test, 'apps', 'deployments', 'web', 'Background');
    expect(deleted.metadata.deletionTimestamp).toBeUndefined();
    expect(test.list(DEPLOYMENTS)).toEqual([]);
    expect(test.list(REPLICA_SETS)).toHaveLength(1);

    await test.controllers.idle();
    expect(test.list(REPLICA_SETS)).toEqual([]);
    expect(test.list(PODS)).toEqual([]);
  });

  it('keeps a foreground-deleted owner, marked, until its dependents are gone', async () => {
    const test = await withDeployment();
    const pending = remove(test, 'apps', 'deployments', 'web', 'Foreground');
    expect(pending.metadata).toMatchObject({
      deletionTimestamp: expect.any(String),
      deletionGracePeriodSeconds: 0,
      finalizers: ['foregroundDeletion'],
    });
    expect(test.get(DEPLOYMENTS, 'web').metadata.deletionTimestamp).toBe(pending.metadata.deletionTimestamp);

    await test.controllers.idle();
    expect(test.list(DEPLOYMENTS)).toEqual([]);
    expect(test.list(REPLICA_SETS)).toEqual([]);
    expect(test.list(PODS)).toEqual([]);
  });

  it('orphans the dependents, which lose their owner reference and stay', async () => {
    const test = await withDeployment();
    remove(test, 'apps', 'deployments', 'web', 'Orphan');
    await test.controllers.idle();

    expect(test.list(DEPLOYMENTS)).toEqual([]);
    const [replicaSet] = test.list(REPLICA_SETS);
    expect(replicaSet?.metadata.ownerReferences).toBeUndefined();
    expect(test.list(PODS)).toHaveLength(2);
  });

  it("orphans a Job's pods when the request names no policy, as batch/v1 does", async () => {
    const test = start();
    test.create('batch', 'jobs', {
      metadata: { name: 'report' },
      spec: {
        template: {
          spec: { restartPolicy: 'Never', containers: [{ name: 'report', image: 'busybox:1.36' }] },
        },
      },
    });
    await test.controllers.idle();
    remove(test, 'batch', 'jobs', 'report');
    await test.controllers.idle();
    expect(test.list(JOBS)).toEqual([]);
    const [pod] = test.list(PODS);
    expect(pod?.metadata.ownerReferences).toBeUndefined();
  });
});

describe('finalizers', () => {
  it('keep a deleted object until an update empties them', async () => {
    const test = start();
    test.create('', 'configmaps', { metadata: { name: 'held', finalizers: ['example.com/hold'] }, data: {} });
    const configMaps = { group: '', resource: 'configmaps' };

    const pending = remove(test, '', 'configmaps', 'held');
    expect(pending.metadata).toMatchObject({
      deletionTimestamp: expect.any(String),
      finalizers: ['example.com/hold'],
    });
    await test.controllers.idle();
    expect(test.get(configMaps, 'held').metadata.deletionTimestamp).toBe(pending.metadata.deletionTimestamp);
    expect(remove(test, '', 'configmaps', 'held').metadata.deletionTimestamp).toBe(
      pending.metadata.deletionTimestamp,
    );

    test.edit(configMaps, 'held', (object) => {
      object.metadata.finalizers = [];
    });
    await test.controllers.idle();
    expect(test.list(configMaps)).toEqual([]);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { CLAIMS, EVENTS, PODS, VOLUMES } from '../../../src/controllers/objects.js';
import type { KubeObject } from '../../../src/types.js';
import { NAMESPACE, testClusterStarter } from './controller-fixtures.js';

const start = testClusterStarter();

const claimBody = (name: string, storageClassName?: string) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name },
  spec: {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: '2Gi' } },
    ...(storageClassName !== undefined && { storageClassName }),
  },
});

const podUsing = (name: string, claim: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: {
    containers: [{ name: 'app', image: 'busybox' }],
    volumes: [{ name: 'data', persistentVolumeClaim: { claimName: claim } }],
  },
});

const storageClass = (name: string, provisioner: string, fields: Record<string, string> = {}) => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name },
  provisioner,
  ...fields,
});

const phaseOf = (object: KubeObject | undefined) => (object?.status as { phase?: string } | undefined)?.phase;
const reasonsAbout = (events: KubeObject[], name: string) =>
  events
    .filter((event) => (event.involvedObject as { name: string }).name === name)
    .map((event) => [event.reason, event.message]);

describe('the volume binder (persistent volume controller and local-path provisioner)', () => {
  it('gives a new claim the default class and protection, and binds it once a pod using it is scheduled', async () => {
    const test = start();
    const claim = test.create('', 'persistentvolumeclaims', claimBody('scratch'));
    expect(claim.spec).toMatchObject({ storageClassName: 'standard', volumeMode: 'Filesystem' });
    expect(claim.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    await test.controllers.idle();
    expect(phaseOf(test.get(CLAIMS, 'scratch'))).toBe('Pending');
    expect(reasonsAbout(test.list(EVENTS), 'scratch')).toEqual([
      ['WaitForFirstConsumer', 'waiting for first consumer to be created before binding'],
    ]);

    test.create('', 'pods', podUsing('user', 'scratch'));
    await test.controllers.idle();
    const bound = test.get(CLAIMS, 'scratch');
    const node = (test.get(PODS, 'user').spec as { nodeName: string }).nodeName;
    expect(bound.status).toEqual({
      phase: 'Bound',
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '2Gi' },
    });
    const volumeName = (bound.spec as { volumeName: string }).volumeName;
    expect(volumeName).toBe(`pvc-${bound.metadata.uid}`);
    expect(bound.metadata.annotations?.['volume.kubernetes.io/selected-node']).toBe(node);
    const volume = test.cluster.store.get(VOLUMES, '', volumeName);
    expect(phaseOf(volume)).toBe('Bound');
    expect(volume?.spec).toMatchObject({
      capacity: { storage: '2Gi' },
      persistentVolumeReclaimPolicy: 'Delete',
      claimRef: { namespace: NAMESPACE, name: 'scratch', uid: bound.metadata.uid },
    });
    expect(reasonsAbout(test.list(EVENTS), 'scratch').map(([reason]) => reason)).toEqual([
      'WaitForFirstConsumer',
      'Provisioning',
      'ProvisioningSucceeded',
    ]);

    // Deleted while the pod uses it, the claim waits; once the pod is gone, claim and volume go.
    test.cluster.store.update(CLAIMS, {
      ...bound,
      metadata: { ...bound.metadata, deletionTimestamp: new Date().toISOString() },
    });
    await test.controllers.idle();
    expect(test.list(CLAIMS)).toHaveLength(1);
    test.cluster.store.delete(PODS, NAMESPACE, 'user');
    await vi.waitFor(() => expect(test.list(CLAIMS)).toEqual([]), { timeout: 10_000 });
    await vi.waitFor(() => expect(test.cluster.store.get(VOLUMES, '', volumeName)).toBeUndefined(), {
      timeout: 10_000,
    });
  });

  it('binds a claim of an Immediate class at once, and keeps its volume Released under Retain', async () => {
    const test = start();
    test.create(
      'storage.k8s.io',
      'storageclasses',
      storageClass('kept', 'rancher.io/local-path', {
        reclaimPolicy: 'Retain',
        volumeBindingMode: 'Immediate',
      }),
    );
    test.create('', 'persistentvolumeclaims', claimBody('archive', 'kept'));
    await test.controllers.idle();
    const claim = test.get(CLAIMS, 'archive');
    expect(phaseOf(claim)).toBe('Bound');
    const volumeName = (claim.spec as { volumeName: string }).volumeName;
    expect(test.cluster.store.get(VOLUMES, '', volumeName)?.spec).not.toHaveProperty('nodeAffinity');

    test.cluster.store.delete(CLAIMS, NAMESPACE, 'archive');
    await test.controllers.idle();
    expect(phaseOf(test.cluster.store.get(VOLUMES, '', volumeName))).toBe('Released');
  });

  it('leaves a claim Pending, saying why, when nothing here can provision it', async () => {
    const test = start();
    test.create('storage.k8s.io', 'storageclasses', storageClass('ebs', 'ebs.csi.aws.com'));
    test.create('', 'persistentvolumeclaims', claimBody('missing-class', 'fast'));
    test.create('', 'persistentvolumeclaims', claimBody('elsewhere', 'ebs'));
    test.create('', 'persistentvolumeclaims', claimBody('no-class', ''));
    await test.controllers.idle();
    for (const name of ['missing-class', 'elsewhere', 'no-class'])
      expect(phaseOf(test.get(CLAIMS, name)), name).toBe('Pending');
    expect(test.cluster.store.list(VOLUMES)).toEqual([]);
    const events = test.list(EVENTS);
    expect(reasonsAbout(events, 'missing-class')).toEqual([
      ['ProvisioningFailed', 'storageclass.storage.k8s.io "fast" not found'],
    ]);
    expect(reasonsAbout(events, 'elsewhere')[0]?.[1]).toMatch(
      /^Waiting for a volume to be created either by the external provisioner 'ebs\.csi\.aws\.com'/,
    );
    expect(reasonsAbout(events, 'no-class')).toEqual([
      ['FailedBinding', 'no persistent volumes available for this claim and no storage class is set'],
    ]);
  });

  it('keeps a pod Pending while a claim it mounts is missing, and schedules it once the claim exists', async () => {
    const test = start();
    test.create('', 'pods', podUsing('early', 'later'));
    await test.controllers.idle();
    const waiting = test.get(PODS, 'early');
    expect((waiting.spec as { nodeName?: string }).nodeName).toBeUndefined();
    const condition = (
      waiting.status as { conditions?: { type: string; reason?: string; message?: string }[] }
    ).conditions?.find((candidate) => candidate.type === 'PodScheduled');
    expect(condition).toMatchObject({
      reason: 'Unschedulable',
      message:
        '0/3 nodes are available: persistentvolumeclaim "later" not found. ' +
        'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    });
    expect(reasonsAbout(test.list(EVENTS), 'early').map(([reason]) => reason)).toContain('FailedScheduling');

    test.create('', 'persistentvolumeclaims', claimBody('later'));
    await test.controllers.idle();
    expect((test.get(PODS, 'early').spec as { nodeName?: string }).nodeName).toMatch(/^worker-/);
    expect(phaseOf(test.get(CLAIMS, 'later'))).toBe('Bound');
  });

  it('keeps a pod Pending while its claim of an Immediate class is unbound', async () => {
    const test = start();
    test.create('storage.k8s.io', 'storageclasses', storageClass('ebs', 'ebs.csi.aws.com'));
    test.create('', 'persistentvolumeclaims', claimBody('remote', 'ebs'));
    test.create('', 'pods', podUsing('stuck', 'remote'));
    await test.controllers.idle();
    const events = reasonsAbout(test.list(EVENTS), 'stuck');
    expect(events).toContainEqual([
      'FailedScheduling',
      '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. ' +
        'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    ]);
  });

  it('reclaims the volume of a claim deleted and made again under the same name, and binds the new one', async () => {
    const test = start();
    test.create(
      'storage.k8s.io',
      'storageclasses',
      storageClass('now', 'rancher.io/local-path', { volumeBindingMode: 'Immediate' }),
    );
    const first = test.create('', 'persistentvolumeclaims', claimBody('data', 'now'));
    await test.controllers.idle();
    const firstVolume = `pvc-${first.metadata.uid}`;
    expect(phaseOf(test.cluster.store.get(VOLUMES, '', firstVolume))).toBe('Bound');

    // Gone and made again before the controller looked: only the uid tells the two claims apart.
    test.cluster.store.delete(CLAIMS, NAMESPACE, 'data');
    const second = test.create('', 'persistentvolumeclaims', claimBody('data', 'now'));
    await test.controllers.idle();
    expect(test.cluster.store.get(VOLUMES, '', firstVolume)).toBeUndefined();
    expect((test.get(CLAIMS, 'data').spec as { volumeName?: string }).volumeName).toBe(
      `pvc-${second.metadata.uid}`,
    );
  });
});

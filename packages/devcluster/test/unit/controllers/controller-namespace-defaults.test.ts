// The service-account controller and the root-CA publisher: what every namespace gets, and keeps.
import { afterEach, describe, expect, it } from 'vitest';
import { NAMESPACE_RESOURCE, SimulatedCluster } from '../../../src/cluster.js';
import { type RunningControllers, startControllers } from '../../../src/controllers/index.js';
import { CONFIG_MAPS, SERVICE_ACCOUNTS } from '../../../src/controllers/objects.js';
import { resourceOf } from './controller-fixtures.js';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB (test CA)\n-----END CERTIFICATE-----\n';

let running: RunningControllers | undefined;
afterEach(() => running?.stop());

function clusterWith(rootCaCert?: string) {
  const cluster = new SimulatedCluster({ now: () => new Date() });
  cluster.load([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'seeded' } }]);
  running = startControllers(cluster, { now: () => new Date(), ...(rootCaCert ? { rootCaCert } : {}) });
  const controllers = running;
  const createNamespace = (name: string) =>
    cluster.create(resourceOf(cluster, NAMESPACE_RESOURCE), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
    });
  const rootCa = (namespace: string) => cluster.store.get(CONFIG_MAPS, namespace, 'kube-root-ca.crt');
  const account = (namespace: string) => cluster.store.get(SERVICE_ACCOUNTS, namespace, 'default');
  return { cluster, controllers, createNamespace, rootCa, account };
}

describe('per-namespace defaults', () => {
  it('gives namespaces present at start and created later a default ServiceAccount and the root CA', async () => {
    const { controllers, createNamespace, rootCa, account } = clusterWith(CA);
    createNamespace('fresh');
    await controllers.idle();
    for (const namespace of ['seeded', 'fresh']) {
      expect(account(namespace)?.metadata.uid).toBeTruthy();
      expect(rootCa(namespace)?.data).toEqual({ 'ca.crt': CA });
      expect(rootCa(namespace)?.metadata.annotations?.['kubernetes.io/description']).toContain(
        'kubernetes.default.svc',
      );
    }
  });

  it('recreates a deleted default ServiceAccount and ConfigMap, with new uids', async () => {
    const { cluster, controllers, rootCa, account } = clusterWith(CA);
    await controllers.idle();
    const before = { account: account('seeded')?.metadata.uid, rootCa: rootCa('seeded')?.metadata.uid };
    cluster.delete(resourceOf(cluster, SERVICE_ACCOUNTS), 'seeded', 'default');
    cluster.delete(resourceOf(cluster, CONFIG_MAPS), 'seeded', 'kube-root-ca.crt');
    await controllers.idle();
    expect(account('seeded')?.metadata.uid).toBeTruthy();
    expect(account('seeded')?.metadata.uid).not.toBe(before.account);
    expect(rootCa('seeded')?.metadata.uid).not.toBe(before.rootCa);
    expect(rootCa('seeded')?.data).toEqual({ 'ca.crt': CA });
  });

  it("puts the published CA back over a client's edit, keeping the client's labels", async () => {
    const { cluster, controllers, rootCa } = clusterWith(CA);
    await controllers.idle();
    const current = rootCa('seeded');
    if (!current) throw new Error('no kube-root-ca.crt');
    cluster.store.update(CONFIG_MAPS, {
      ...current,
      metadata: { ...current.metadata, labels: { team: 'a' } },
      data: { 'ca.crt': 'forged' },
    });
    await controllers.idle();
    expect(rootCa('seeded')?.data).toEqual({ 'ca.crt': CA });
    expect(rootCa('seeded')?.metadata.labels).toEqual({ team: 'a' });
  });

  it('leaves a ServiceAccount the client edited alone, and publishes no CA over plain HTTP', async () => {
    const { cluster, controllers, rootCa, account } = clusterWith();
    await controllers.idle();
    const current = account('seeded');
    if (!current) throw new Error('no default ServiceAccount');
    cluster.store.update(SERVICE_ACCOUNTS, { ...current, automountServiceAccountToken: false });
    await controllers.idle();
    expect(account('seeded')?.automountServiceAccountToken).toBe(false);
    expect(rootCa('seeded')).toBeUndefined();
  });
});

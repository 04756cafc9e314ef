import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedCluster } from '../../../src/cluster.js';
import { type RunningControllers, startControllers } from '../../../src/controllers/index.js';
import { DEPLOYMENTS, ENDPOINTS, PODS, SERVICES } from '../../../src/controllers/objects.js';
import { defaultSeed } from '../../../src/seed/default-seed.js';
import type { KubeObject } from '../../../src/types.js';

let controllers: RunningControllers | undefined;

afterEach(() => controllers?.stop());

describe('the controllers on the default seed', () => {
  it('leave every seeded object as it is, the crash-looping and the unschedulable pods included', async () => {
    const now = new Date();
    const cluster = new SimulatedCluster({ now: () => now });
    cluster.load(defaultSeed(now));
    // What the endpoints controllers publish for the seeded services is new; the rest must not move.
    const published = new Set(['endpoints', 'endpointslices']);
    const snapshot = () =>
      cluster.registry
        .all()
        .filter((resource) => !published.has(resource.plural))
        .flatMap((resource) => cluster.store.list({ group: resource.group, resource: resource.plural }));
    const before = snapshot();
    const apiServerEndpoints = cluster.store.get(ENDPOINTS, 'default', 'kubernetes');
    expect(apiServerEndpoints).toBeDefined();
    const services = cluster.store
      .list(SERVICES)
      .filter((service) => (service.spec as { selector?: object }).selector);

    controllers = startControllers(cluster, { now: () => now, podStartDelayMs: 5 });
    await controllers.idle();

    expect(snapshot()).toEqual(before);
    for (const service of services) {
      const { namespace = '', name = '' } = service.metadata;
      expect(cluster.store.get(ENDPOINTS, namespace, name), `${namespace}/${name}`).toBeDefined();
    }
    // The apiserver's own service has no selector: the Endpoints it seeds stay as they are.
    expect(cluster.store.get(ENDPOINTS, 'default', 'kubernetes')).toEqual(apiServerEndpoints);
    const reasons = cluster.store.list(PODS).map((pod) => {
      const status = pod.status as {
        phase: string;
        containerStatuses?: { state: { waiting?: { reason: string } } }[];
      };
      return status.containerStatuses?.[0]?.state.waiting?.reason ?? status.phase;
    });
    expect(reasons).toContain('CrashLoopBackOff');
    expect(reasons).toContain('Pending');
  });

  it('still react to the seeded deployments: scaling the crash-looping API down drops the crash-looping pod', async () => {
    const now = new Date();
    const cluster = new SimulatedCluster({ now: () => now });
    cluster.load(defaultSeed(now));
    controllers = startControllers(cluster, { now: () => now, podStartDelayMs: 5 });
    await controllers.idle();
    const waitingReason = (pod: KubeObject) =>
      (pod.status as { containerStatuses?: { state: { waiting?: { reason: string } } }[] })
        .containerStatuses?.[0]?.state.waiting?.reason;
    const apiPods = () =>
      cluster.store.list(PODS, 'team-a').filter((pod) => pod.metadata.labels?.app === 'api');
    expect(apiPods().map(waitingReason)).toContain('CrashLoopBackOff');

    const api = cluster.store.get(DEPLOYMENTS, 'team-a', 'api') as KubeObject;
    cluster.store.update(DEPLOYMENTS, { ...api, spec: { ...(api.spec as object), replicas: 1 } });
    await controllers.idle();

    expect(apiPods()).toHaveLength(1);
    expect(apiPods().map(waitingReason)).toEqual([undefined]);
    expect(cluster.store.get(DEPLOYMENTS, 'team-a', 'api')?.status).toMatchObject({ availableReplicas: 1 });
  });
});

// The built-in seed: a small kind-like cluster, nine days old, with two teams' workloads and their troubles.
import type { KubeObject } from '../types.js';
import { clusterIPService, namespace, serviceAccount } from './core-objects.js';
import { kubeSystemObjects } from './kube-system.js';
import { CLUSTER_NODES, CONTROL_PLANE, joinedAt, nodeObject } from './nodes.js';
import { objectMeta } from './object-meta.js';
import { PodAddresses } from './pod-addresses.js';
import { demoBindings } from './rbac.js';
import { defaultStorageClass } from './storage.js';
import { teamAObjects } from './team-a.js';
import { teamBObjects } from './team-b.js';
import { after, before } from './timestamps.js';
import { unshared } from './unshared.js';
import { widgetDefinition } from './widgets.js';

/** The namespaces every cluster starts with. */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;

export function systemNamespaces(created: Date): KubeObject[] {
  return SYSTEM_NAMESPACES.map((name) => namespace(name, created));
}

/** Where the apiserver's own service leads: the control plane's address, which the apiserver itself writes. */
function apiServerEndpoints(created: Date): KubeObject[] {
  const ports = [{ name: 'https', port: 6443, protocol: 'TCP' }];
  return [
    {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: objectMeta({
        namespace: 'default',
        name: 'kubernetes',
        created,
        labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
      }),
      subsets: [{ addresses: [{ ip: CONTROL_PLANE.internalIP }], ports }],
    },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: objectMeta({
        namespace: 'default',
        name: 'kubernetes',
        created,
        labels: { 'kubernetes.io/service-name': 'kubernetes' },
      }),
      addressType: 'IPv4',
      endpoints: [{ addresses: [CONTROL_PLANE.internalIP], conditions: { ready: true } }],
      ports,
    },
  ];
}

/** The apiserver's own service, and the default service accounts kube-system's file does not hold. */
function clusterDefaults(bootstrapped: Date): KubeObject[] {
  const accountsCreated = after(bootstrapped, { seconds: 14 });
  return [
    ...apiServerEndpoints(bootstrapped),
    clusterIPService({
      namespace: 'default',
      name: 'kubernetes',
      created: bootstrapped,
      labels: { component: 'apiserver', provider: 'kubernetes' },
      clusterIP: '10.96.0.1',
      ports: [{ name: 'https', port: 443, targetPort: 6443 }],
    }),
    ...['default', 'kube-public', 'kube-node-lease'].map((name) =>
      serviceAccount(name, 'default', accountsCreated),
    ),
  ];
}

/**
 * Deterministic in `now`. Ordered so that a store can create the objects one by one: namespaces
 * first, then cluster-scoped objects (the CRD before its widgets), then each namespace's objects
 * with owners before what they own, and events last.
 */
export function defaultSeed(now: Date): KubeObject[] {
  const bootstrapped = before(now, { days: 9, hours: 3, minutes: 41 });
  const teamACreated = before(now, { days: 3, hours: 4, minutes: 12 });
  const teamBCreated = before(now, { days: 2, hours: 1, minutes: 7 });
  const addresses = new PodAddresses();
  return unshared([
    ...systemNamespaces(bootstrapped),
    namespace('team-a', teamACreated),
    namespace('team-b', teamBCreated),
    ...CLUSTER_NODES.map((node) => nodeObject(node, joinedAt(node, bootstrapped), now)),
    defaultStorageClass(after(bootstrapped, { seconds: 9 })),
    widgetDefinition(after(teamACreated, { hours: 1 })),
    ...demoBindings(after(teamACreated, { minutes: 3 })),
    ...clusterDefaults(bootstrapped),
    ...kubeSystemObjects(bootstrapped, addresses),
    ...teamAObjects(teamACreated, now, addresses),
    ...teamBObjects(teamBCreated, now, addresses),
  ]);
}

// The service registry's part of creating a Service: a ClusterIP service (the default type, and
// NodePort and LoadBalancer ones) without an address gets a free one in the service CIDR
// 10.96.0.0/16, with the IP family fields the apiserver defaults alongside it. Headless (`None`)
// and ExternalName services get none. Clients wait on this: Helm's legacy `--wait` holds until
// every Service has its cluster IP.
import { groupResource, type SimulatedCluster } from '../cluster.js';
import type { KubeObject, ResourceType } from '../types.js';

// Above the addresses the seed derives from service names, so allocations rarely have to skip.
const FIRST_ALLOCATED = 0x8001;
const SERVICE_CIDR_SIZE = 0x10000;

function addressAt(offset: number): string {
  return `10.96.${Math.floor(offset / 256)}.${offset % 256}`;
}

function freeAddress(cluster: SimulatedCluster, resource: ResourceType): string {
  const used = new Set(
    cluster.store
      .list(groupResource(resource))
      .map((service) => (service.spec as { clusterIP?: string } | undefined)?.clusterIP),
  );
  for (let step = 0; step < SERVICE_CIDR_SIZE; step++) {
    const offset = (FIRST_ALLOCATED + step) % SERVICE_CIDR_SIZE;
    // .0.0 is the network, .0.1 the apiserver's own service, .0.10 cluster DNS.
    if (offset <= 10) continue;
    const address = addressAt(offset);
    if (!used.has(address)) return address;
  }
  throw new Error('the service CIDR 10.96.0.0/16 is full');
}

export function allocateClusterIP(
  cluster: SimulatedCluster,
  resource: ResourceType,
  object: KubeObject,
): void {
  if (resource.kind !== 'Service' || resource.group !== '') return;
  const spec = (object.spec ?? {}) as Record<string, unknown>;
  object.spec = spec;
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  if (spec.type === 'ExternalName' || spec.clusterIP === 'None') return;
  const address =
    typeof spec.clusterIP === 'string' && spec.clusterIP !== ''
      ? spec.clusterIP
      : freeAddress(cluster, resource);
  spec.clusterIP = address;
  spec.clusterIPs ??= [address];
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
  spec.internalTrafficPolicy ??= 'Cluster';
}

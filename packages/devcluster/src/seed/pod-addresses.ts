// Hands out pod IPs from each node's pod CIDR in order, as a host-local IPAM plugin does.
import type { ClusterNode } from './nodes.js';
import type { Placement } from './pods.js';

export class PodAddresses {
  // .1 is the node's bridge gateway, so the first pod gets .2.
  private readonly nextHost = new Map<string, number>();

  place(node: ClusterNode): Placement {
    const host = this.nextHost.get(node.name) ?? 2;
    this.nextHost.set(node.name, host + 1);
    return { node, podIP: `10.244.${node.podSubnet}.${host}` };
  }
}

/** Pods that share the node's network namespace carry the node's own address. */
export function onHostNetwork(node: ClusterNode): Placement {
  return { node, podIP: node.internalIP };
}

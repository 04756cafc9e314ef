// What the DaemonSet controller adds to its template's spec for the pod of one node
// (AddOrUpdateDaemonPodTolerations and the node affinity of the daemon controller).
import type { Toleration } from '../admission/pod-defaults.js';

// The daemon controller lets its pods stay through node trouble that would evict others.
const DAEMON_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

// A host-network daemon (a CNI plugin, kube-proxy) is what brings the pod network up.
const HOST_NETWORK_TOLERATION: Toleration = {
  key: 'node.kubernetes.io/network-unavailable',
  operator: 'Exists',
  effect: 'NoSchedule',
};

/** Each daemon pod is pinned to its node by a required node affinity on metadata.name. */
export function pinnedTo(nodeName: string) {
  const term = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] };
  return { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] } } };
}

interface DaemonTemplateSpec {
  tolerations?: Toleration[];
  affinity?: object;
  hostNetwork?: boolean;
}

/** The fields of the daemon pod's spec that differ from the template's: its node and tolerations. */
export function daemonPodSpec(templateSpec: DaemonTemplateSpec, nodeName: string) {
  return {
    affinity: { ...templateSpec.affinity, ...pinnedTo(nodeName) },
    tolerations: [
      ...(templateSpec.tolerations ?? []),
      ...DAEMON_TOLERATIONS,
      ...(templateSpec.hostNetwork ? [HOST_NETWORK_TOLERATION] : []),
    ],
  };
}

// The three nodes of the demo cluster, as a kind (kubeadm) cluster's kubelets report them.
import type { KubeObject } from '../types.js';
import { hexId, uuidLike } from './generated-names.js';
import { objectMeta } from './object-meta.js';
import { after, apiTime, before } from './timestamps.js';

export interface ClusterNode {
  name: string;
  internalIP: string;
  /** The third octet of the node's pod CIDR, 10.244.<n>.0/24. */
  podSubnet: number;
  controlPlane: boolean;
  memoryKi: number;
  cpus: number;
}

export const CONTROL_PLANE: ClusterNode = {
  name: 'control-plane',
  internalIP: '172.18.0.2',
  podSubnet: 0,
  controlPlane: true,
  memoryKi: 8_131_520,
  cpus: 4,
};

function worker(ordinal: number): ClusterNode {
  return {
    name: `worker-${ordinal}`,
    internalIP: `172.18.0.${2 + ordinal}`,
    podSubnet: ordinal,
    controlPlane: false,
    memoryKi: 8_131_520,
    cpus: 4,
  };
}

export const WORKER_1 = worker(1);
export const WORKER_2 = worker(2);
export const WORKERS: readonly ClusterNode[] = [WORKER_1, WORKER_2];

export const CLUSTER_NODES: readonly ClusterNode[] = [CONTROL_PLANE, ...WORKERS];

export const KUBERNETES_VERSION = 'v1.36.0';

/** kubeadm brings up the control plane first; the workers join some forty seconds later. */
export function joinedAt(node: ClusterNode, bootstrapped: Date): Date {
  return after(bootstrapped, { seconds: node.controlPlane ? 0 : 40 + node.podSubnet });
}

const CONTROL_PLANE_TAINT = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

function nodeLabels(node: ClusterNode): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': node.name,
    'kubernetes.io/os': 'linux',
    ...(node.controlPlane && {
      'node-role.kubernetes.io/control-plane': '',
      'node.kubernetes.io/exclude-from-external-load-balancers': '',
    }),
  };
}

/** The four conditions the kubelet keeps, with the reasons and messages it writes when all is well. */
function healthyConditions(registered: Date, now: Date): Record<string, string>[] {
  const heartbeat = apiTime(before(now, { seconds: 37 }));
  const condition = (type: string, status: string, reason: string, message: string, since: Date) => ({
    type,
    status,
    lastHeartbeatTime: heartbeat,
    lastTransitionTime: apiTime(since),
    reason,
    message,
  });
  return [
    condition(
      'MemoryPressure',
      'False',
      'KubeletHasSufficientMemory',
      'kubelet has sufficient memory available',
      registered,
    ),
    condition(
      'DiskPressure',
      'False',
      'KubeletHasNoDiskPressure',
      'kubelet has no disk pressure',
      registered,
    ),
    condition(
      'PIDPressure',
      'False',
      'KubeletHasSufficientPID',
      'kubelet has sufficient PID available',
      registered,
    ),
    // The CNI plugin comes up a little after registration; until then the node is NotReady.
    condition(
      'Ready',
      'True',
      'KubeletReady',
      'kubelet is posting ready status',
      after(registered, { seconds: 21 }),
    ),
  ];
}

function nodeResources(node: ClusterNode): Record<string, string> {
  return {
    cpu: String(node.cpus),
    'ephemeral-storage': '102626232Ki',
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: `${node.memoryKi}Ki`,
    pods: '110',
  };
}

export function nodeObject(node: ClusterNode, registered: Date, now: Date): KubeObject {
  const podCIDR = `10.244.${node.podSubnet}.0/24`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: objectMeta({
      name: node.name,
      created: registered,
      labels: nodeLabels(node),
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    }),
    spec: {
      podCIDR,
      podCIDRs: [podCIDR],
      providerID: `kind://docker/kind/${node.name}`,
      ...(node.controlPlane && { taints: [CONTROL_PLANE_TAINT] }),
    },
    status: {
      addresses: [
        { type: 'InternalIP', address: node.internalIP },
        { type: 'Hostname', address: node.name },
      ],
      allocatable: nodeResources(node),
      capacity: nodeResources(node),
      conditions: healthyConditions(registered, now),
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      features: { supplementalGroupsPolicy: true },
      nodeInfo: {
        architecture: 'amd64',
        bootID: uuidLike(`boot/${node.name}`),
        containerRuntimeVersion: 'containerd://2.1.4',
        kernelVersion: '6.8.0-79-generic',
        kubeletVersion: KUBERNETES_VERSION,
        machineID: hexId(`machine/${node.name}`, 32),
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        systemUUID: uuidLike(`system/${node.name}`),
      },
      runtimeHandlers: ['', 'runc'].map((name) => ({
        name,
        features: { recursiveReadOnlyMounts: true, userNamespaces: true },
      })),
    },
  };
}

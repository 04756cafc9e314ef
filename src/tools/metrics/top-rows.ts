import type { KubeObject } from '../../k8s/index.js';
import { millicores, parseQuantity } from './quantities.js';

// From metrics.k8s.io objects and the pods' and nodes' own objects to the rows kubernetes_top shows:
// usage in millicores and bytes beside what the pod specs request and limit, or the node's
// allocatable, sorted with the heaviest first.

/** Usage beside what it is measured against; CPU in millicores, memory in bytes. */
export interface Amount {
  used: number;
  request?: number;
  limit?: number;
  allocatable?: number;
}

export interface TopRow {
  name: string;
  namespace?: string;
  container?: string;
  cpu: Amount;
  memory: Amount;
}

export type SortKey = 'cpu' | 'memory';

interface Usage {
  cpu?: string;
  memory?: string;
}

export interface PodMetrics extends KubeObject {
  containers?: { name: string; usage?: Usage }[];
}

export interface NodeMetrics extends KubeObject {
  usage?: Usage;
}

interface ContainerSpec {
  name: string;
  resources?: { requests?: Usage; limits?: Usage };
}

export interface Pod extends KubeObject {
  spec?: { containers?: ContainerSpec[] };
}

export interface Node extends KubeObject {
  status?: { allocatable?: Usage };
}

const cpuOf = (text: string | undefined) => {
  const cores = parseQuantity(text);
  return cores === undefined ? undefined : millicores(cores);
};
const memoryOf = (text: string | undefined) => parseQuantity(text);

function amount(used: number, bounds: { request?: number | undefined; limit?: number | undefined }): Amount {
  return {
    used,
    ...(bounds.request !== undefined && { request: bounds.request }),
    ...(bounds.limit !== undefined && { limit: bounds.limit }),
  };
}

function sum(values: (number | undefined)[]): number {
  return values.reduce<number>((total, value) => total + (value ?? 0), 0);
}

/**
 * A pod's requests are the sum of those its containers set (none set: none); its limit exists only
 * when every container sets one, since one container without a limit leaves the pod unbounded.
 */
function podBound(values: (number | undefined)[], kind: 'request' | 'limit'): number | undefined {
  const set = values.filter((value) => value !== undefined);
  if (set.length === 0 || (kind === 'limit' && set.length < values.length)) return undefined;
  return sum(set);
}

function containerBounds(spec: ContainerSpec | undefined) {
  const { requests, limits } = spec?.resources ?? {};
  return {
    cpu: { request: cpuOf(requests?.cpu), limit: cpuOf(limits?.cpu) },
    memory: { request: memoryOf(requests?.memory), limit: memoryOf(limits?.memory) },
  };
}

function podKey(object: KubeObject): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

/** One row per pod, or per container with `perContainer`; a pod no longer listed has no bounds. */
export function podRows(metrics: PodMetrics[], pods: Pod[], perContainer: boolean): TopRow[] {
  const specs = new Map(pods.map((pod) => [podKey(pod), pod.spec?.containers ?? []]));
  return metrics.flatMap((entry) => {
    const { name = '', namespace = '' } = entry.metadata ?? {};
    const containers = (entry.containers ?? []).map((container) => {
      const spec = specs.get(podKey(entry))?.find((candidate) => candidate.name === container.name);
      return {
        container: container.name,
        cpu: cpuOf(container.usage?.cpu) ?? 0,
        memory: memoryOf(container.usage?.memory) ?? 0,
        bounds: containerBounds(spec),
      };
    });
    if (perContainer) {
      return containers.map((row) => ({
        name,
        namespace,
        container: row.container,
        cpu: amount(row.cpu, row.bounds.cpu),
        memory: amount(row.memory, row.bounds.memory),
      }));
    }
    const specContainers = specs.get(podKey(entry));
    const all = (specContainers ?? []).map((spec) => containerBounds(spec));
    const bound = (resource: 'cpu' | 'memory') => ({
      request: podBound(
        all.map((bounds) => bounds[resource].request),
        'request',
      ),
      limit: podBound(
        all.map((bounds) => bounds[resource].limit),
        'limit',
      ),
    });
    return [
      {
        name,
        namespace,
        cpu: amount(sum(containers.map((row) => row.cpu)), bound('cpu')),
        memory: amount(sum(containers.map((row) => row.memory)), bound('memory')),
      },
    ];
  });
}

export function nodeRows(metrics: NodeMetrics[], nodes: Node[]): TopRow[] {
  const allocatable = new Map(nodes.map((node) => [node.metadata?.name ?? '', node.status?.allocatable]));
  return metrics.map((entry) => {
    const name = entry.metadata?.name ?? '';
    const of = allocatable.get(name);
    const cpu = cpuOf(of?.cpu);
    const memory = memoryOf(of?.memory);
    return {
      name,
      cpu: { used: cpuOf(entry.usage?.cpu) ?? 0, ...(cpu !== undefined && { allocatable: cpu }) },
      memory: {
        used: memoryOf(entry.usage?.memory) ?? 0,
        ...(memory !== undefined && { allocatable: memory }),
      },
    };
  });
}

/** Heaviest first; ties by namespace, name and container, so that the order is stable. */
export function sortRows(rows: TopRow[], by: SortKey): TopRow[] {
  const label = (row: TopRow) => `${row.namespace ?? ''}/${row.name}/${row.container ?? ''}`;
  return [...rows].sort((a, b) => b[by].used - a[by].used || label(a).localeCompare(label(b)));
}

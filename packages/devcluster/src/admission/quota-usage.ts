// What a ResourceQuota counts, as kube's quota evaluators do: objects (`pods`, `count/<resource>`)
// and the compute resources of pods that have not finished (`requests.cpu`, `limits.memory`...).
// The quota controller reports a namespace's usage in each quota's status; the ResourceQuota
// admission plugin refuses a create that would take it past a quota.
import { isPods, PODS } from '../api/group-resources.js';
import type { GroupResource } from '../api/status.js';
import { isActive } from '../controllers/pod-state.js';
import { bytesText, cpuText, quantity } from '../quantity.js';
import type { KubeObject } from '../types.js';
import { quotaCounts, type ScopedQuota } from './quota-scopes.js';

/** What usage is read from: a namespace's stored objects, and whether a resource is served at all. */
export interface QuotaScope {
  list(gr: GroupResource, namespace: string): KubeObject[];
  serves(gr: GroupResource): boolean;
}

type ResourceList = Record<string, string>;

interface Container {
  name: string;
  resources?: { requests?: ResourceList; limits?: ResourceList };
}

export type ComputeKind = 'requests' | 'limits';
export type Measure = 'cpu' | 'memory';

/** Core objects quotas also count by their plain name (`pods`, `services`...). */
const COUNTED = ['pods', 'services', 'configmaps', 'secrets', 'persistentvolumeclaims', 'resourcequotas'];

/** The objects a quota resource name counts (`pods`, `count/deployments.apps`), if it counts objects. */
function countedResource(name: string): GroupResource | undefined {
  const counted = name.startsWith('count/') ? name.slice('count/'.length) : name;
  if (counted === name && !COUNTED.includes(name)) return undefined;
  const dot = counted.indexOf('.');
  return dot < 0
    ? { group: '', resource: counted }
    : { group: counted.slice(dot + 1), resource: counted.slice(0, dot) };
}

/** `requests.cpu` (and plain `cpu`, its older name) as a kind and a measure, if it is a compute resource. */
export function computeResource(name: string): [ComputeKind, Measure] | undefined {
  const [kind, measure] = name.includes('.') ? name.split('.', 2) : ['requests', name];
  if ((kind !== 'requests' && kind !== 'limits') || (measure !== 'cpu' && measure !== 'memory'))
    return undefined;
  return [kind, measure];
}

export function podContainers(pod: KubeObject): { containers: Container[]; initContainers: Container[] } {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  return { containers: spec.containers ?? [], initContainers: spec.initContainers ?? [] };
}

/** A pod's requests or limits of a measure: its containers' sum, or its largest init container's if more. */
function podCompute(pod: KubeObject, kind: ComputeKind, measure: Measure): number {
  const { containers, initContainers } = podContainers(pod);
  const of = (container: Container) => quantity(container.resources?.[kind]?.[measure]);
  const running = containers.reduce((sum, container) => sum + of(container), 0);
  return Math.max(running, ...initContainers.map(of));
}

/** What one object of `gr` adds to the usage of the quota resource `name`. */
export function usageOf(gr: GroupResource, object: KubeObject, name: string): number {
  const counted = countedResource(name);
  if (counted) return counted.group === gr.group && counted.resource === gr.resource ? 1 : 0;
  const compute = computeResource(name);
  return compute && isPods(gr) ? podCompute(object, ...compute) : 0;
}

/** What the objects `quota` counts use of its resource `name`; pods that have finished do not count. */
export function quotaUsage(scope: QuotaScope, quota: ScopedQuota, name: string): number {
  const gr = countedResource(name) ?? (computeResource(name) ? PODS : undefined);
  if (!gr || !scope.serves(gr)) return 0;
  const objects = scope
    .list(gr, quota.metadata.namespace ?? '')
    .filter((object) => (!isPods(gr) || isActive(object)) && quotaCounts(quota, gr, object));
  return objects.reduce((sum, object) => sum + usageOf(gr, object, name), 0);
}

/** A usage as the API prints the Quantity: CPU and memory canonicalized, counts as integers. */
export function usageText(name: string, value: number): string {
  const compute = computeResource(name);
  if (!compute) return String(value);
  return compute[1] === 'cpu' ? cpuText(value) : bytesText(value);
}

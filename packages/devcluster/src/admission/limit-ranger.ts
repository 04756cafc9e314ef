// The LimitRanger admission plugin's defaulting: a container that names no request or limit for a
// resource gets its namespace's LimitRange defaults, and the pod says what was set in the
// `kubernetes.io/limit-ranger` annotation. (The plugin's min/max checks are not simulated.)
import type { KubeObject } from '../types.js';

const ANNOTATION = 'kubernetes.io/limit-ranger';

type ResourceList = Record<string, string>;

interface Container {
  name: string;
  resources?: { requests?: ResourceList; limits?: ResourceList };
}

interface LimitRangeItem {
  type?: string;
  default?: ResourceList;
  defaultRequest?: ResourceList;
}

/** Fills in what the container lacks; the sentence saying so, if anything was set. */
function defaultContainer(container: Container, item: LimitRangeItem, prefix: string): string[] {
  const resources = container.resources ?? {};
  const fill = (wanted: ResourceList | undefined, kind: 'requests' | 'limits'): string[] => {
    const have = { ...resources[kind] };
    const set = Object.keys(wanted ?? {})
      .filter((name) => have[name] === undefined)
      .sort();
    for (const name of set) have[name] = wanted?.[name] ?? '';
    if (set.length > 0) resources[kind] = have;
    return set;
  };
  const requests = fill(item.defaultRequest, 'requests');
  const limits = fill(item.default, 'limits');
  container.resources = resources;
  return [
    ...(requests.length > 0 ? [`${requests.join(', ')} request for ${prefix} ${container.name}`] : []),
    ...(limits.length > 0 ? [`${limits.join(', ')} limit for ${prefix} ${container.name}`] : []),
  ];
}

/** Applies the Container defaults of `limitRanges` to a new pod; whether anything changed. */
export function applyLimitRangeDefaults(pod: KubeObject, limitRanges: KubeObject[]): boolean {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const notes: string[] = [];
  for (const limitRange of limitRanges) {
    const items = (limitRange.spec as { limits?: LimitRangeItem[] } | undefined)?.limits ?? [];
    for (const item of items.filter((candidate) => candidate.type === 'Container')) {
      for (const container of spec.initContainers ?? [])
        notes.push(...defaultContainer(container, item, 'init container'));
      for (const container of spec.containers ?? [])
        notes.push(...defaultContainer(container, item, 'container'));
    }
  }
  if (notes.length === 0) return false;
  pod.metadata.annotations = {
    ...pod.metadata.annotations,
    [ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}`,
  };
  return true;
}

// The LimitRanger admission plugin: a container that names no request or limit for a resource gets
// its namespace's LimitRange defaults, and the pod says what was set in the `kubernetes.io/limit-ranger`
// annotation; then a pod whose containers (or whose sum) fall outside a range's min, max or
// limit-to-request ratio is refused.
import { bytesText, cpuText, quantity } from '../quantity.js';
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

interface LimitRangeBounds {
  type?: string;
  min?: ResourceList;
  max?: ResourceList;
  maxLimitRequestRatio?: ResourceList;
}

/** A bound as Quantity.String() prints it: CPU in cores or millicores, the rest in bytes. */
function boundText(resource: string, value: number): string {
  return resource === 'cpu' ? cpuText(value) : bytesText(value);
}

/**
 * minConstraint and maxConstraint: a minimum needs a request at or above it (and a limit, if any);
 * a maximum needs a limit at or below it (and a request, if any).
 */
function boundError(
  bound: 'minimum' | 'maximum',
  what: string,
  resource: string,
  value: string,
  requests: ResourceList,
  limits: ResourceList,
): string | undefined {
  const enforced = quantity(value);
  const prefix = `${bound} ${what} is ${boundText(resource, enforced)}`;
  const beyond = (text: string) =>
    bound === 'minimum' ? quantity(text) < enforced : quantity(text) > enforced;
  const [needed, other] =
    bound === 'minimum'
      ? ([
          ['request', requests[resource]],
          ['limit', limits[resource]],
        ] as const)
      : ([
          ['limit', limits[resource]],
          ['request', requests[resource]],
        ] as const);
  if (needed[1] === undefined) return `${prefix}.  No ${needed[0]} is specified`;
  for (const [name, text] of [needed, other]) {
    if (text !== undefined && beyond(text))
      return `${prefix}, but ${name} is ${boundText(resource, quantity(text))}`;
  }
  return undefined;
}

/** limitranger.go's min, max and ratio constraints on one container's (or the pod's summed) resources. */
function boundViolations(
  scope: string,
  item: LimitRangeBounds,
  requests: ResourceList,
  limits: ResourceList,
): string[] {
  const errors: string[] = [];
  const sorted = (list: ResourceList | undefined) =>
    Object.entries(list ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [resource, bound] of sorted(item.min)) {
    const error = boundError('minimum', `${resource} usage per ${scope}`, resource, bound, requests, limits);
    if (error) errors.push(error);
  }
  for (const [resource, bound] of sorted(item.max)) {
    const error = boundError('maximum', `${resource} usage per ${scope}`, resource, bound, requests, limits);
    if (error) errors.push(error);
  }
  for (const [resource, bound] of sorted(item.maxLimitRequestRatio)) {
    const request = quantity(requests[resource]);
    const limit = quantity(limits[resource]);
    const prefix = `${resource} max limit to request ratio per ${scope} is ${boundText(resource, quantity(bound))}`;
    if (request === 0) errors.push(`${prefix}, but no request is specified or request is 0`);
    else if (limit === 0) errors.push(`${prefix}, but no limit is specified or limit is 0`);
    else if (limit / request > quantity(bound))
      errors.push(`${prefix}, but provided ratio is ${(limit / request).toFixed(6)}`);
  }
  return errors;
}

/** The pod's containers' resources summed per resource name (for a LimitRange item of type Pod). */
function summed(containers: Container[], kind: 'requests' | 'limits'): ResourceList {
  const totals = new Map<string, number>();
  for (const container of containers) {
    for (const [resource, value] of Object.entries(container.resources?.[kind] ?? {}))
      totals.set(resource, (totals.get(resource) ?? 0) + quantity(value));
  }
  return Object.fromEntries([...totals].map(([resource, total]) => [resource, boundText(resource, total)]));
}

/**
 * The LimitRanger plugin's validation of a new pod against its namespace's LimitRanges, after the
 * defaults went in: what is out of bounds, in utilerrors.NewAggregate's form, or undefined.
 */
export function limitRangeViolation(pod: KubeObject, limitRanges: KubeObject[]): string | undefined {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  const errors = limitRanges.flatMap((limitRange) =>
    ((limitRange.spec as { limits?: LimitRangeBounds[] } | undefined)?.limits ?? []).flatMap((item) => {
      if (item.type === 'Container')
        return containers.flatMap((container) =>
          boundViolations(
            'Container',
            item,
            container.resources?.requests ?? {},
            container.resources?.limits ?? {},
          ),
        );
      if (item.type === 'Pod')
        return boundViolations(
          'Pod',
          item,
          summed(spec.containers ?? [], 'requests'),
          summed(spec.containers ?? [], 'limits'),
        );
      return [];
    }),
  );
  if (errors.length === 0) return undefined;
  return errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
}

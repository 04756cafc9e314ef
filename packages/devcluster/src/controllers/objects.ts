// What every controller needs to read the objects it manages: where they live, who owns them, what they select.
import { randomInt } from 'node:crypto';
import type { GroupResource } from '../api/status.js';

export { CLAIMS, PODS, RESOURCE_QUOTAS, SERVICE_ACCOUNTS, VOLUMES } from '../api/group-resources.js';

import type { SimulatedCluster } from '../cluster.js';
import { type LabelRequirement, matchesLabels } from '../selectors/label-selector.js';
import type { KubeObject, OwnerReference, ResourceType } from '../types.js';
import { canonicalJson } from './template-hash.js';

export const NODES: GroupResource = { group: '', resource: 'nodes' };
export const EVENTS: GroupResource = { group: '', resource: 'events' };
export const DEPLOYMENTS: GroupResource = { group: 'apps', resource: 'deployments' };
export const REPLICA_SETS: GroupResource = { group: 'apps', resource: 'replicasets' };
export const STATEFUL_SETS: GroupResource = { group: 'apps', resource: 'statefulsets' };
export const DAEMON_SETS: GroupResource = { group: 'apps', resource: 'daemonsets' };
export const CONTROLLER_REVISIONS: GroupResource = { group: 'apps', resource: 'controllerrevisions' };
export const JOBS: GroupResource = { group: 'batch', resource: 'jobs' };
export const SERVICES: GroupResource = { group: '', resource: 'services' };
export const ENDPOINTS: GroupResource = { group: '', resource: 'endpoints' };
export const ENDPOINT_SLICES: GroupResource = { group: 'discovery.k8s.io', resource: 'endpointslices' };
export const CONFIG_MAPS: GroupResource = { group: '', resource: 'configmaps' };
export const AUTOSCALERS: GroupResource = { group: 'autoscaling', resource: 'horizontalpodautoscalers' };

export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

const OPERATORS: Record<string, LabelRequirement['operator']> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
  Gt: 'gt',
  Lt: 'lt',
};

/** metav1.LabelSelector semantics; an absent or empty selector matches nothing, as controllers treat it. */
export function selects(
  selector: LabelSelectorSpec | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  const requirements = selectorRequirements(selector);
  return requirements.length > 0 && matchesLabels(requirements, labels);
}

export function selectorRequirements(selector: LabelSelectorSpec | undefined): LabelRequirement[] {
  const equalities = Object.entries(selector?.matchLabels ?? {}).map(
    ([key, value]): LabelRequirement => ({ key, operator: 'in', values: [value] }),
  );
  const expressions = (selector?.matchExpressions ?? []).map(
    (expression): LabelRequirement => ({
      key: expression.key,
      operator: OPERATORS[expression.operator] ?? 'in',
      values: expression.values ?? [],
    }),
  );
  return [...equalities, ...expressions];
}

export function nameOf(object: KubeObject): string {
  return object.metadata.name ?? '';
}

export function namespaceOf(object: KubeObject): string {
  return object.metadata.namespace ?? '';
}

export function keyOf(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** The reference a controller puts on what it creates. */
export function controllerReference(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: nameOf(owner),
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function controllerOf(object: KubeObject): OwnerReference | undefined {
  return object.metadata.ownerReferences?.find((reference) => reference.controller);
}

export function isControlledBy(object: KubeObject, owner: KubeObject): boolean {
  return controllerOf(object)?.uid === owner.metadata.uid;
}

/** The objects of one resource in the owner's namespace that the owner controls. */
export function ownedObjects(objects: KubeObject[], owner: KubeObject): KubeObject[] {
  return objects.filter((object) => isControlledBy(object, owner));
}

// Absent, null, {} and [] all mean "nothing", as apimachinery's semantic equality treats them.
function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value as object).length === 0;
}

function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmpty);
  if (!value || typeof value !== 'object') return value;
  const kept = Object.entries(value as Record<string, unknown>)
    .map(([key, field]) => [key, withoutEmpty(field)] as const)
    .filter(([, field]) => !isEmpty(field));
  return Object.fromEntries(kept);
}

/** Deep equality that ignores key order and empty fields. */
export function sameContent(a: unknown, b: unknown): boolean {
  return canonicalJson(withoutEmpty(a)) === canonicalJson(withoutEmpty(b));
}

// Random suffix alphabet of apimachinery's SimpleNameGenerator (no vowels, no look-alikes).
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A generateName-style name: the prefix and five random characters. */
export function generatedName(prefix: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[randomInt(NAME_ALPHABET.length)];
  return prefix + suffix;
}

/** Keeps only the counts above zero, as the API's omitempty status fields do. */
export function nonZero(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, count]) => count > 0));
}

export function replicasOf(object: KubeObject): number {
  const replicas = (object.spec as { replicas?: number } | undefined)?.replicas;
  return replicas ?? 1;
}

export function servedResource(cluster: SimulatedCluster, gr: GroupResource): ResourceType {
  const resource = cluster.registry.all().find((r) => r.group === gr.group && r.plural === gr.resource);
  if (!resource) throw new Error(`the simulator does not serve ${gr.resource}`);
  return resource;
}

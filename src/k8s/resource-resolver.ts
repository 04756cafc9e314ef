// From what a user typed to one served resource, the way kubectl reads `kubectl get <type>`:
// plural, singular or kind (any case), then short names; `plural.group` and
// `plural.version.group` name the group; the first match in discovery order wins (core first).
import { editDistance } from './edit-distance.js';
import type { ApiResource } from './kube-object.js';
import { KubernetesError } from './kubernetes-error.js';

interface GroupFilter {
  group: string;
  version?: string;
}

interface Query {
  name: string;
  filter?: GroupFilter;
}

const VERSION = /^v\d+((alpha|beta)\d+)?$/;
const MAX_SUGGESTIONS = 3;

/** `apps`, `apps/v1`, `core`, `v1` or `` (the core group). */
function parseGroupFilter(apiGroup: string): GroupFilter {
  const value = apiGroup.trim().toLowerCase();
  if (value === '' || value === 'core') return { group: '' };
  if (VERSION.test(value)) return { group: '', version: value };
  const [group = '', version] = value.split('/', 2);
  return version ? { group, version } : { group };
}

/** The readings of the typed name: `deployments.apps` is deployments in apps, never a kind with a dot. */
function queries(resourceType: string, apiGroup?: string): Query[] {
  const name = resourceType.trim().toLowerCase();
  if (apiGroup !== undefined) return [{ name, filter: parseGroupFilter(apiGroup) }];
  const dot = name.indexOf('.');
  if (dot < 0) return [{ name }];
  const [first = '', ...rest] = name.slice(dot + 1).split('.');
  const base = name.slice(0, dot);
  const readings: Query[] = [{ name: base, filter: { group: name.slice(dot + 1) } }];
  if (VERSION.test(first) && rest.length > 0) {
    readings.unshift({ name: base, filter: { group: rest.join('.'), version: first } });
  }
  return readings;
}

function inGroup(resource: ApiResource, filter?: GroupFilter): boolean {
  if (!filter) return true;
  return (
    resource.group === filter.group && (filter.version === undefined || resource.version === filter.version)
  );
}

function namesExactly(resource: ApiResource, name: string): boolean {
  return resource.plural === name || resource.singular === name || resource.kind.toLowerCase() === name;
}

/** The resource a name means, or undefined; `resources` must be in discovery (priority) order. */
export function findResource(
  resources: ApiResource[],
  resourceType: string,
  apiGroup?: string,
): ApiResource | undefined {
  for (const { name, filter } of queries(resourceType, apiGroup)) {
    const candidates = resources.filter((resource) => inGroup(resource, filter));
    const found =
      candidates.find((resource) => namesExactly(resource, name)) ??
      candidates.find((resource) => resource.shortNames.includes(name));
    if (found) return found;
  }
  return undefined;
}

function distanceTo(resource: ApiResource, name: string): number {
  const names = [resource.plural, resource.singular, resource.kind.toLowerCase(), ...resource.shortNames];
  return Math.min(...names.map((candidate) => editDistance(name, candidate)));
}

/** How a suggestion is written: the plural, qualified by its group when several groups serve it. */
function displayName(resource: ApiResource, resources: ApiResource[]): string {
  const shared = resources.some(
    (other) => other.plural === resource.plural && other.group !== resource.group,
  );
  return shared && resource.group ? `${resource.plural}.${resource.group}` : resource.plural;
}

/** Up to three served names close to the typed one (edit distance), nearest first. */
export function nearestResourceNames(resources: ApiResource[], resourceType: string): string[] {
  const name = resourceType.trim().toLowerCase().split('.')[0] ?? '';
  const tolerance = Math.max(2, Math.ceil(name.length / 3));
  const ranked = resources
    .map((resource) => ({ display: displayName(resource, resources), distance: distanceTo(resource, name) }))
    .filter((entry) => entry.distance <= tolerance)
    .sort((a, b) => a.distance - b.distance);
  return [...new Set(ranked.map((entry) => entry.display))].slice(0, MAX_SUGGESTIONS);
}

export function unknownResourceError(
  resources: ApiResource[],
  resourceType: string,
  apiGroup?: string,
): KubernetesError {
  const suggestions = nearestResourceNames(resources, resourceType);
  const inGroupText = apiGroup ? ` in API group "${apiGroup}"` : '';
  const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : '';
  return new KubernetesError(
    `the server doesn't have a resource type "${resourceType}"${inGroupText}${hint}`,
    'unknown-resource',
    undefined,
    undefined,
    undefined,
    suggestions,
  );
}

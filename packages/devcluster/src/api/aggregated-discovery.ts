// Aggregated discovery (apidiscovery.k8s.io/v2): every group, version and resource in one document for
// /api and one for /apis, which kubectl 1.30+ asks for first. The same registry as the legacy documents.
import type { ResourceType } from '../types.js';
import { subresourceShape } from './discovery.js';
import type { ResourceRegistry } from './resource-registry.js';

export const AGGREGATED_DISCOVERY_TYPE =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Whether the client's Accept header prefers aggregated discovery v2 to the legacy documents. */
export function wantsAggregatedDiscovery(accept: string | undefined): boolean {
  for (const range of (accept ?? '').split(',')) {
    const [type = '', ...params] = range.split(';').map((piece) => piece.trim().toLowerCase());
    const parameters = new Set(params.map((param) => param.replace(/\s+/g, '')));
    if (type !== 'application/json' && type !== '*/*' && type !== 'application/*') continue;
    if (
      parameters.has('g=apidiscovery.k8s.io') &&
      parameters.has('v=v2') &&
      parameters.has('as=apigroupdiscoverylist')
    )
      return true;
    if (params.length === 0) return false;
  }
  return false;
}

function resourceEntry(resource: ResourceType): object {
  return {
    resource: resource.plural,
    responseKind: { group: resource.group, version: resource.version, kind: resource.kind },
    scope: resource.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: resource.singular,
    verbs: resource.verbs,
    ...(resource.shortNames.length ? { shortNames: resource.shortNames } : {}),
    ...(resource.categories.length ? { categories: resource.categories } : {}),
    ...(resource.subresources.length
      ? {
          subresources: resource.subresources.map((name) => {
            const shape = subresourceShape(resource, name);
            return {
              subresource: name,
              responseKind: { group: shape.group ?? '', version: shape.version ?? '', kind: shape.kind },
              verbs: shape.verbs,
            };
          }),
        }
      : {}),
  };
}

function groupEntry(registry: ResourceRegistry, group: string, versions: string[]): object {
  return {
    metadata: { ...(group ? { name: group } : {}), creationTimestamp: null },
    versions: versions.map((version) => ({
      version,
      resources: registry
        .inGroupVersion(group, version)
        .slice()
        .sort((a, b) => a.plural.localeCompare(b.plural))
        .map(resourceEntry),
      freshness: 'Current',
    })),
  };
}

/** The APIGroupDiscoveryList of /api (the core group) or of /apis (every other group). */
export function aggregatedDiscovery(registry: ResourceRegistry, legacyCore: boolean): object {
  const groups = registry.groups().filter((entry) => (entry.group === '') === legacyCore);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map((entry) => groupEntry(registry, entry.group, entry.versions)),
  };
}

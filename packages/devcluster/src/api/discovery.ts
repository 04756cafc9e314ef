import type { ResourceType } from '../types.js';
import type { ApiGroupVersions, ResourceRegistry } from './resource-registry.js';

// Legacy (unaggregated) discovery documents. Clients that ask for aggregated discovery get
// these too and fall back by the Content-Type, as client-go does with older servers.

export const KUBERNETES_VERSION = {
  major: '1',
  minor: '36',
  emulationMajor: '1',
  emulationMinor: '36',
  minCompatibilityMajor: '1',
  minCompatibilityMinor: '35',
  gitVersion: 'v1.36.0',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-04-22T00:00:00Z',
  goVersion: 'go1.26.2',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export function apiVersions(serverAddress: string): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupDocument(group: ApiGroupVersions): object {
  const versions = group.versions.map((version) => ({ groupVersion: `${group.group}/${version}`, version }));
  return {
    name: group.group,
    versions,
    preferredVersion: { groupVersion: `${group.group}/${group.preferred}`, version: group.preferred },
  };
}

export function apiGroupList(registry: ResourceRegistry): object {
  const groups = registry.groups().filter((group) => group.group !== '');
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(groupDocument) };
}

export function apiGroup(registry: ResourceRegistry, name: string): object | undefined {
  const group = registry.groups().find((candidate) => candidate.group === name && name !== '');
  return group && { kind: 'APIGroup', apiVersion: 'v1', ...groupDocument(group) };
}

// What each subresource is served as, in real discovery.
const SUBRESOURCE_SHAPES: Record<
  string,
  { kind?: string; group?: string; version?: string; verbs: string[] }
> = {
  status: { verbs: ['get', 'patch', 'update'] },
  scale: { kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] },
  log: { verbs: ['get'] },
  exec: { kind: 'PodExecOptions', verbs: ['create', 'get'] },
  attach: { kind: 'PodAttachOptions', verbs: ['create', 'get'] },
  portforward: { kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
  proxy: { kind: '', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
  binding: { kind: 'Binding', verbs: ['create'] },
  ephemeralcontainers: { verbs: ['get', 'patch', 'update'] },
  eviction: { kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
  finalize: { verbs: ['update'] },
};

/** What a subresource answers with (kind, and group/version when not the resource's) and its verbs. */
export function subresourceShape(
  resource: ResourceType,
  name: string,
): { kind: string; group?: string; version?: string; verbs: string[] } {
  const shape = SUBRESOURCE_SHAPES[name] ?? { verbs: ['get'] };
  const kind = name === 'proxy' ? `${resource.kind}ProxyOptions` : (shape.kind ?? resource.kind);
  return { ...shape, kind };
}

function subresourceEntries(resource: ResourceType): object[] {
  return resource.subresources.map((name) => {
    const shape = subresourceShape(resource, name);
    return {
      name: `${resource.plural}/${name}`,
      singularName: '',
      namespaced: resource.namespaced,
      ...(shape.group ? { group: shape.group, version: shape.version } : {}),
      kind: shape.kind,
      verbs: shape.verbs,
    };
  });
}

export function apiResourceList(
  registry: ResourceRegistry,
  group: string,
  version: string,
): object | undefined {
  const resources = registry.inGroupVersion(group, version);
  if (resources.length === 0) return undefined;
  const entries = resources
    .slice()
    .sort((a, b) => a.plural.localeCompare(b.plural))
    .flatMap((resource) => [
      {
        name: resource.plural,
        singularName: resource.singular,
        namespaced: resource.namespaced,
        kind: resource.kind,
        verbs: resource.verbs,
        ...(resource.shortNames.length ? { shortNames: resource.shortNames } : {}),
        ...(resource.categories.length ? { categories: resource.categories } : {}),
      },
      ...subresourceEntries(resource),
    ]);
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: entries,
  };
}

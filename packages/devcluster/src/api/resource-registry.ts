import { METRICS_RESOURCES } from '../metrics/metrics-resources.js';
import type { KubeObject, ResourceType } from '../types.js';
import { BUILTIN_RESOURCES } from './builtin-resources.js';

interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  subresources?: { status?: object; scale?: object };
}

interface CrdSpec {
  group: string;
  scope: 'Namespaced' | 'Cluster';
  names: {
    kind: string;
    plural: string;
    singular?: string;
    listKind?: string;
    shortNames?: string[];
    categories?: string[];
  };
  versions: CrdVersion[];
}

const CUSTOM_RESOURCE_VERBS = [
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'create',
  'update',
  'watch',
];

function resourcesOfCrd(crd: KubeObject): ResourceType[] {
  const spec = crd.spec as CrdSpec;
  return spec.versions
    .filter((version) => version.served !== false)
    .map((version) => ({
      group: spec.group,
      version: version.name,
      kind: spec.names.kind,
      listKind: spec.names.listKind ?? `${spec.names.kind}List`,
      plural: spec.names.plural,
      singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
      namespaced: spec.scope === 'Namespaced',
      shortNames: spec.names.shortNames ?? [],
      categories: spec.names.categories ?? [],
      verbs: CUSTOM_RESOURCE_VERBS,
      subresources: [
        ...(version.subresources?.scale ? ['scale'] : []),
        ...(version.subresources?.status ? ['status'] : []),
      ],
    }));
}

export interface ApiGroupVersions {
  group: string;
  versions: string[];
  /** The version a client should prefer: the first served. */
  preferred: string;
}

/** The resources being served now: the built-in ones plus every established CRD's. */
export class ResourceRegistry {
  private custom: ResourceType[] = [];
  private crdsByGroupResource = new Map<string, KubeObject>();
  /** The aggregated APIs: metrics.k8s.io, unless the cluster runs without metrics-server. */
  private readonly aggregated: readonly ResourceType[];

  constructor(options: { metricsApi?: boolean } = {}) {
    this.aggregated = options.metricsApi === false ? [] : METRICS_RESOURCES;
  }

  setCustomResourceDefinitions(crds: KubeObject[]): void {
    this.custom = crds.flatMap(resourcesOfCrd);
    this.crdsByGroupResource = new Map(
      crds.map((crd) => {
        const spec = crd.spec as CrdSpec;
        return [`${spec.group}/${spec.names.plural}`, crd];
      }),
    );
  }

  /** In discovery order: an aggregated API such as metrics.k8s.io comes after the CRDs, by its lower priority. */
  all(): ResourceType[] {
    return [...BUILTIN_RESOURCES, ...this.custom, ...this.aggregated];
  }

  find(group: string, version: string, plural: string): ResourceType | undefined {
    return this.all().find((r) => r.group === group && r.version === version && r.plural === plural);
  }

  /** The CRD behind a custom resource, or undefined for built-in resources. */
  crdOf(resource: ResourceType): KubeObject | undefined {
    return this.crdsByGroupResource.get(`${resource.group}/${resource.plural}`);
  }

  groups(): ApiGroupVersions[] {
    const byGroup = new Map<string, string[]>();
    for (const resource of this.all()) {
      const versions = byGroup.get(resource.group) ?? [];
      if (!versions.includes(resource.version)) versions.push(resource.version);
      byGroup.set(resource.group, versions);
    }
    return [...byGroup].map(([group, versions]) => ({ group, versions, preferred: versions[0] ?? 'v1' }));
  }

  inGroupVersion(group: string, version: string): ResourceType[] {
    return this.all().filter((r) => r.group === group && r.version === version);
  }
}

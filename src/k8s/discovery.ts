// What the API server serves, read as kubectl reads it: aggregated discovery (apidiscovery.k8s.io
// v2, or v2beta1 on 1.26-1.29) answers every group, version and resource in two documents, /api and
// /apis; a server without it answers the legacy documents to the same request, and then each group
// version is asked for its resources (one request per group version: dozens on a real cluster, each
// a round trip before a process's first call can resolve a name). The result is ordered as kubectl
// prefers kinds: the core group first, then groups in the server's priority order, each group's
// preferred version before its others.
import type { ApiResource } from './kube-object.js';
import { groupVersionPath } from './resource-path.js';

/** Asks the API server for one discovery document (as whichever identity is asking). */
export type FetchDocument = (path: string, accept?: string) => Promise<unknown>;

/** Aggregated discovery v2, then v2beta1, then whatever JSON the server has (the legacy documents). */
export const AGGREGATED_DISCOVERY_ACCEPT = [
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList',
  'application/json',
].join(',');

interface ApiVersions {
  versions?: string[];
}

interface ApiGroupList {
  groups?: {
    name: string;
    versions?: { groupVersion: string; version: string }[];
    preferredVersion?: { version: string };
  }[];
}

interface ApiResourceList {
  resources?: {
    name: string;
    singularName?: string;
    namespaced?: boolean;
    kind: string;
    verbs?: string[];
    shortNames?: string[];
    categories?: string[];
  }[];
}

interface GroupVersion {
  group: string;
  version: string;
}

/** An APIGroupDiscoveryList (apidiscovery.k8s.io v2 and v2beta1 read alike for what is used here). */
interface AggregatedDiscovery {
  kind: 'APIGroupDiscoveryList';
  items?: {
    metadata?: { name?: string };
    /** In the server's preference order: the preferred version first. */
    versions?: {
      version: string;
      resources?: {
        resource: string;
        responseKind?: { kind?: string };
        scope?: 'Namespaced' | 'Cluster';
        singularResource?: string;
        verbs?: string[];
        shortNames?: string[];
        categories?: string[];
        subresources?: { subresource: string }[];
      }[];
      /** Stale: the server could not reach an aggregated API; like a failed group version, left out. */
      freshness?: 'Current' | 'Stale';
    }[];
  }[];
}

function isAggregated(document: unknown): document is AggregatedDiscovery {
  return (document as { kind?: unknown } | undefined)?.kind === 'APIGroupDiscoveryList';
}

/** What a discovery document says of one resource; the rest is filled in as kubectl fills it. */
interface ResourceEntry {
  kind: string;
  plural: string;
  singular?: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs?: string[];
  subresources?: string[];
}

function apiResource({ group, version }: GroupVersion, entry: ResourceEntry): ApiResource {
  return {
    group,
    version,
    kind: entry.kind,
    plural: entry.plural,
    singular: entry.singular || entry.kind.toLowerCase(),
    namespaced: entry.namespaced,
    shortNames: entry.shortNames ?? [],
    categories: entry.categories ?? [],
    verbs: entry.verbs ?? [],
    subresources: entry.subresources ?? [],
  };
}

function aggregatedResources(document: AggregatedDiscovery): ApiResource[] {
  const resources: ApiResource[] = [];
  for (const item of document.items ?? []) {
    const group = item.metadata?.name ?? '';
    for (const { version, freshness, resources: entries = [] } of item.versions ?? []) {
      if (freshness === 'Stale') continue;
      for (const entry of entries) {
        resources.push(
          apiResource(
            { group, version },
            {
              kind: entry.responseKind?.kind ?? '',
              plural: entry.resource,
              singular: entry.singularResource,
              namespaced: entry.scope === 'Namespaced',
              shortNames: entry.shortNames,
              categories: entry.categories,
              verbs: entry.verbs,
              subresources: entry.subresources?.map((subresource) => subresource.subresource),
            },
          ),
        );
      }
    }
  }
  return resources;
}

function parseResourceList(groupVersion: GroupVersion, list: ApiResourceList): ApiResource[] {
  const entries = list.resources ?? [];
  const resources = entries
    .filter((entry) => !entry.name.includes('/'))
    .map((entry) =>
      apiResource(groupVersion, {
        kind: entry.kind,
        plural: entry.name,
        singular: entry.singularName,
        namespaced: entry.namespaced ?? false,
        shortNames: entry.shortNames,
        categories: entry.categories,
        verbs: entry.verbs,
      }),
    );
  for (const entry of entries) {
    const [parent, subresource] = entry.name.split('/', 2);
    const owner = resources.find((resource) => resource.plural === parent);
    if (owner && subresource) owner.subresources.push(subresource);
  }
  return resources;
}

/** The group versions a legacy /api (APIVersions) or /apis (APIGroupList) document lists. */
function legacyGroupVersions(document: ApiVersions & ApiGroupList): GroupVersion[] {
  const coreVersions = (document.versions ?? []).map((version) => ({ group: '', version }));
  const groupVersionsInOrder = (document.groups ?? []).flatMap((group) => {
    const preferred = group.preferredVersion?.version;
    const versions = (group.versions ?? []).map((entry) => entry.version);
    const ordered = preferred
      ? [preferred, ...versions.filter((version) => version !== preferred)]
      : versions;
    return ordered.map((version) => ({ group: group.name, version }));
  });
  return [...coreVersions, ...groupVersionsInOrder];
}

/**
 * The resources one root document (/api or /apis) leads to: in it when aggregated, otherwise in
 * one document per group version. A group version that fails (an aggregated API that is down) is
 * left out rather than failing everything, as kubectl does.
 */
async function resourcesUnder(fetch: FetchDocument, root: unknown): Promise<ApiResource[]> {
  if (isAggregated(root)) return aggregatedResources(root);
  const lists = await Promise.all(
    legacyGroupVersions(root as ApiVersions & ApiGroupList).map(async (groupVersion) => {
      try {
        const list = await fetch(groupVersionPath(groupVersion.group, groupVersion.version));
        return parseResourceList(groupVersion, list as ApiResourceList);
      } catch {
        return [];
      }
    }),
  );
  return lists.flat();
}

/**
 * A root document, which must be a JSON object: an empty answer or a page (a proxy or load balancer
 * in front of the API server answering in its place) is named as such rather than read as a cluster
 * that serves nothing.
 */
async function rootDocument(fetch: FetchDocument, path: '/api' | '/apis'): Promise<unknown> {
  const document = await fetch(path, AGGREGATED_DISCOVERY_ACCEPT);
  if (typeof document === 'object' && document !== null && !Array.isArray(document)) return document;
  const answered =
    document === undefined
      ? 'an empty body'
      : `${typeof document === 'string' ? 'text' : 'JSON'} that is not a discovery document`;
  throw new Error(
    `the API server answered ${path} with ${answered}: is the kubeconfig's server URL the API server's?`,
  );
}

/** Every served resource; /api and /apis themselves must answer. */
export async function discoverResources(fetch: FetchDocument): Promise<ApiResource[]> {
  const roots = await Promise.all([rootDocument(fetch, '/api'), rootDocument(fetch, '/apis')]);
  return (await Promise.all(roots.map((root) => resourcesUnder(fetch, root)))).flat();
}

/** The discovered resources of one cluster, loaded once and reloaded on demand. */
export class DiscoveryCache {
  private current: Promise<ApiResource[]> | undefined;
  private refreshing: Promise<ApiResource[]> | undefined;

  resources(fetch: FetchDocument): Promise<ApiResource[]> {
    return this.current ?? this.load(fetch);
  }

  /** Reloads; callers arriving while a reload runs share it instead of starting their own. */
  refresh(fetch: FetchDocument): Promise<ApiResource[]> {
    this.refreshing ??= this.load(fetch).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private load(fetch: FetchDocument): Promise<ApiResource[]> {
    const loading = discoverResources(fetch);
    this.current = loading;
    // A failed load is not cached: the next caller tries again.
    loading.catch(() => {
      if (this.current === loading) this.current = undefined;
    });
    return loading;
  }
}

// Legacy discovery (/api, /apis, and each group version), asked as plain JSON so that servers
// offering aggregated discovery answer the documents every server has. The result is ordered as
// kubectl prefers kinds: the core group first, then groups in the server's priority order, each
// group's preferred version before its others.
import type { ApiResource } from './kube-object.js';
import { groupVersionPath } from './resource-path.js';

/** Asks the API server for one discovery document (as whichever identity is asking). */
export type FetchDocument = (path: string) => Promise<unknown>;

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

function parseResourceList({ group, version }: GroupVersion, list: ApiResourceList): ApiResource[] {
  const entries = list.resources ?? [];
  const resources = entries
    .filter((entry) => !entry.name.includes('/'))
    .map(
      (entry): ApiResource => ({
        group,
        version,
        kind: entry.kind,
        plural: entry.name,
        singular: entry.singularName || entry.kind.toLowerCase(),
        namespaced: entry.namespaced ?? false,
        shortNames: entry.shortNames ?? [],
        categories: entry.categories ?? [],
        verbs: entry.verbs ?? [],
        subresources: [],
      }),
    );
  for (const entry of entries) {
    const [parent, subresource] = entry.name.split('/', 2);
    const owner = resources.find((resource) => resource.plural === parent);
    if (owner && subresource) owner.subresources.push(subresource);
  }
  return resources;
}

async function groupVersions(fetch: FetchDocument): Promise<GroupVersion[]> {
  const [core, groups] = (await Promise.all([fetch('/api'), fetch('/apis')])) as [ApiVersions, ApiGroupList];
  const coreVersions = (core.versions ?? []).map((version) => ({ group: '', version }));
  const groupVersionsInOrder = (groups.groups ?? []).flatMap((group) => {
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
 * Every served resource. A group version that fails (an aggregated API that is down) is left out
 * rather than failing everything, as kubectl does; /api and /apis themselves must answer.
 */
export async function discoverResources(fetch: FetchDocument): Promise<ApiResource[]> {
  const lists = await Promise.all(
    (await groupVersions(fetch)).map(async (groupVersion) => {
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

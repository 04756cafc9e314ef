import type { ApiResource } from './kube-object.js';

export interface ResourcePathOptions {
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** `/api/v1` for the core group, `/apis/<group>/<version>` for the others. */
export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

/** The REST path of a collection, an object or its subresource; cluster-scoped kinds ignore `namespace`. */
export function resourcePath(resource: ApiResource, options: ResourcePathOptions = {}): string {
  const segments = [groupVersionPath(resource.group, resource.version)];
  if (resource.namespaced && options.namespace)
    segments.push('namespaces', encodeURIComponent(options.namespace));
  segments.push(resource.plural);
  if (options.name) segments.push(encodeURIComponent(options.name));
  if (options.name && options.subresource) segments.push(options.subresource);
  return segments.join('/');
}

import type { ApiResource, KubeObject } from '../k8s/index.js';

// How the tools name resources and objects in what they print, the way kubectl does.

export function apiVersionOf(resource: ApiResource): string {
  return resource.group ? `${resource.group}/${resource.version}` : resource.version;
}

/** `deployments.apps`, or `pods` for the core group. */
export function qualifiedName(resource: ApiResource): string {
  return resource.group ? `${resource.plural}.${resource.group}` : resource.plural;
}

/** `deployment.apps/web`, as kubectl names an object it changed. */
export function objectLabel(resource: ApiResource, name: string): string {
  const singular = resource.singular || resource.kind.toLowerCase();
  return `${resource.group ? `${singular}.${resource.group}` : singular}/${name}`;
}

/** Items of a typed list come without apiVersion and kind: put back, so readers (and masking) know them. */
export function withKind(object: KubeObject, resource: ApiResource): KubeObject {
  return { apiVersion: apiVersionOf(resource), kind: resource.kind, ...object };
}

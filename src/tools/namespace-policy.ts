import { type ApiResource, KubernetesError } from '../k8s/index.js';
import type { ToolSettings } from './tool-definition.js';

// --allowed-namespaces, enforced for every tool. When set, a call may only name those
// namespaces; cluster-scoped objects may only be read when they describe the cluster itself
// (nodes) or an allowed namespace, and never be written.

export type Access = 'read' | 'write';

/** Cluster-scoped core resources a namespace-confined caller may still read. */
const READABLE_CLUSTER_RESOURCES = new Set(['nodes', 'namespaces']);

export function isRestricted(
  settings: ToolSettings,
): settings is ToolSettings & { allowedNamespaces: string[] } {
  return settings.allowedNamespaces !== undefined && settings.allowedNamespaces.length > 0;
}

function allowedList(settings: ToolSettings): string {
  return (settings.allowedNamespaces ?? []).map((allowed) => `"${allowed}"`).join(', ');
}

export function requireNamespaceAllowed(settings: ToolSettings, namespace: string): void {
  if (!isRestricted(settings) || settings.allowedNamespaces.includes(namespace)) return;
  throw new KubernetesError(
    `Namespace "${namespace}" is outside the namespaces this server may use (--allowed-namespaces: ` +
      `${allowedList(settings)}). Repeat the call with one of those namespaces.`,
    'not-allowed',
  );
}

function isReadableClusterResource(resource: ApiResource): boolean {
  return resource.group === '' && READABLE_CLUSTER_RESOURCES.has(resource.plural);
}

/**
 * Checks one call's target. `namespace` is the namespace a namespaced call works in; `name` matters
 * for namespaces themselves, which are readable only when allowed.
 */
export function requireScopeAllowed(
  settings: ToolSettings,
  target: { resource: ApiResource; namespace?: string; name?: string },
  access: Access,
): void {
  if (!isRestricted(settings)) return;
  const { resource } = target;
  if (resource.namespaced) {
    if (target.namespace !== undefined) requireNamespaceAllowed(settings, target.namespace);
    return;
  }
  if (access === 'write' || !isReadableClusterResource(resource)) {
    const rule =
      access === 'write'
        ? 'it may not change cluster-scoped objects'
        : 'among cluster-scoped objects it may only read nodes and namespaces';
    throw new KubernetesError(
      `${resource.plural} are cluster-scoped, and this server is confined to the namespaces ` +
        `${allowedList(settings)} (--allowed-namespaces): ${rule}.`,
      'not-allowed',
    );
  }
  if (resource.plural === 'namespaces' && target.name !== undefined) {
    requireNamespaceAllowed(settings, target.name);
  }
}

/** The namespaces an all-namespaces request may cover: undefined means every namespace. */
export function namespacesInScope(settings: ToolSettings): string[] | undefined {
  return isRestricted(settings) ? [...settings.allowedNamespaces] : undefined;
}

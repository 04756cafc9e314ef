import { type ApiResource, KubernetesError } from '../k8s/index.js';
import { qualifiedName } from './resource-names.js';

// --denied-resources: entries name a resource (`secrets`, any group), a resource of one group
// (`apps/deployments`; `core/secrets` or `/secrets` for the core group) or a whole group
// (`rbac.authorization.k8s.io/*`). A bare name also matches the kind and singular, so `Secret`
// and `secret` deny the same thing as `secrets`.

interface DeniedResource {
  /** undefined: any group. */
  group?: string;
  /** '*': every resource of the group. */
  resource: string;
}

const CORE_GROUP_ALIASES = new Set(['', 'core', 'v1']);

export function parseDeniedResource(entry: string): DeniedResource {
  const slash = entry.lastIndexOf('/');
  const resource = entry
    .slice(slash + 1)
    .trim()
    .toLowerCase();
  if (slash < 0) return { resource };
  const group = entry.slice(0, slash).trim().toLowerCase();
  return { group: CORE_GROUP_ALIASES.has(group) ? '' : group, resource };
}

function matches(denied: DeniedResource, resource: ApiResource): boolean {
  if (denied.group !== undefined && denied.group !== resource.group.toLowerCase()) return false;
  if (denied.resource === '*') return true;
  const names = [resource.plural, resource.singular, resource.kind].map((value) => value.toLowerCase());
  return names.includes(denied.resource);
}

export function isDenied(deniedResources: string[], resource: ApiResource): boolean {
  return deniedResources.some((entry) => matches(parseDeniedResource(entry), resource));
}

/** Throws a 'not-allowed' KubernetesError when the resource is denied to every tool. */
export function requireResourceAllowed(deniedResources: string[], resource: ApiResource): void {
  if (!isDenied(deniedResources, resource)) return;
  throw new KubernetesError(
    `Access to ${qualifiedName(resource)} is disabled on this server (--denied-resources); ` +
      'no tool can read or change them. Ask the server operator if you need it.',
    'not-allowed',
  );
}

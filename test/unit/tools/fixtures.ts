import type { ApiResource } from '../../../src/k8s/kube-object.js';
import type { ToolSettings } from '../../../src/tools/tool-definition.js';

export function apiResource(
  overrides: Partial<ApiResource> & Pick<ApiResource, 'plural' | 'kind'>,
): ApiResource {
  return {
    group: '',
    version: 'v1',
    singular: overrides.kind.toLowerCase(),
    namespaced: true,
    shortNames: [],
    categories: [],
    verbs: ['get', 'list', 'create', 'update', 'patch', 'delete'],
    subresources: [],
    ...overrides,
  };
}

export const pods = apiResource({ plural: 'pods', kind: 'Pod', shortNames: ['po'] });
export const secrets = apiResource({ plural: 'secrets', kind: 'Secret' });
export const nodes = apiResource({ plural: 'nodes', kind: 'Node', namespaced: false });
export const namespaces = apiResource({ plural: 'namespaces', kind: 'Namespace', namespaced: false });
export const deployments = apiResource({ group: 'apps', plural: 'deployments', kind: 'Deployment' });
export const clusterRoles = apiResource({
  group: 'rbac.authorization.k8s.io',
  plural: 'clusterroles',
  kind: 'ClusterRole',
  namespaced: false,
});
export const roles = apiResource({ group: 'rbac.authorization.k8s.io', plural: 'roles', kind: 'Role' });

export function settings(overrides: Partial<ToolSettings> = {}): ToolSettings {
  return {
    dryRun: false,
    deniedResources: [],
    maxOutputBytes: 65536,
    httpGetMaxBytes: 65536,
    requestTimeoutMs: 5000,
    confirmDestructive: 'auto',
    ...overrides,
  } as ToolSettings;
}

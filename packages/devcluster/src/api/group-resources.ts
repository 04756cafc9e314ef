// GroupResources that the API layer, admission and the controllers all name.
import type { GroupResource } from './status.js';

export const PODS: GroupResource = { group: '', resource: 'pods' };
export const RESOURCE_QUOTAS: GroupResource = { group: '', resource: 'resourcequotas' };
export const CLAIMS: GroupResource = { group: '', resource: 'persistentvolumeclaims' };
export const VOLUMES: GroupResource = { group: '', resource: 'persistentvolumes' };
export const SERVICE_ACCOUNTS: GroupResource = { group: '', resource: 'serviceaccounts' };

export function isPods(gr: GroupResource): boolean {
  return gr.group === PODS.group && gr.resource === PODS.resource;
}

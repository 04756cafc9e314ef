// v1 ComponentStatus: kube-apiserver's own health probes of the control plane, computed on each
// request and never stored (so no resourceVersion, no watch, no writes). A simulated control
// plane is always healthy; the messages are what the probes of a 1.36 server answer.
import type { KubeObject, ResourceType } from '../types.js';
import { type GroupResource, notFound } from './status.js';

const COMPONENT_STATUSES: GroupResource = { group: '', resource: 'componentstatuses' };

const HEALTHY_COMPONENTS: [name: string, message: string][] = [
  ['controller-manager', 'ok'],
  ['scheduler', 'ok'],
  ['etcd-0', '{"health":"true","reason":""}'],
];

function componentStatus(name: string, message: string): KubeObject {
  return {
    kind: 'ComponentStatus',
    apiVersion: 'v1',
    metadata: { name },
    conditions: [{ type: 'Healthy', status: 'True', message }],
  };
}

export function isComponentStatuses(resource: ResourceType): boolean {
  return resource.group === '' && resource.plural === COMPONENT_STATUSES.resource;
}

export function listComponentStatuses(): { list: KubeObject; items: KubeObject[] } {
  const items = HEALTHY_COMPONENTS.map(([name, message]) => componentStatus(name, message));
  return { list: { kind: 'ComponentStatusList', apiVersion: 'v1', metadata: {}, items }, items };
}

export function getComponentStatus(name: string): KubeObject {
  const found = HEALTHY_COMPONENTS.find(([component]) => component === name);
  if (!found) throw notFound(COMPONENT_STATUSES, name);
  return componentStatus(...found);
}

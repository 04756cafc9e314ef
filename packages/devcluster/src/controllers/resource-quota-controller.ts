// kube-controller-manager's resource quota controller: a quota's status says what its namespace
// uses of each resource the quota limits (status.hard mirrors spec.hard). The simulator reports
// usage; it does not refuse what goes over a quota, as the API server's admission would.
import type { GroupResource } from '../api/status.js';
import { groupResource } from '../cluster.js';
import { resourceKeyOf, type StoredEvent } from '../store/object-store.js';
import type { KubeObject } from '../types.js';
import type { Controller, ControllerContext } from './controller.js';
import { quantity } from './node-fit.js';
import { keyOf, nameOf, namespaceOf, PODS, RESOURCE_QUOTAS, splitKey } from './objects.js';
import { isActive } from './pod-state.js';

const QUOTAS_KEY = resourceKeyOf(RESOURCE_QUOTAS);

/** Core objects quotas count by their plain name (`pods`, `services`...), besides `count/<resource>`. */
const COUNTED = ['pods', 'services', 'configmaps', 'secrets', 'persistentvolumeclaims', 'resourcequotas'];

interface Container {
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

interface Quota extends KubeObject {
  spec?: { hard?: Record<string, string> };
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}

/** CPU as kube prints a sum: whole cores, else millicores. */
function cpuText(cores: number): string {
  const milli = Math.round(cores * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Bytes with the largest binary (or else decimal) suffix that divides them, as a Quantity canonicalizes. */
function bytesText(bytes: number): string {
  if (bytes === 0) return '0';
  for (const [suffix, size] of [
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10],
    ['G', 1e9],
    ['M', 1e6],
    ['k', 1e3],
  ] as const) {
    if (bytes % size === 0) return `${bytes / size}${suffix}`;
  }
  return String(bytes);
}

export class ResourceQuotaController implements Controller {
  readonly name = 'resourcequota-controller';
  // Any object may be counted (`count/deployments.apps`): every change may move a quota's usage.
  readonly watches = 'everything';

  constructor(private readonly context: ControllerContext) {}

  keysFor(event: StoredEvent): string[] {
    const namespace = namespaceOf(event.object);
    if (event.resourceKey === QUOTAS_KEY) {
      return event.type === 'DELETED' ? [] : [keyOf(namespace, nameOf(event.object))];
    }
    return this.context.cluster.store
      .list(RESOURCE_QUOTAS, namespace)
      .map((quota) => keyOf(namespace, nameOf(quota)));
  }

  sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const quota = this.context.cluster.store.get(RESOURCE_QUOTAS, namespace, name) as Quota | undefined;
    if (!quota) return;
    const hard = quota.spec?.hard ?? {};
    const used = Object.fromEntries(
      Object.keys(hard).map((resource) => [resource, this.usage(namespace, resource)]),
    );
    this.context.writer.update(RESOURCE_QUOTAS, quota, { ...quota, status: { hard, used } });
  }

  private usage(namespace: string, resource: string): string {
    const counted = resource.startsWith('count/') ? resource.slice('count/'.length) : resource;
    if (COUNTED.includes(counted) || resource.startsWith('count/'))
      return String(this.count(namespace, counted));
    const [kind, measure] = resource.includes('.') ? resource.split('.', 2) : ['requests', resource];
    if ((kind !== 'requests' && kind !== 'limits') || (measure !== 'cpu' && measure !== 'memory')) return '0';
    const total = this.activePods(namespace)
      .flatMap((pod) => (pod.spec as { containers?: Container[] } | undefined)?.containers ?? [])
      .reduce((sum, container) => sum + quantity(container.resources?.[kind]?.[measure]), 0);
    return measure === 'cpu' ? cpuText(total) : bytesText(total);
  }

  private activePods(namespace: string): KubeObject[] {
    return this.context.cluster.store.list(PODS, namespace).filter(isActive);
  }

  /** Objects of `resource` (`plural` or `plural.group`); pods that have finished do not count. */
  private count(namespace: string, resource: string): number {
    const dot = resource.indexOf('.');
    const gr: GroupResource =
      dot < 0
        ? { group: '', resource }
        : { group: resource.slice(dot + 1), resource: resource.slice(0, dot) };
    if (gr.group === '' && gr.resource === 'pods') return this.activePods(namespace).length;
    const key = resourceKeyOf(gr);
    const served = this.context.cluster.registry.all().some((r) => resourceKeyOf(groupResource(r)) === key);
    return served ? this.context.cluster.store.list(gr, namespace).length : 0;
  }
}

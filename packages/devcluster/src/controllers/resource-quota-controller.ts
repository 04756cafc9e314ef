// kube-controller-manager's resource quota controller: a quota's status says what its namespace
// uses of each resource the quota limits (status.hard mirrors spec.hard). Admission refuses what
// would go over (admission/resource-quota.ts), counting the same way (admission/quota-usage.ts).
import type { ScopedQuota } from '../admission/quota-scopes.js';
import { quotaUsage, usageText } from '../admission/quota-usage.js';
import { resourceKeyOf, type StoredEvent } from '../store/object-store.js';
import type { Controller, ControllerContext } from './controller.js';
import { keyOf, nameOf, namespaceOf, RESOURCE_QUOTAS, splitKey } from './objects.js';

const QUOTAS_KEY = resourceKeyOf(RESOURCE_QUOTAS);

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
    const quota = this.context.cluster.store.get(RESOURCE_QUOTAS, namespace, name) as ScopedQuota | undefined;
    if (!quota) return;
    const hard = quota.spec?.hard ?? {};
    const used = Object.fromEntries(
      Object.keys(hard).map((resource) => [
        resource,
        usageText(resource, quotaUsage(this.context.cluster.quotaScope, quota, resource)),
      ]),
    );
    this.context.writer.update(RESOURCE_QUOTAS, quota, { ...quota, status: { hard, used } });
  }
}

// The ResourceQuota admission plugin: a create that would take its namespace past a quota is refused
// with 403, and while a quota limits CPU or memory every container of a new pod must name its own.
// A quota with scopes applies only to the pods they match (quota-scopes.ts).
import { isPods, RESOURCE_QUOTAS } from '../api/group-resources.js';
import type { GroupResource } from '../api/status.js';
import { quantity } from '../quantity.js';
import type { KubeObject } from '../types.js';
import { admissionForbidden } from './admission-forbidden.js';
import { quotaCounts, type ScopedQuota } from './quota-scopes.js';
import {
  computeResource,
  podContainers,
  type QuotaScope,
  quotaUsage,
  usageOf,
  usageText,
} from './quota-usage.js';

/** `name=value,...` in name order, as quota's prettyPrint writes a resource list. */
function listText(values: [string, string][]): string {
  return values
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join(',');
}

/**
 * The pod evaluator's Constraints: each compute resource the quota limits must be set on every
 * container (a request satisfies `requests.cpu` and plain `cpu`). `must specify limits.cpu for: a,b; ...`
 */
function missingCompute(pod: KubeObject, limited: string[]): string | undefined {
  const { containers, initContainers } = podContainers(pod);
  const missing = [...limited].sort().flatMap((name) => {
    const compute = computeResource(name);
    if (!compute) return [];
    const [kind, measure] = compute;
    const lacking = [...containers, ...initContainers]
      .filter((container) => container.resources?.[kind]?.[measure] === undefined)
      .map((container) => container.name);
    return lacking.length > 0 ? [`${name} for: ${[...new Set(lacking)].sort().join(',')}`] : [];
  });
  return missing.length > 0 ? `must specify ${missing.join('; ')}` : undefined;
}

/** Refuses (403) the creation of `object` if a quota of its namespace would not allow it. */
export function admitAgainstQuotas(scope: QuotaScope, gr: GroupResource, object: KubeObject): void {
  const namespace = object.metadata.namespace;
  if (!namespace) return;
  const quotas = (scope.list(RESOURCE_QUOTAS, namespace) as ScopedQuota[]).sort((a, b) =>
    (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1,
  );
  const counting = quotas.filter((quota) => quotaCounts(quota, gr, object));
  for (const quota of counting) {
    const limited = Object.keys(quota.spec?.hard ?? {});
    const missing = isPods(gr) ? missingCompute(object, limited) : undefined;
    if (missing) throw admissionForbidden(gr, object, `failed quota: ${quota.metadata.name}: ${missing}`);
  }
  for (const quota of counting) {
    const hard = quota.spec?.hard ?? {};
    const exceeded = Object.keys(hard).flatMap((name) => {
      const requested = usageOf(gr, object, name);
      if (requested === 0) return [];
      const used = quotaUsage(scope, quota, name);
      const limit = quantity(hard[name]);
      // Quantities are compared in thousandths, as CPU is counted, so float sums cannot tip the scale.
      if (Math.round((used + requested) * 1000) <= Math.round(limit * 1000)) return [];
      return [{ name, requested, used, limit }];
    });
    if (exceeded.length === 0) continue;
    const text = (value: (entry: (typeof exceeded)[number]) => number) =>
      listText(exceeded.map((entry) => [entry.name, usageText(entry.name, value(entry))]));
    throw admissionForbidden(
      gr,
      object,
      `exceeded quota: ${quota.metadata.name}, requested: ${text((e) => e.requested)}, ` +
        `used: ${text((e) => e.used)}, limited: ${text((e) => e.limit)}`,
    );
  }
}

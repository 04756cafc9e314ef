import { type KubeList, type KubeObject, KubernetesError } from '../../k8s/index.js';
import { isDenied } from '../resource-policy.js';
import type { Target } from '../target.js';
import { textTableString } from '../text-table.js';
import type { ToolContext } from '../tool-definition.js';

// What `kubectl describe namespace` adds to the object: its ResourceQuotas (used against hard, per
// resource) and LimitRanges (bounds and defaults per type and resource). When pods are not
// created, or are refused, these say why.

type ResourceList = Record<string, string>;

interface Quota extends KubeObject {
  status?: { hard?: ResourceList; used?: ResourceList };
  spec?: { hard?: ResourceList };
}

interface LimitRangeItem {
  type?: string;
  min?: ResourceList;
  max?: ResourceList;
  defaultRequest?: ResourceList;
  default?: ResourceList;
  maxLimitRequestRatio?: ResourceList;
}

function quotaText(quota: Quota): string {
  const hard = quota.status?.hard ?? quota.spec?.hard ?? {};
  const rows = Object.keys(hard)
    .sort()
    .map((resource) => [resource, quota.status?.used?.[resource] ?? '0', hard[resource]]);
  return `Name: ${quota.metadata?.name ?? ''}\n${textTableString(['Resource', 'Used', 'Hard'], rows)}`;
}

function limitRows(limitRange: KubeObject): string[][] {
  const items = (limitRange.spec as { limits?: LimitRangeItem[] } | undefined)?.limits ?? [];
  return items.flatMap((item) => {
    const resources = new Set(
      [item.min, item.max, item.defaultRequest, item.default, item.maxLimitRequestRatio].flatMap((list) =>
        Object.keys(list ?? {}),
      ),
    );
    return [...resources]
      .sort()
      .map((resource) => [
        item.type ?? '',
        resource,
        ...[item.min, item.max, item.defaultRequest, item.default, item.maxLimitRequestRatio].map(
          (list) => list?.[resource] ?? '-',
        ),
      ]);
  });
}

/** The objects of `plural` in the namespace, or undefined when they may not or cannot be read. */
async function listIn(
  context: ToolContext,
  target: Target,
  plural: string,
  namespace: string,
): Promise<KubeObject[] | undefined> {
  const resource = await target.client.resolve(plural, '');
  if (isDenied(context.settings.deniedResources, resource)) return undefined;
  try {
    const list = await target.sibling(resource, namespace).request<KubeList>({});
    return list.items;
  } catch (error) {
    if (error instanceof KubernetesError && (error.status === 403 || error.status === 404)) return undefined;
    throw error;
  }
}

/** The quota and limit-range sections of a Namespace's description; undefined for other kinds. */
export async function namespacePoliciesSection(
  context: ToolContext,
  target: Target,
  object: KubeObject,
): Promise<string | undefined> {
  if (target.resource.kind !== 'Namespace' || target.resource.group !== '') return undefined;
  const namespace = object.metadata?.name ?? '';
  const [quotas, limitRanges] = await Promise.all([
    listIn(context, target, 'resourcequotas', namespace),
    listIn(context, target, 'limitranges', namespace),
  ]);
  const sections: string[] = [];
  if (quotas) {
    sections.push(
      quotas.length === 0
        ? 'Resource quotas: <none>'
        : `Resource quotas:\n${(quotas as Quota[]).map(quotaText).join('\n\n')}`,
    );
  }
  if (limitRanges) {
    const rows = limitRanges.flatMap(limitRows);
    const columns = [
      'Type',
      'Resource',
      'Min',
      'Max',
      'Default Request',
      'Default Limit',
      'Max Limit/Request Ratio',
    ];
    sections.push(
      rows.length === 0 ? 'Limit ranges: <none>' : `Limit ranges:\n${textTableString(columns, rows)}`,
    );
  }
  return sections.length > 0 ? sections.join('\n\n') : undefined;
}

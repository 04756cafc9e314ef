import type { KubeList, KubeObject } from '../../k8s/index.js';
import type { Target } from '../target.js';
import { textTableString } from '../text-table.js';
import type { ToolContext } from '../tool-definition.js';
import { describedSection } from './describe-sections.js';

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

/** One section of the objects of `plural` in the namespace. */
async function policySection(
  context: ToolContext,
  target: Target,
  namespace: string,
  plural: string,
  title: string,
  render: (items: KubeObject[]) => string,
): Promise<string> {
  const resource = await target.client.resolve(plural, '');
  return describedSection(context, title, resource, async () =>
    render((await target.sibling(resource, namespace).request<KubeList>({})).items),
  );
}

const LIMIT_COLUMNS = [
  'Type',
  'Resource',
  'Min',
  'Max',
  'Default Request',
  'Default Limit',
  'Max Limit/Request Ratio',
];

function quotasText(quotas: KubeObject[]): string {
  return quotas.length === 0
    ? 'Resource quotas: <none>'
    : `Resource quotas:\n${(quotas as Quota[]).map(quotaText).join('\n\n')}`;
}

function limitRangesText(limitRanges: KubeObject[]): string {
  const rows = limitRanges.flatMap(limitRows);
  return rows.length === 0
    ? 'Limit ranges: <none>'
    : `Limit ranges:\n${textTableString(LIMIT_COLUMNS, rows)}`;
}

/** The quota and limit-range sections of a Namespace's description; undefined for other kinds. */
export async function namespacePoliciesSection(
  context: ToolContext,
  target: Target,
  object: KubeObject,
): Promise<string | undefined> {
  if (target.resource.kind !== 'Namespace' || target.resource.group !== '') return undefined;
  const namespace = object.metadata?.name ?? '';
  const sections = await Promise.all([
    policySection(context, target, namespace, 'resourcequotas', 'Resource quotas', quotasText),
    policySection(context, target, namespace, 'limitranges', 'Limit ranges', limitRangesText),
  ]);
  return sections.join('\n\n');
}

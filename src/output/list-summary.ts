import type { KubeObject } from '../k8s/index.js';
import { objectStatus } from './object-status.js';

/** How many unhealthy objects a status line names before it only counts. */
const NAMED_PER_STATUS = 10;

/**
 * A few lines instead of the objects: the total, counts by kind (when mixed), by namespace, and by
 * status (pods: kubectl's STATUS; workloads: ready or not, naming those that are not with ready/desired).
 */
export function summarizeObjects(items: KubeObject[]): string {
  const lines = [`total: ${items.length}`];
  const kinds = countBy(items.map((item) => item.kind ?? '(no kind)'));
  if (kinds.size > 1) lines.push(`by kind: ${formatCounts(kinds)}`);
  const namespaces = countBy(items.flatMap((item) => item.metadata?.namespace ?? []));
  if (namespaces.size > 0) lines.push(`by namespace: ${formatCounts(sortedByKey(namespaces))}`);
  const statuses = statusLine(items);
  if (statuses) lines.push(`by status: ${statuses}`);
  return lines.join('\n');
}

function statusLine(items: KubeObject[]): string | undefined {
  const groups = new Map<string, { count: number; unhealthy: string[] }>();
  for (const item of items) {
    const state = objectStatus(item);
    if (!state) continue;
    const group = groups.get(state.status) ?? { count: 0, unhealthy: [] };
    group.count += 1;
    if (!state.healthy) group.unhealthy.push(displayName(item, state.detail));
    groups.set(state.status, group);
  }
  if (groups.size === 0) return undefined;
  return [...groups]
    .sort(([, a], [, b]) => b.count - a.count)
    .map(([status, { count, unhealthy }]) => `${status} ${count}${namedList(unhealthy)}`)
    .join(', ');
}

function namedList(names: string[]): string {
  if (names.length === 0) return '';
  const more = names.length - NAMED_PER_STATUS;
  const named = names.slice(0, NAMED_PER_STATUS).join(', ');
  return more > 0 ? ` (${named} and ${more} more)` : ` (${named})`;
}

function displayName(item: KubeObject, detail: string | undefined): string {
  const { namespace, name = '?' } = item.metadata ?? {};
  const qualified = namespace ? `${namespace}/${name}` : name;
  return detail ? `${qualified} ${detail}` : qualified;
}

function countBy(keys: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

function sortedByKey(counts: Map<string, number>): Map<string, number> {
  return new Map([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

function formatCounts(counts: Map<string, number>): string {
  return [...counts].map(([key, count]) => `${key} ${count}`).join(', ');
}

// The order strategicpatch gives a merged list: items named by the patch (or by its $setElementOrder list)
// keep the patch's order, items only the server had keep theirs, and the two are interleaved by where the
// server items stood in the live list.
import { isJsonMap } from './merge-patch.js';
import { badArgType, noMergeKey } from './strategic-patch-error.js';

/** A merge key for lists of maps; undefined for lists of primitives, which match by value. */
export type MergeKey = string | undefined;

function identity(item: unknown, mergeKey: MergeKey): unknown {
  if (mergeKey === undefined) return item;
  return isJsonMap(item) ? item[mergeKey] : undefined;
}

function indexIn(list: readonly unknown[], item: unknown, mergeKey: MergeKey): number {
  const wanted = identity(item, mergeKey);
  return list.findIndex((candidate) => identity(candidate, mergeKey) === wanted);
}

/** The merge key value of a list item, which must exist (mergepatch.ErrNoMergeKey otherwise). */
export function mergeKeyValue(item: unknown, mergeKey: string): unknown {
  if (!isJsonMap(item)) throw badArgType('map', item);
  if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
  return item[mergeKey];
}

/** Splits items into those present in `by` and those that are not, keeping their order. */
export function partitionByPresence(
  items: readonly unknown[],
  by: readonly unknown[],
  mergeKey: MergeKey,
): [present: unknown[], absent: unknown[]] {
  const present: unknown[] = [];
  const absent: unknown[] = [];
  for (const item of items) {
    if (mergeKey !== undefined) mergeKeyValue(item, mergeKey);
    (indexIn(by, item, mergeKey) >= 0 ? present : absent).push(item);
  }
  return [present, absent];
}

function sortedBy(items: unknown[], order: readonly unknown[], mergeKey: MergeKey): unknown[] {
  if (mergeKey !== undefined) {
    for (const item of [...items, ...order]) mergeKeyValue(item, mergeKey);
  }
  return items
    .map((item, position) => ({ item, position, rank: indexIn(order, item, mergeKey) }))
    .sort((a, b) => (a.rank >= 0 && b.rank >= 0 ? a.rank - b.rank : 0) || a.position - b.position)
    .map(({ item }) => item);
}

/** strategicpatch's normalizeElementOrder followed by mergeSortedSlice. */
export function orderMergedList(
  patchItems: unknown[],
  serverOnlyItems: unknown[],
  patchOrder: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: MergeKey,
): unknown[] {
  const right = sortedBy(patchItems, patchOrder, mergeKey);
  const left = sortedBy(serverOnlyItems, serverOrder, mergeKey);
  const leftFirst = (l: unknown, r: unknown): boolean => {
    const li = indexIn(serverOrder, l, mergeKey);
    const ri = indexIn(serverOrder, r, mergeKey);
    return li >= 0 && ri >= 0 && li < ri;
  };
  const merged: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (j >= right.length || (i < left.length && leftFirst(left[i], right[j]))) merged.push(left[i++]);
    else merged.push(right[j++]);
  }
  return merged;
}

// Structured-merge-diff's value operations for apply: merging an applied configuration into
// the live object (typed.Merge keeping the applied side on leaves, keyed lists merged item by
// item in SMD's order) and removing the fields of a set (typed.RemoveItems).
import { elementToken, type PathElement } from './field-path.js';
import type { FieldSet } from './field-set.js';
import { indexListItems, type ListItem, type ListType, trackedElement } from './list-items.js';
import { isPlainObject, resolveType, type TypeNode } from './schema.js';
import { childType } from './typed-fields.js';

function isLeaf(type: TypeNode, lhs: unknown, rhs: unknown): boolean {
  if (type.kind === 'scalar' || type.kind === 'deduced') return true;
  if (type.kind === 'list')
    return type.relationship === 'atomic' || !Array.isArray(lhs) || !Array.isArray(rhs);
  return type.atomic || !isPlainObject(lhs) || !isPlainObject(rhs);
}

function emptyLike(value: unknown): unknown {
  if (Array.isArray(value)) return [];
  return isPlainObject(value) ? {} : undefined;
}

/** The live value with the applied value merged in; `undefined` stands for an absent value. */
export function mergeValues(lhs: unknown, rhs: unknown, declared: TypeNode): unknown {
  if (rhs === undefined) return lhs;
  const type = resolveType(declared, rhs);
  // A new granular value is merged into an empty one so that applied nulls inside it drop out too.
  const base = lhs === undefined ? emptyLike(rhs) : lhs;
  if (isLeaf(type, base, rhs)) return structuredClone(rhs);
  if (type.kind === 'list') return mergeLists(type, base as unknown[], rhs as unknown[]);
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(rhs as Record<string, unknown>)) {
    // An applied null owns the field but leaves it unset, as decoding null into a Go field does.
    if (value === null) delete out[key];
    else out[key] = mergeValues(out[key], value, childType(type, { field: key }));
  }
  return out;
}

/**
 * Merges keyed lists and sets the way SMD orders them: items of both lists follow the applied
 * order, live-only items keep their place relative to them, applied-only items come in order.
 */
function mergeLists(list: ListType, lhs: unknown[], rhs: unknown[]): unknown[] {
  const left = indexListItems(list, lhs);
  const right = indexListItems(list, rhs);
  const leftOrder = [...left.values()];
  const rightOrder = [...right.values()];
  const shared = rightOrder.filter(({ element }) => left.has(elementToken(element)));
  const out: unknown[] = [];
  const mergeItem = (token: string): void => {
    out.push(mergeValues(left.get(token)?.item, right.get(token)?.item, list.element));
  };
  let nextShared = shared.shift();
  let l = 0;
  let r = 0;
  while (l < leftOrder.length || r < rightOrder.length) {
    const leftToken = tokenAt(leftOrder, l);
    const rightToken = tokenAt(rightOrder, r);
    if (leftToken !== undefined && leftToken === rightToken) {
      mergeItem(leftToken);
      l++;
      r++;
      nextShared = shared.shift();
      continue;
    }
    if (leftToken !== undefined && right.has(leftToken)) {
      // A shared item the applied order places later (or already merged): skip it here.
      if (rightToken === undefined || (nextShared && elementToken(nextShared.element) !== leftToken)) {
        l++;
        continue;
      }
    } else if (leftToken !== undefined) {
      mergeItem(leftToken);
      l++;
      continue;
    }
    if (rightToken !== undefined) {
      mergeItem(rightToken);
      r++;
      if (nextShared && elementToken(nextShared.element) === rightToken) nextShared = shared.shift();
    }
  }
  return out;
}

function tokenAt(items: ListItem[], index: number): string | undefined {
  const item = items[index];
  return item ? elementToken(item.element) : undefined;
}

/** The value without the fields of the set; a member removes its whole subtree. */
export function removeFields(value: unknown, set: FieldSet, declared: TypeNode): unknown {
  const type = resolveType(declared, value);
  if (type.kind === 'list' && type.relationship !== 'atomic' && Array.isArray(value)) {
    return value.flatMap((item, index) => {
      const element = trackedElement(type, item, index);
      if (!element) return [item];
      return set.hasMember(element) ? [] : [removeBelow(item, set, element, type)];
    });
  }
  if ((type.kind === 'struct' || type.kind === 'map') && !type.atomic && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const element = { field: key };
      if (!set.hasMember(element)) out[key] = removeBelow(child, set, element, type);
    }
    return out;
  }
  return value;
}

function removeBelow(child: unknown, set: FieldSet, element: PathElement, type: TypeNode): unknown {
  const below = set.child(element);
  return below ? removeFields(child, below, childType(type, element)) : child;
}

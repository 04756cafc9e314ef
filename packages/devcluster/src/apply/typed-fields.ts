// The field sets structured-merge-diff derives from typed values: every field an object sets
// (typed.ToFieldSet, what an applier owns) and what changed between two versions
// (typed.Compare, what an updater takes).

import { isDeepStrictEqual } from 'node:util';
import type { FieldPath, PathElement } from './field-path.js';
import { FieldSet } from './field-set.js';
import { indexListItems } from './list-items.js';
import { entryType, isNamedField, isPlainObject, resolveType, type TypeNode } from './schema.js';

const DEDUCED: TypeNode = { kind: 'deduced' };

/** The type below one path element; undeclared struct fields are walked as deduced values. */
export function childType(type: TypeNode, element: PathElement): TypeNode {
  if ('field' in element) return entryType(type, element.field) ?? DEDUCED;
  return type.kind === 'list' ? type.element : DEDUCED;
}

function isLeaf(type: TypeNode): boolean {
  if (type.kind === 'scalar') return true;
  if (type.kind === 'list') return type.relationship === 'atomic';
  return type.kind === 'deduced' || type.atomic;
}

/** Every field a value sets, as SMD's ToFieldSet: leaves, list items, and map keys (not struct fields). */
export function fieldSetOf(value: unknown, type: TypeNode): FieldSet {
  const set = new FieldSet();
  collectFields([], value, type, set);
  return set;
}

function collectFields(path: FieldPath, value: unknown, declared: TypeNode, set: FieldSet): void {
  const type = resolveType(declared, value);
  if (isLeaf(type)) {
    set.insert(path);
    return;
  }
  if (type.kind === 'list') {
    if (!Array.isArray(value)) return;
    for (const { element, item } of indexListItems(type, value).values()) {
      const itemPath = [...path, element];
      collectFields(itemPath, item, type.element, set);
      set.insert(itemPath);
    }
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const element = { field: key };
    const childPath = [...path, element];
    collectFields(childPath, child, childType(type, element), set);
    if (!isNamedField(type, key)) set.insert(childPath);
  }
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** What changed from lhs to rhs, as SMD's Compare (absent values are `undefined`). */
export function compareValues(lhs: unknown, rhs: unknown, type: TypeNode): Comparison {
  const comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compareAt([], lhs, rhs, type, comparison);
  return comparison;
}

function isEmptyCollection(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.keys(value).length === 0;
}

function compareLeaf(path: FieldPath, lhs: unknown, rhs: unknown, comparison: Comparison): void {
  if (lhs === undefined) comparison.added.insert(path);
  else if (rhs === undefined) comparison.removed.insert(path);
  else if (!isDeepStrictEqual(lhs, rhs)) {
    if (lhs === null) comparison.added.insert(path);
    else if (rhs === null) comparison.removed.insert(path);
    else comparison.modified.insert(path);
  }
}

function compareAt(
  path: FieldPath,
  lhs: unknown,
  rhs: unknown,
  declared: TypeNode,
  comparison: Comparison,
): void {
  const type = resolveType(declared, rhs ?? lhs);
  const shapeChanged =
    lhs !== undefined &&
    rhs !== undefined &&
    lhs !== null &&
    rhs !== null &&
    Array.isArray(lhs) !== Array.isArray(rhs);
  const bothEmpty = isEmptyCollection(lhs) && isEmptyCollection(rhs);
  if (isLeaf(type) || shapeChanged || bothEmpty) {
    compareLeaf(path, lhs, rhs, comparison);
    return;
  }
  for (const [element, left, right] of pairChildren(type, lhs, rhs)) {
    compareAt([...path, element], left, right, childType(type, element), comparison);
  }
  // Non-leaf items that appear or disappear are owned as a whole too (the `.` of FieldsV1).
  if (lhs === undefined) comparison.added.insert(path);
  else if (rhs === undefined) comparison.removed.insert(path);
}

/** The children of two values of a granular type, matched by path element. */
function pairChildren(type: TypeNode, lhs: unknown, rhs: unknown): Array<[PathElement, unknown, unknown]> {
  if (type.kind === 'list') {
    const left = indexListItems(type, Array.isArray(lhs) ? lhs : []);
    const right = indexListItems(type, Array.isArray(rhs) ? rhs : []);
    const tokens = new Set([...left.keys(), ...right.keys()]);
    return [...tokens].map((token) => {
      const item = (left.get(token) ?? right.get(token)) as { element: PathElement };
      return [item.element, left.get(token)?.item, right.get(token)?.item];
    });
  }
  const left = isPlainObject(lhs) ? lhs : {};
  const right = isPlainObject(rhs) ? rhs : {};
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...keys].map((key) => [{ field: key }, left[key], right[key]]);
}

/**
 * SMD's EnsureNamedFieldsAreMembers: struct fields with paths below them become members too,
 * so pruning a struct field's last owned child can also drop the field itself.
 */
export function ensureNamedFieldsAreMembers(set: FieldSet, type: TypeNode): FieldSet {
  const named = new FieldSet();
  addNamedFields([], set, resolveType(type, {}), named);
  return set.union(named);
}

function addNamedFields(path: FieldPath, set: FieldSet, type: TypeNode, named: FieldSet): void {
  for (const element of set.childElements()) {
    const below = set.child(element);
    if (!below) continue;
    const childPath = [...path, element];
    if ('field' in element && isNamedField(type, element.field)) named.insert(childPath);
    addNamedFields(childPath, below, resolveType(childType(type, element), {}), named);
  }
}

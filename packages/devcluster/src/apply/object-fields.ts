// Field sets of whole objects, typed by their kind's schema: what an object sets (what applying
// it claims) and what changed between two versions (what an update takes).
import type { KubeObject } from '../types.js';
import type { FieldSet } from './field-set.js';
import { rootType } from './schema.js';
import { compareValues, fieldSetOf } from './typed-fields.js';

export function objectFields(object: KubeObject): FieldSet {
  return fieldSetOf(object, rootType(object.apiVersion, object.kind));
}

/** Added and modified fields from `before` to `after`, and the removed ones apart. */
export function changedFields(
  before: KubeObject,
  after: KubeObject,
): { changed: FieldSet; removed: FieldSet } {
  const { added, modified, removed } = compareValues(before, after, rootType(after.apiVersion, after.kind));
  return { changed: added.union(modified), removed };
}

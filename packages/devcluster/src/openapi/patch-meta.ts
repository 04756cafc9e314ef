// Lookups a strategic merge patch walks: from an object's apiVersion and kind to its
// definition, then field by field down the tree through each field's `ref`.
import { BUILTIN_GVK_INDEX, BUILTIN_PATCH_META, type FieldPatchMeta } from './generated-spec.js';

export type { FieldPatchMeta };

/** The definition name of a built-in kind, e.g. ('apps/v1', 'Deployment') -> 'io.k8s.api.apps.v1.Deployment'. */
export function definitionForKind(apiVersion: string, kind: string): string | undefined {
  return BUILTIN_GVK_INDEX[apiVersion]?.[kind];
}

/** Merge keys, strategies, list types and child definition of one field; undefined for plain fields. */
export function fieldPatchMeta(definition: string, field: string): FieldPatchMeta | undefined {
  return BUILTIN_PATCH_META[definition]?.[field];
}

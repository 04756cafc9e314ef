// RFC 7386 JSON merge patch (application/merge-patch+json) with the quirks of evanphx/json-patch v4's
// MergePatch, which kube-apiserver uses: values copied in from the patch lose their null map entries,
// also inside objects nested in arrays, while nulls that are array elements stay.

type JsonMap = Record<string, unknown>;

export function isJsonMap(value: unknown): value is JsonMap {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A copy of a patch value with every null map entry removed, as json-patch's pruneNulls. */
function withoutNullEntries(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === null ? null : withoutNullEntries(item)));
  if (!isJsonMap(value)) return value;
  const pruned: JsonMap = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== null) pruned[key] = withoutNullEntries(item);
  }
  return pruned;
}

function mergeValue(current: unknown, patch: unknown): unknown {
  if (!isJsonMap(current)) return withoutNullEntries(patch);
  // json-patch returns a non-object patch as it is, unpruned, when the current value is an object.
  if (!isJsonMap(patch)) return structuredClone(patch);
  return mergeMaps(current, patch);
}

function mergeMaps(current: JsonMap, patch: JsonMap): JsonMap {
  const merged: JsonMap = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else
      merged[key] =
        key in current && current[key] !== null ? mergeValue(current[key], value) : withoutNullEntries(value);
  }
  return merged;
}

/** Applies a merge patch object to a document object; neither input is modified. */
export function mergePatch(document: JsonMap, patch: JsonMap): JsonMap {
  return mergeMaps(structuredClone(document), patch);
}

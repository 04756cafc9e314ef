// Small helpers for walking the untyped JSON of Kubernetes objects.

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The record at `path` below `root`, or undefined when any step is missing or not an object. */
export function recordAt(root: unknown, ...path: string[]): JsonRecord | undefined {
  let current = root;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return isRecord(current) ? current : undefined;
}

/** The records of the array at `record[key]`, skipping anything that is not an object. */
export function recordsIn(record: JsonRecord | undefined, key: string): JsonRecord[] {
  const value = record?.[key];
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

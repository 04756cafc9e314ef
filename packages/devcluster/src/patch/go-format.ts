// Go's fmt verbs for decoded JSON, as they appear inside apiserver error messages.

/** fmt's %v of a value decoded into interface{}: maps print sorted as map[k:v], slices as [a b]. */
export function goValue(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goValue).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `map[${entries.map(([key, item]) => `${key}:${goValue(item)}`).join(' ')}]`;
  }
  return String(value);
}

/** JSON with object keys sorted, as Go's json.Marshal writes a map[string]interface{}. */
export function goMarshal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(goMarshal).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${goMarshal(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

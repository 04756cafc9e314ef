import type { QueryValue } from './cluster-client.js';

/** `path?query`, with arrays as repeated keys (`command=a&command=b`) and undefined values left out. */
export function withQuery(path: string, query: Record<string, QueryValue> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
  }
  const encoded = search.toString();
  return encoded ? `${path}?${encoded}` : path;
}

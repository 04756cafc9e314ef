export interface LruCacheOptions {
  /** Entries unused for longer than this are forgotten; default: never. */
  maxIdleMs?: number;
  now?: () => number;
}

interface Entry<V> {
  value: V;
  usedAt: number;
}

/**
 * A Map bounded to `capacity` entries that forgets the least recently used one, and optionally any
 * entry left unused for `maxIdleMs` (a user who stopped calling should not keep a client alive).
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, Entry<V>>();
  private readonly maxIdleMs: number;
  private readonly now: () => number;

  constructor(
    private readonly capacity: number,
    options: LruCacheOptions = {},
  ) {
    this.maxIdleMs = options.maxIdleMs ?? Number.POSITIVE_INFINITY;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    const now = this.now();
    if (now - entry.usedAt > this.maxIdleMs) return undefined;
    // Map keeps insertion order: re-inserting marks the entry as the most recent.
    this.entries.set(key, { value: entry.value, usedAt: now });
    return entry.value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    const now = this.now();
    this.entries.set(key, { value, usedAt: now });
    for (const [oldestKey, oldest] of this.entries) {
      const idle = now - oldest.usedAt > this.maxIdleMs;
      if (this.entries.size <= this.capacity && !idle) break;
      this.entries.delete(oldestKey);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

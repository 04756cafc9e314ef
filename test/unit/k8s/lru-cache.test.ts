import { describe, expect, it } from 'vitest';
import { LruCache } from '../../../src/k8s/lru-cache.js';

describe('LruCache', () => {
  it('forgets the least recently used entry beyond its capacity', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([1, undefined, 3]);
    expect(cache.size).toBe(2);
  });

  it('replaces a value set again without growing', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('a', 2);
    expect(cache.get('a')).toBe(2);
    expect(cache.size).toBe(1);
  });
});

describe('LruCache with an idle limit', () => {
  it('forgets an entry unused for longer than maxIdleMs, and keeps one in use', () => {
    let now = 0;
    const cache = new LruCache<string, number>(10, { maxIdleMs: 1000, now: () => now });
    cache.set('idle', 1);
    cache.set('busy', 2);
    now = 800;
    expect(cache.get('busy')).toBe(2);
    now = 1500;
    expect(cache.get('idle')).toBeUndefined();
    expect(cache.get('busy')).toBe(2);
    expect(cache.size).toBe(1);
  });

  it('drops idle entries when a new one is added', () => {
    let now = 0;
    const cache = new LruCache<string, number>(10, { maxIdleMs: 1000, now: () => now });
    cache.set('a', 1);
    now = 5000;
    cache.set('b', 2);
    expect(cache.size).toBe(1);
  });
});

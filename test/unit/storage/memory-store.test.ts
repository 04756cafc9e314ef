import { describe, expect, it, vi } from 'vitest';
import { MemoryStore } from '../../../src/storage/memory/index.js';
import { StoreFullError } from '../../../src/storage/store.js';
import { runStoreContract } from './store-contract.js';

runStoreContract('memory', () => new MemoryStore());

const HOUR_MS = 3_600_000;

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('MemoryStore', () => {
  it('refuses a new record past its bound with a clear error', async () => {
    const store = new MemoryStore({ maxRecords: 2 });
    await store.put('code', 'a', 'v', HOUR_MS);
    await store.put('code', 'b', 'v', HOUR_MS);
    await expect(store.put('code', 'c', 'v', HOUR_MS)).rejects.toThrow(StoreFullError);
    await expect(store.put('code', 'c', 'v', HOUR_MS)).rejects.toThrow(/full \(2 records\)/);
    await store.close();
  });

  it('counts counters against its bound too', async () => {
    const store = new MemoryStore({ maxRecords: 1 });
    await store.incrementBelow('ip:1', 10, HOUR_MS);
    await expect(store.incrementBelow('ip:2', 10, HOUR_MS)).rejects.toThrow(StoreFullError);
    await store.close();
  });

  it('still replaces an existing record when full', async () => {
    const store = new MemoryStore({ maxRecords: 1 });
    await store.put('code', 'a', 'v1', HOUR_MS);
    await store.put('code', 'a', 'v2', HOUR_MS);
    expect((await store.get('code', 'a'))?.value).toBe('v2');
    await store.close();
  });

  it('makes room by sweeping expired records before refusing', async () => {
    const time = clock();
    const store = new MemoryStore({ maxRecords: 2, now: time.now });
    await store.put('code', 'a', 'v', 1_000);
    await store.put('code', 'b', 'v', 1_000);
    time.advance(1_001);
    await store.put('code', 'c', 'v', HOUR_MS);
    expect(store.size).toBe(1);
    await store.close();
  });

  it('never returns a record past its expiry on the injected clock', async () => {
    const time = clock();
    const store = new MemoryStore({ now: time.now });
    await store.put('code', 'a', 'v', 1_000);
    time.advance(999);
    expect(await store.get('code', 'a')).toBeDefined();
    time.advance(1);
    expect(await store.get('code', 'a')).toBeUndefined();
    await store.close();
  });

  it('sweeps expired records, counters and locks periodically', async () => {
    vi.useFakeTimers();
    try {
      const time = clock();
      const store = new MemoryStore({ sweepIntervalMs: 10_000, now: time.now });
      await store.put('code', 'a', 'v', 1_000, { group: 'g' });
      await store.put('code', 'b', 'v', HOUR_MS);
      await store.incrementBelow('ip:1', 10, 1_000);
      time.advance(5_000);
      expect(store.size).toBe(3);
      vi.advanceTimersByTime(10_000);
      expect(store.size).toBe(1);
      await store.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not keep the process alive with its sweep timer', async () => {
    const setInterval = vi.spyOn(globalThis, 'setInterval');
    const store = new MemoryStore();
    const timer = setInterval.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    setInterval.mockRestore();
    await store.close();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReplayCache } from '../../../src/storage/replay-cache.js';
import type { Store } from '../../../src/storage/store.js';

/** Lifetimes short enough to watch expire, long enough for a slow backend to answer first. */
const SHORT_TTL_MS = 60;
const HOUR_MS = 3_600_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tenTimes = <T>(task: () => Promise<T>) => Promise.all(Array.from({ length: 10 }, task));

/**
 * The behaviour every storage backend must have. Each backend's test file calls it with a factory
 * that returns a fresh, empty store.
 */
export function runStoreContract(name: string, createStore: () => Store | Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await createStore();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('records', () => {
      it('returns what was put, unused', async () => {
        await store.put('code', 'k1', 'value ✓ with "quotes"', HOUR_MS);
        expect(await store.get('code', 'k1')).toEqual({ value: 'value ✓ with "quotes"', used: false });
      });

      it('returns nothing for a key never put', async () => {
        expect(await store.get('code', 'absent')).toBeUndefined();
      });

      it('keeps kinds apart even when keys are equal', async () => {
        await store.put('code', 'same', 'a code', HOUR_MS);
        await store.put('state', 'same', 'a state', HOUR_MS);
        expect((await store.get('code', 'same'))?.value).toBe('a code');
        expect((await store.get('state', 'same'))?.value).toBe('a state');
      });

      it('lists the live records of one kind, and only those', async () => {
        await store.put('client', 'a', 'first', HOUR_MS);
        await store.put('client', 'b*[x]', 'second', HOUR_MS, { group: 'g' });
        await store.put('client', 'gone', 'expires', SHORT_TTL_MS);
        await store.put('clients', 'c', 'other kind', HOUR_MS);
        await store.put('grant', 'd', 'other kind', HOUR_MS);
        await store.delete('client', 'a');
        await store.put('client', 'a', 'again', HOUR_MS);
        await sleep(SHORT_TTL_MS * 2);
        const listed = await store.list('client');
        expect(listed.sort((x, y) => x.key.localeCompare(y.key))).toEqual([
          { key: 'a', value: 'again' },
          { key: 'b*[x]', value: 'second' },
        ]);
        expect(await store.list('nothing')).toEqual([]);
      });

      it('replaces a record on put and clears its used mark', async () => {
        await store.put('code', 'k', 'old', HOUR_MS);
        await store.useOnce('code', 'k');
        await store.put('code', 'k', 'new', HOUR_MS);
        expect(await store.get('code', 'k')).toEqual({ value: 'new', used: false });
      });

      it('never returns an expired record, whatever the operation', async () => {
        for (const key of ['get', 'update', 'consume', 'use', 'rotate']) {
          await store.put('code', key, 'v', SHORT_TTL_MS);
        }
        await sleep(SHORT_TTL_MS * 2);
        expect(await store.get('code', 'get')).toBeUndefined();
        expect(await store.update('code', 'update', 'w')).toBe(false);
        expect(await store.consumeOnce('code', 'consume')).toBeUndefined();
        expect(await store.useOnce('code', 'use')).toEqual({ status: 'missing' });
        const next = { key: 'next', value: 'n', ttlMs: HOUR_MS };
        expect(await store.rotate('code', 'rotate', next)).toEqual({ status: 'missing' });
        expect(await store.get('code', 'next')).toBeUndefined();
      });

      it('updates a live record in place, keeping its used mark', async () => {
        await store.put('grant', 'g', 'v1', HOUR_MS);
        await store.useOnce('grant', 'g');
        expect(await store.update('grant', 'g', 'v2')).toBe(true);
        expect(await store.get('grant', 'g')).toEqual({ value: 'v2', used: true });
      });

      it('refuses to update a record that does not exist (a revoked record is not resurrected)', async () => {
        expect(await store.update('grant', 'gone', 'v')).toBe(false);
        expect(await store.get('grant', 'gone')).toBeUndefined();
      });

      it('keeps the lifetime of a record on update', async () => {
        await store.put('grant', 'g', 'v1', SHORT_TTL_MS);
        await store.update('grant', 'g', 'v2');
        await sleep(SHORT_TTL_MS * 2);
        expect(await store.get('grant', 'g')).toBeUndefined();
      });

      it('deletes a record and says whether it existed', async () => {
        await store.put('code', 'k', 'v', HOUR_MS);
        expect(await store.delete('code', 'k')).toBe(true);
        expect(await store.delete('code', 'k')).toBe(false);
        expect(await store.get('code', 'k')).toBeUndefined();
      });
    });

    describe('consumeOnce', () => {
      it('gives the value once and deletes the record', async () => {
        await store.put('state', 's', 'login', HOUR_MS);
        expect(await store.consumeOnce('state', 's')).toBe('login');
        expect(await store.consumeOnce('state', 's')).toBeUndefined();
        expect(await store.get('state', 's')).toBeUndefined();
      });

      it('gives the value to exactly one of 10 parallel callers', async () => {
        await store.put('state', 's', 'login', HOUR_MS);
        const results = await tenTimes(() => store.consumeOnce('state', 's'));
        expect(results.filter((value) => value === 'login')).toHaveLength(1);
      });
    });

    describe('useOnce', () => {
      it('reports the first use, then replays with the value, and keeps the record', async () => {
        await store.put('code', 'c', 'grant-1', HOUR_MS);
        expect(await store.useOnce('code', 'c')).toEqual({ status: 'first', value: 'grant-1' });
        expect(await store.useOnce('code', 'c')).toEqual({ status: 'replay', value: 'grant-1' });
        expect(await store.get('code', 'c')).toEqual({ value: 'grant-1', used: true });
      });

      it('reports a missing record', async () => {
        expect(await store.useOnce('code', 'none')).toEqual({ status: 'missing' });
      });

      it('gives the first use to exactly one of 10 parallel callers of one code', async () => {
        await store.put('code', 'c', 'grant-1', HOUR_MS);
        const outcomes = await tenTimes(() => store.useOnce('code', 'c'));
        expect(outcomes.filter((outcome) => outcome.status === 'first')).toHaveLength(1);
        expect(outcomes.filter((outcome) => outcome.status === 'replay')).toHaveLength(9);
      });
    });

    describe('rotate', () => {
      it('marks the old record used and stores its successor', async () => {
        await store.put('refresh', 'r1', 'family', HOUR_MS, { group: 'g' });
        const outcome = await store.rotate('refresh', 'r1', { key: 'r2', value: 'next', ttlMs: HOUR_MS });
        expect(outcome).toEqual({ status: 'first', value: 'family' });
        expect(await store.get('refresh', 'r1')).toEqual({ value: 'family', used: true });
        expect(await store.get('refresh', 'r2')).toEqual({ value: 'next', used: false });
      });

      it('detects the replay of a rotated record and stores no successor for it', async () => {
        await store.put('refresh', 'r1', 'family', HOUR_MS);
        await store.rotate('refresh', 'r1', { key: 'r2', value: 'next', ttlMs: HOUR_MS });
        const replay = await store.rotate('refresh', 'r1', { key: 'r3', value: 'stolen', ttlMs: HOUR_MS });
        expect(replay).toEqual({ status: 'replay', value: 'family' });
        expect(await store.get('refresh', 'r3')).toBeUndefined();
      });

      it('stores nothing when the old record is missing', async () => {
        const outcome = await store.rotate('refresh', 'none', { key: 'r2', value: 'v', ttlMs: HOUR_MS });
        expect(outcome).toEqual({ status: 'missing' });
        expect(await store.get('refresh', 'r2')).toBeUndefined();
      });

      it('lets exactly one of 10 parallel rotations of one token succeed and store a successor', async () => {
        await store.put('refresh', 'r1', 'family', HOUR_MS);
        const outcomes = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            store.rotate('refresh', 'r1', { key: `next-${i}`, value: `v${i}`, ttlMs: HOUR_MS }),
          ),
        );
        expect(outcomes.filter((outcome) => outcome.status === 'first')).toHaveLength(1);
        const successors = await Promise.all(outcomes.map((_, i) => store.get('refresh', `next-${i}`)));
        expect(successors.filter(Boolean)).toHaveLength(1);
      });

      it('puts the successor into its group', async () => {
        await store.put('refresh', 'r1', 'v', HOUR_MS, { group: 'family' });
        await store.rotate('refresh', 'r1', { key: 'r2', value: 'v', ttlMs: HOUR_MS, group: 'family' });
        expect(await store.deleteGroup('family')).toBe(2);
        expect(await store.get('refresh', 'r2')).toBeUndefined();
      });

      it('gives the successor its own lifetime', async () => {
        await store.put('refresh', 'r1', 'v', HOUR_MS);
        await store.rotate('refresh', 'r1', { key: 'r2', value: 'v', ttlMs: SHORT_TTL_MS });
        await sleep(SHORT_TTL_MS * 2);
        expect(await store.get('refresh', 'r2')).toBeUndefined();
        expect(await store.get('refresh', 'r1')).toBeDefined();
      });

      it('records what the spent record was rotated to, for every later use to find', async () => {
        await store.put('refresh', 'r1', 'family', SHORT_TTL_MS * 3, { group: 'g' });
        const first = await store.rotate(
          'refresh',
          'r1',
          { key: 'r2', value: 'next', ttlMs: HOUR_MS },
          'spent',
        );
        expect(first).toEqual({ status: 'first', value: 'family' });
        expect(await store.get('refresh', 'r1')).toEqual({ value: 'spent', used: true });
        const replay = await store.rotate(
          'refresh',
          'r1',
          { key: 'r3', value: 'x', ttlMs: HOUR_MS },
          'other',
        );
        expect(replay).toEqual({ status: 'replay', value: 'spent' });
        expect(await store.get('refresh', 'r3')).toBeUndefined();
        // The spent record keeps its lifetime and its group.
        await sleep(SHORT_TTL_MS * 4);
        expect(await store.get('refresh', 'r1')).toBeUndefined();
      });

      it('gives all of 10 parallel rotations the one recorded successor', async () => {
        await store.put('refresh', 'r1', 'family', HOUR_MS, { group: 'g' });
        const outcomes = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            store.rotate('refresh', 'r1', { key: `next-${i}`, value: `v${i}`, ttlMs: HOUR_MS }, `to-${i}`),
          ),
        );
        const winner = outcomes.findIndex((outcome) => outcome.status === 'first');
        expect(winner).toBeGreaterThanOrEqual(0);
        const replays = outcomes.filter((outcome) => outcome.status === 'replay');
        expect(replays).toHaveLength(9);
        for (const replay of replays) expect(replay).toEqual({ status: 'replay', value: `to-${winner}` });
        expect(await store.deleteGroup('g')).toBe(1);
      });
    });

    describe('groups', () => {
      it('deletes every record of a group, of any kind, and nothing else', async () => {
        await store.put('access', 'a', 'v', HOUR_MS, { group: 'grant-1' });
        await store.put('refresh', 'r', 'v', HOUR_MS, { group: 'grant-1' });
        await store.put('access', 'other', 'v', HOUR_MS, { group: 'grant-2' });
        await store.put('access', 'loose', 'v', HOUR_MS);
        expect(await store.deleteGroup('grant-1')).toBe(2);
        expect(await store.get('access', 'a')).toBeUndefined();
        expect(await store.get('refresh', 'r')).toBeUndefined();
        expect(await store.get('access', 'other')).toBeDefined();
        expect(await store.get('access', 'loose')).toBeDefined();
      });

      it('deletes used records of the group too', async () => {
        await store.put('refresh', 'r', 'v', HOUR_MS, { group: 'g' });
        await store.useOnce('refresh', 'r');
        await store.deleteGroup('g');
        expect(await store.get('refresh', 'r')).toBeUndefined();
      });

      it('answers 0 for an unknown group', async () => {
        expect(await store.deleteGroup('never')).toBe(0);
      });

      it('forgets the group of a record that was put again without one', async () => {
        await store.put('access', 'a', 'v1', HOUR_MS, { group: 'g' });
        await store.put('access', 'a', 'v2', HOUR_MS);
        await store.deleteGroup('g');
        expect((await store.get('access', 'a'))?.value).toBe('v2');
      });

      it('does not count expired members', async () => {
        await store.put('access', 'short', 'v', SHORT_TTL_MS, { group: 'g' });
        await store.put('access', 'long', 'v', HOUR_MS, { group: 'g' });
        await sleep(SHORT_TTL_MS * 2);
        expect(await store.deleteGroup('g')).toBe(1);
      });
    });

    describe('incrementBelow', () => {
      it('counts up to the limit, then refuses without counting', async () => {
        const counts = [];
        for (let i = 0; i < 4; i += 1) counts.push(await store.incrementBelow('ip:1', 3, HOUR_MS));
        expect(counts).toEqual([1, 2, 3, undefined]);
      });

      it('keeps counters apart', async () => {
        await store.incrementBelow('ip:1', 1, HOUR_MS);
        expect(await store.incrementBelow('ip:2', 1, HOUR_MS)).toBe(1);
      });

      it('starts again once the counter expired', async () => {
        await store.incrementBelow('ip:1', 1, SHORT_TTL_MS);
        expect(await store.incrementBelow('ip:1', 1, SHORT_TTL_MS)).toBeUndefined();
        await sleep(SHORT_TTL_MS * 2);
        expect(await store.incrementBelow('ip:1', 1, SHORT_TTL_MS)).toBe(1);
      });

      it('lets exactly `limit` of 10 parallel increments through', async () => {
        const counts = await tenTimes(() => store.incrementBelow('ip:1', 3, HOUR_MS));
        expect(counts.filter((count) => count !== undefined).sort()).toEqual([1, 2, 3]);
      });
    });

    describe('replay cache (DPoP jti)', () => {
      it('sees a value first once, then as a replay, and keeps values and namespaces apart', async () => {
        const jtis = new ReplayCache(store, 'dpop');
        expect(await jtis.firstUse('jti-1', HOUR_MS)).toBe(true);
        expect(await jtis.firstUse('jti-1', HOUR_MS)).toBe(false);
        expect(await jtis.firstUse('jti-2', HOUR_MS)).toBe(true);
        expect(await new ReplayCache(store, 'other').firstUse('jti-1', HOUR_MS)).toBe(true);
      });

      it('forgets a value once its lifetime is over', async () => {
        const jtis = new ReplayCache(store, 'dpop');
        await jtis.firstUse('jti-1', SHORT_TTL_MS);
        await sleep(SHORT_TTL_MS * 2);
        expect(await jtis.firstUse('jti-1', SHORT_TTL_MS)).toBe(true);
      });

      it('lets exactly one of 10 parallel first uses through', async () => {
        const jtis = new ReplayCache(store, 'dpop');
        const firsts = await tenTimes(() => jtis.firstUse('jti-1', HOUR_MS));
        expect(firsts.filter(Boolean)).toHaveLength(1);
      });
    });

    describe('tryLock', () => {
      it('is held by one caller until released', async () => {
        const lock = await store.tryLock('refresh:g', HOUR_MS);
        expect(lock).toBeDefined();
        expect(await store.tryLock('refresh:g', HOUR_MS)).toBeUndefined();
        await lock?.release();
        expect(await store.tryLock('refresh:g', HOUR_MS)).toBeDefined();
      });

      it('frees itself after its lifetime', async () => {
        await store.tryLock('refresh:g', SHORT_TTL_MS);
        await sleep(SHORT_TTL_MS * 2);
        expect(await store.tryLock('refresh:g', HOUR_MS)).toBeDefined();
      });

      it('is not released by a former holder whose lock expired', async () => {
        const stale = await store.tryLock('refresh:g', SHORT_TTL_MS);
        await sleep(SHORT_TTL_MS * 2);
        const current = await store.tryLock('refresh:g', HOUR_MS);
        await stale?.release();
        expect(current).toBeDefined();
        expect(await store.tryLock('refresh:g', HOUR_MS)).toBeUndefined();
      });

      it('is granted to exactly one of 10 parallel callers', async () => {
        const locks = await tenTimes(() => store.tryLock('refresh:g', HOUR_MS));
        expect(locks.filter(Boolean)).toHaveLength(1);
      });
    });
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/storage/store.js';
import { createStore } from '../../../src/storage/store-factory.js';
import { isStoreAvailable, StoreUnavailableError } from '../../../src/storage/store-unavailable-error.js';
import { ValkeyStore } from '../../../src/storage/valkey/index.js';
import { freeLoopbackPort } from '../../helpers/free-port.js';
import { RedisServer, redisServerMissing } from '../../helpers/redis-server.js';

const HOUR_MS = 3_600_000;
const PASSWORD = 'fault-test-password';
/** The promise: a call fails within about a second (command timeout 1 s, plus scheduling). */
const FAIL_FAST_MS = 1_500;
/** With no offline queue, a call made while disconnected fails at once, without waiting for a timeout. */
const FAIL_AT_ONCE_MS = 250;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every kind of call the OAuth server makes. */
const calls: Record<string, (store: Store) => Promise<unknown>> = {
  put: (store) => store.put('code', 'new', 'v', HOUR_MS, { group: 'g' }),
  get: (store) => store.get('code', 'c'),
  update: (store) => store.update('code', 'c', 'w'),
  delete: (store) => store.delete('code', 'c'),
  consumeOnce: (store) => store.consumeOnce('state', 's'),
  useOnce: (store) => store.useOnce('code', 'c'),
  rotate: (store) => store.rotate('refresh', 'r', { key: 'r2', value: 'v', ttlMs: HOUR_MS }),
  deleteGroup: (store) => store.deleteGroup('g'),
  incrementBelow: (store) => store.incrementBelow('ip:1', 10, HOUR_MS),
  tryLock: (store) => store.tryLock('refresh:g', HOUR_MS),
};

async function expectEveryCallToFailAtOnce(store: Store): Promise<void> {
  for (const [name, call] of Object.entries(calls)) {
    const started = Date.now();
    const error = await call(store).then(
      () => new Error(`${name} succeeded`),
      (reason: unknown) => reason,
    );
    expect(error, name).toBeInstanceOf(StoreUnavailableError);
    expect(Date.now() - started, name).toBeLessThan(FAIL_AT_ONCE_MS);
  }
}

async function eventually(check: () => Promise<unknown>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}

describe.skipIf(redisServerMissing)(`Valkey store faults on redis-server ${redisServerMissing ?? ''}`, () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await RedisServer.start({ password: PASSWORD });
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('fails every call fast while the server is down, and recovers by itself when it is back', async () => {
    const changes: [boolean, string][] = [];
    const store = new ValkeyStore({
      url: server.url,
      password: PASSWORD,
      onAvailabilityChange: (available, reason) => changes.push([available, reason]),
    });
    try {
      expect(await store.waitUntilAvailable(5_000)).toBe(true);
      await store.put('code', 'c', 'v', HOUR_MS);

      await server.stop();
      await expectEveryCallToFailAtOnce(store);
      await expect(store.get('code', 'c')).rejects.toThrow(
        /OAuth token store \(valkey at 127\.0\.0\.1:\d+\) is unavailable: not connected/,
      );
      expect(isStoreAvailable(store)).toBe(false);

      await server.restart();
      await eventually(() => store.put('code', 'c', 'after', HOUR_MS), 10_000);
      expect((await store.get('code', 'c'))?.value).toBe('after');
      expect(isStoreAvailable(store)).toBe(true);
      expect(changes.map(([available]) => available)).toEqual([true, false, true]);
      expect(changes.map(([, reason]) => reason).join('\n')).not.toContain(PASSWORD);
    } finally {
      await store.close();
    }
  });

  it('fails a call within about a second when the server stops answering, and recovers', async () => {
    const store = new ValkeyStore({ url: server.url, password: PASSWORD });
    try {
      expect(await store.waitUntilAvailable(5_000)).toBe(true);
      server.pause();
      const started = Date.now();
      await expect(store.useOnce('code', 'c')).rejects.toThrow(/unavailable: no answer in time/);
      expect(Date.now() - started).toBeLessThan(FAIL_FAST_MS);
      // Many calls at once against a frozen server: every one settles, none hangs.
      const settled = await Promise.allSettled(Array.from({ length: 20 }, () => store.get('code', 'c')));
      expect(settled.every((result) => result.status === 'rejected')).toBe(true);
      server.resume();
      await eventually(() => store.put('code', 'c', 'v', HOUR_MS), 10_000);
    } finally {
      server.resume();
      await store.close();
    }
  });

  it('starts without an unreachable server, answers unavailable, and connects when it appears', async () => {
    const port = await freeLoopbackPort();
    const reasons: string[] = [];
    const store = await createStore(
      { type: 'valkey', url: `redis://127.0.0.1:${port}`, tls: false, keyPrefix: 'mcp:' },
      { valkeyStartupWaitMs: 300, onAvailabilityChange: (_, reason) => reasons.push(reason) },
    );
    const late = await RedisServer.start({ port }).catch((error: unknown) => error);
    try {
      expect(reasons[0]).toMatch(/starting without the token store: not connected to 127\.0\.0\.1:\d+/);
      if (late instanceof Error) throw late;
      await eventually(() => store.put('code', 'c', 'v', HOUR_MS), 10_000);
      expect(isStoreAvailable(store)).toBe(true);
    } finally {
      await store.close();
      if (late instanceof RedisServer) await late.dispose();
    }
  });

  it('refuses to start when the server refuses the password', async () => {
    const start = createStore(
      { type: 'valkey', url: server.url, tls: false, keyPrefix: 'mcp:' },
      { valkeyStartupWaitMs: 5_000 },
    );
    await expect(start).rejects.toThrow(StoreUnavailableError);
    await expect(start).rejects.toThrow(/refused the login/);
  });
});

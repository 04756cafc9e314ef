import { randomUUID } from 'node:crypto';
import { Valkey } from 'iovalkey';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ValkeyStore } from '../../../src/storage/valkey/index.js';
import { RedisServer, redisServerMissing } from '../../helpers/redis-server.js';
import { runStoreContract } from './store-contract.js';

const HOUR_MS = 3_600_000;
const PASSWORD = 'test-password-not-a-secret';
const DB = 2;

/** Against Debian's Redis 7 (Valkey is not packaged here); the store uses only commands both have. */
describe.skipIf(redisServerMissing)(`ValkeyStore on redis-server ${redisServerMissing ?? ''}`, () => {
  let server: RedisServer;
  let admin: Valkey;
  const stores: ValkeyStore[] = [];
  /** A connected store: without an offline queue, a command sent before the connection fails. */
  const openStore = async (keyPrefix = `test-${randomUUID()}:`) => {
    const store = new ValkeyStore({ url: server.url, password: PASSWORD, db: DB, keyPrefix });
    stores.push(store);
    await store.waitUntilAvailable(5_000);
    return store;
  };

  beforeAll(async () => {
    server = await RedisServer.start({ password: PASSWORD });
    admin = new Valkey(server.url, { password: PASSWORD, db: DB });
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });
  afterAll(async () => {
    admin?.disconnect();
    await server?.dispose();
  });

  runStoreContract('valkey (redis-server, password, key prefix, db 2)', () => openStore());

  async function everyKey(): Promise<string[]> {
    return admin.keys('*');
  }

  it('puts every key under its prefix, in its database', async () => {
    await admin.flushdb();
    const store = await openStore('team-a:');
    await store.put('refresh', 'r1', 'v', HOUR_MS, { group: 'g' });
    await store.incrementBelow('ip:1', 5, HOUR_MS);
    await store.tryLock('refresh:g', HOUR_MS);
    const keys = await everyKey();
    expect(keys.length).toBe(4);
    for (const key of keys) expect(key.startsWith('team-a:')).toBe(true);
    const otherDatabase = new Valkey(server.url, { password: PASSWORD, db: 0 });
    expect(await otherDatabase.dbsize()).toBe(0);
    otherDatabase.disconnect();
  });

  it('uses mcp: as its default prefix', async () => {
    await admin.flushdb();
    const store = new ValkeyStore({ url: server.url, password: PASSWORD, db: DB });
    stores.push(store);
    await store.waitUntilAvailable(5_000);
    await store.put('code', 'c', 'v', HOUR_MS);
    expect(await everyKey()).toEqual(['mcp:record:code:c']);
  });

  it('keeps stores with different prefixes apart', async () => {
    const [a, b] = await Promise.all([openStore('a:'), openStore('b:')]);
    await a.put('code', 'c', 'from a', HOUR_MS);
    expect(await b.get('code', 'c')).toBeUndefined();
    expect(await b.deleteGroup('g')).toBe(0);
  });

  it('gives every key it writes a lifetime, whatever the operation', async () => {
    await admin.flushdb();
    const store = await openStore();
    await store.put('access', 'a', 'v', HOUR_MS, { group: 'grant' });
    await store.put('refresh', 'r1', 'v', 2 * HOUR_MS, { group: 'grant' });
    await store.rotate('refresh', 'r1', { key: 'r2', value: 'v', ttlMs: 3 * HOUR_MS, group: 'grant' });
    await store.put('code', 'c', 'v', 60_000);
    await store.useOnce('code', 'c');
    await store.update('code', 'c', 'w');
    await store.put('access', 'a', 'moved', HOUR_MS, { group: 'other' });
    await store.incrementBelow('ip:1', 5, HOUR_MS);
    await store.incrementBelow('ip:1', 5, HOUR_MS);
    await store.tryLock('refresh:grant', 30_000);
    const keys = await everyKey();
    expect(keys.length).toBe(8);
    const ttls = await Promise.all(keys.map(async (key) => ({ key, ttl: await admin.pttl(key) })));
    expect(ttls.filter(({ ttl }) => ttl <= 0)).toEqual([]);
  });

  it('keeps a group as long as its longest-lived member', async () => {
    await admin.flushdb();
    const store = await openStore('p:');
    await store.put('refresh', 'long', 'v', 3 * HOUR_MS, { group: 'g' });
    await store.put('access', 'short', 'v', HOUR_MS, { group: 'g' });
    expect(await admin.pttl('p:group:g')).toBeGreaterThan(2 * HOUR_MS);
  });

  it('does not delete a record that expired out of a group and was put again without it', async () => {
    const store = await openStore();
    await store.put('access', 'a', 'v1', 50, { group: 'g' });
    await store.put('access', 'keep', 'v', HOUR_MS, { group: 'g' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await store.put('access', 'a', 'v2', HOUR_MS);
    expect(await store.deleteGroup('g')).toBe(1);
    expect((await store.get('access', 'a'))?.value).toBe('v2');
  });

  it('keeps kinds with a colon apart from keys with one', async () => {
    const store = await openStore();
    await store.put('a:b', 'c', 'first', HOUR_MS);
    await store.put('a', 'b:c', 'second', HOUR_MS);
    expect((await store.get('a:b', 'c'))?.value).toBe('first');
    expect((await store.get('a', 'b:c'))?.value).toBe('second');
  });

  it('runs its scripts again after the server forgot them (SCRIPT FLUSH)', async () => {
    const store = await openStore();
    await store.put('code', 'c', 'v', HOUR_MS);
    await admin.script('FLUSH');
    expect(await store.useOnce('code', 'c')).toEqual({ status: 'first', value: 'v' });
  });

  it('reports itself available once connected, and not after close', async () => {
    const store = new ValkeyStore({ url: server.url, password: PASSWORD, db: DB });
    stores.push(store);
    expect(store.available).toBe(false);
    expect(await store.waitUntilAvailable(5_000)).toBe(true);
    expect(store.available).toBe(true);
    await store.close();
    expect(store.available).toBe(false);
  });

  it('refuses a wrong password at start-up with a clear error', async () => {
    const store = new ValkeyStore({ url: server.url, password: 'wrong', keyPrefix: 'x:' });
    stores.push(store);
    await expect(store.waitUntilAvailable(5_000)).rejects.toThrow(/refused the login/);
  });

  it('refuses a missing password at start-up with a clear error', async () => {
    const store = new ValkeyStore({ url: server.url, keyPrefix: 'x:' });
    stores.push(store);
    await expect(store.waitUntilAvailable(5_000)).rejects.toThrow(/refused the login/);
  });
});

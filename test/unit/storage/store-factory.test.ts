import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../src/storage/memory/index.js';
import { SqliteStore } from '../../../src/storage/sqlite/index.js';
import { createStore } from '../../../src/storage/store-factory.js';
import { isStoreAvailable } from '../../../src/storage/store-unavailable-error.js';

describe('createStore', () => {
  const folder = mkdtempSync(join(tmpdir(), 'store-factory-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('opens a memory store, always available', async () => {
    const store = await createStore({ type: 'memory' });
    expect(store).toBeInstanceOf(MemoryStore);
    expect(isStoreAvailable(store)).toBe(true);
    await store.close();
  });

  it('opens the SQLite file of the settings', async () => {
    const path = join(folder, 'oauth.db');
    const store = await createStore({ type: 'sqlite', path });
    expect(store).toBeInstanceOf(SqliteStore);
    await store.put('code', 'c', 'v', 60_000);
    await store.close();
    const reopened = await createStore({ type: 'sqlite', path });
    expect((await reopened.get('code', 'c'))?.value).toBe('v');
    await reopened.close();
  });

  it('passes the injected clock on', async () => {
    let now = 1_000;
    const store = await createStore({ type: 'sqlite', path: join(folder, 'clock.db') }, { now: () => now });
    await store.put('code', 'c', 'v', 10);
    now += 10;
    expect(await store.get('code', 'c')).toBeUndefined();
    await store.close();
  });
});

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { SqliteSchemaError, SqliteStore } from '../../../src/storage/sqlite/index.js';
import { openSqliteDatabase } from '../../../src/storage/sqlite/sqlite-driver.js';
import { runStoreContract } from './store-contract.js';

const HOUR_MS = 3_600_000;
const folder = mkdtempSync(join(tmpdir(), 'sqlite-store-'));
const freshPath = () => join(folder, `store-${randomUUID()}.db`);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

runStoreContract('sqlite', () => new SqliteStore({ path: freshPath() }));

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('SqliteStore', () => {
  it('creates its file, its folder and its WAL files readable by the owner only', async () => {
    const path = join(folder, 'nested', 'deeper', 'oauth.db');
    const store = new SqliteStore({ path });
    await store.put('code', 'k', 'v', HOUR_MS);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(`${path}-wal`).mode & 0o777).toBe(0o600);
    expect(statSync(join(folder, 'nested')).mode & 0o777).toBe(0o700);
    await store.close();
  });

  it('takes group and other access away from an existing file', async () => {
    const path = freshPath();
    writeFileSync(path, '', { mode: 0o644 });
    const store = new SqliteStore({ path });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await store.close();
  });

  it('uses write-ahead logging', async () => {
    const path = freshPath();
    await new SqliteStore({ path }).close();
    const database = openSqliteDatabase(path, 100);
    expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
    database.close();
  });

  it('keeps records, used marks, groups, counters and locks across a reopen', async () => {
    const path = freshPath();
    const first = new SqliteStore({ path });
    await first.put('refresh', 'r1', 'family', HOUR_MS, { group: 'g' });
    await first.rotate('refresh', 'r1', { key: 'r2', value: 'next', ttlMs: HOUR_MS, group: 'g' });
    await first.incrementBelow('ip:1', 2, HOUR_MS);
    await first.tryLock('refresh:g', HOUR_MS);
    await first.close();

    const second = new SqliteStore({ path });
    expect(await second.get('refresh', 'r1')).toEqual({ value: 'family', used: true });
    expect(await second.useOnce('refresh', 'r1')).toEqual({ status: 'replay', value: 'family' });
    expect(await second.incrementBelow('ip:1', 2, HOUR_MS)).toBe(2);
    expect(await second.tryLock('refresh:g', HOUR_MS)).toBeUndefined();
    expect(await second.deleteGroup('g')).toBe(2);
    await second.close();
  });

  it('shares one file between two connections: a code used through one is a replay through the other', async () => {
    const path = freshPath();
    const [a, b] = [new SqliteStore({ path }), new SqliteStore({ path })];
    await a.put('code', 'c', 'grant', HOUR_MS);
    expect(await a.useOnce('code', 'c')).toEqual({ status: 'first', value: 'grant' });
    expect(await b.useOnce('code', 'c')).toEqual({ status: 'replay', value: 'grant' });
    await Promise.all([a.close(), b.close()]);
  });

  it('never returns a record past its expiry on the injected clock', async () => {
    const time = clock();
    const store = new SqliteStore({ path: freshPath(), now: time.now });
    await store.put('code', 'a', 'v', 1_000);
    time.advance(999);
    expect(await store.get('code', 'a')).toBeDefined();
    time.advance(1);
    expect(await store.get('code', 'a')).toBeUndefined();
    expect(await store.consumeOnce('code', 'a')).toBeUndefined();
    await store.close();
  });

  it('deletes expired rows from the file periodically', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const time = clock();
      const path = freshPath();
      const store = new SqliteStore({ path, sweepIntervalMs: 10_000, now: time.now });
      await store.put('code', 'short', 'v', 1_000, { group: 'g' });
      await store.put('code', 'long', 'v', HOUR_MS);
      await store.incrementBelow('ip:1', 10, 1_000);
      await store.tryLock('l', 1_000);
      time.advance(5_000);
      const rows = () => {
        const database = openSqliteDatabase(path, 1_000);
        const count = (table: string) =>
          (database.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
        const counts = [count('records'), count('counters'), count('locks')];
        database.close();
        return counts;
      };
      expect(rows()).toEqual([2, 1, 1]);
      vi.advanceTimersByTime(10_000);
      expect(rows()).toEqual([1, 0, 0]);
      await store.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not keep the process alive with its sweep timer', async () => {
    const setInterval = vi.spyOn(globalThis, 'setInterval');
    const store = new SqliteStore({ path: freshPath() });
    const timer = setInterval.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    setInterval.mockRestore();
    await store.close();
  });

  it('records its schema version and refuses a file from a newer version', async () => {
    const path = freshPath();
    await new SqliteStore({ path }).close();
    const database = openSqliteDatabase(path, 1_000);
    expect(database.pragma('user_version', { simple: true })).toBe(1);
    database.pragma('user_version = 99');
    database.close();
    expect(() => new SqliteStore({ path })).toThrow(SqliteSchemaError);
    expect(() => new SqliteStore({ path })).toThrow(/schema version 99, newer than this server's 1/);
  });
});

import { randomUUID } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type {
  ListedRecord,
  NewRecord,
  PutOptions,
  Store,
  StoredRecord,
  StoreLock,
  UseOutcome,
} from '../store.js';
import { openSqliteDatabase, type SqliteDatabase, type SqliteStatement } from './sqlite-driver.js';
import { migrate } from './sqlite-schema.js';

export interface SqliteStoreOptions {
  /** The database file; created (with its folder) when missing, readable by its owner only. */
  readonly path: string;
  /** How often expired rows are deleted (they are never returned, deleted or not). */
  readonly sweepIntervalMs?: number;
  /** How long a write waits for another connection's write lock before failing. */
  readonly busyTimeoutMs?: number;
  readonly now?: () => number;
}

interface RecordRow {
  value: string;
  used: number;
  expires_at: number;
}

interface CounterRow {
  count: number;
  expires_at: number;
}

const DEFAULT_SWEEP_INTERVAL_MS = 60_000;
const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
const OWNER_ONLY = 0o600;

/**
 * The single-replica persistent backend: one SQLite file in WAL mode. better-sqlite3 is synchronous, so
 * no other JavaScript runs while a method works: in one process every method is atomic by construction.
 * Read-then-write methods also run in `BEGIN IMMEDIATE` transactions, so they stay atomic when another
 * process opens the same file (it waits for the write lock, up to the busy timeout).
 */
export class SqliteStore implements Store {
  private readonly database: SqliteDatabase;
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout;
  private readonly sql: ReturnType<typeof prepareStatements>;
  private readonly spendAndMaybePut: (
    kind: string,
    key: string,
    next?: NewRecord,
    spentValue?: string,
  ) => UseOutcome;
  private readonly countBelow: (counter: string, limit: number, ttlMs: number) => number | undefined;
  private readonly takeLock: (name: string, token: string, ttlMs: number) => boolean;
  private readonly removeGroup: (group: string) => number;

  constructor(options: SqliteStoreOptions) {
    this.now = options.now ?? Date.now;
    createPrivateFile(options.path);
    this.database = openSqliteDatabase(options.path, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
    try {
      this.database.pragma('journal_mode = WAL');
      // FULL: a committed rotation survives a power cut, so a spent refresh token cannot come back.
      this.database.pragma('synchronous = FULL');
      // Deleted tokens are overwritten, not left in free pages of the file.
      this.database.pragma('secure_delete = ON');
      migrate(this.database, options.path);
      this.sql = prepareStatements(this.database);
    } catch (error) {
      this.database.close();
      throw error;
    }
    this.spendAndMaybePut = this.database.transaction(
      (kind: string, key: string, next?: NewRecord, spentValue?: string) => {
        const outcome = this.spend(kind, key);
        if (!next || outcome.status !== 'first') return outcome;
        if (spentValue !== undefined) this.sql.updateRecord.run(spentValue, kind, key, this.now());
        this.write(kind, next.key, next.value, next.ttlMs, next.group);
        return outcome;
      },
    ).immediate;
    this.countBelow = this.database.transaction(this.incrementUnlocked.bind(this)).immediate;
    this.takeLock = this.database.transaction(this.lockUnlocked.bind(this)).immediate;
    this.removeGroup = this.database.transaction(this.deleteGroupUnlocked.bind(this)).immediate;
    this.sweeper = setInterval(() => this.sweep(), options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS);
    // The sweeper must never keep the process alive on its own.
    this.sweeper.unref();
  }

  async put(kind: string, key: string, value: string, ttlMs: number, options: PutOptions = {}) {
    this.write(kind, key, value, ttlMs, options.group);
  }

  async get(kind: string, key: string): Promise<StoredRecord | undefined> {
    const row = this.sql.getRecord.get(kind, key, this.now()) as RecordRow | undefined;
    return row && { value: row.value, used: row.used === 1 };
  }

  async update(kind: string, key: string, value: string): Promise<boolean> {
    return this.sql.updateRecord.run(value, kind, key, this.now()).changes > 0;
  }

  async list(kind: string): Promise<ListedRecord[]> {
    return (this.sql.listRecords.all(kind, this.now()) as { key: string; value: string }[]).map(
      ({ key, value }) => ({ key, value }),
    );
  }

  async delete(kind: string, key: string): Promise<boolean> {
    return this.take(kind, key) !== undefined;
  }

  async consumeOnce(kind: string, key: string): Promise<string | undefined> {
    return this.take(kind, key)?.value;
  }

  async useOnce(kind: string, key: string): Promise<UseOutcome> {
    return this.spendAndMaybePut(kind, key);
  }

  async rotate(kind: string, oldKey: string, next: NewRecord, spentValue?: string): Promise<UseOutcome> {
    return this.spendAndMaybePut(kind, oldKey, next, spentValue);
  }

  async deleteGroup(group: string): Promise<number> {
    return this.removeGroup(group);
  }

  async incrementBelow(counter: string, limit: number, ttlMs: number): Promise<number | undefined> {
    return this.countBelow(counter, limit, ttlMs);
  }

  async tryLock(name: string, ttlMs: number): Promise<StoreLock | undefined> {
    const token = randomUUID();
    if (!this.takeLock(name, token, ttlMs)) return undefined;
    return {
      release: async () => {
        this.sql.releaseLock.run(name, token);
      },
    };
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.database.close();
  }

  /** Deletes every expired record, counter and lock. */
  sweep(): void {
    const now = this.now();
    this.database.transaction(() => {
      for (const statement of this.sql.sweep) statement.run(now);
    })();
  }

  private write(kind: string, key: string, value: string, ttlMs: number, group: string | undefined) {
    this.sql.putRecord.run(kind, key, value, this.now() + ttlMs, group ?? null);
  }

  /** Deletes a record in one statement and returns it when it was live. */
  private take(kind: string, key: string): RecordRow | undefined {
    const row = this.sql.takeRecord.get(kind, key) as RecordRow | undefined;
    return row && row.expires_at > this.now() ? row : undefined;
  }

  private spend(kind: string, key: string): UseOutcome {
    const row = this.sql.getRecord.get(kind, key, this.now()) as RecordRow | undefined;
    if (!row) return { status: 'missing' };
    if (row.used === 1) return { status: 'replay', value: row.value };
    this.sql.markUsed.run(kind, key);
    return { status: 'first', value: row.value };
  }

  private deleteGroupUnlocked(group: string): number {
    this.sql.deleteExpiredGroupMembers.run(group, this.now());
    return this.sql.deleteGroup.run(group).changes;
  }

  private incrementUnlocked(counter: string, limit: number, ttlMs: number): number | undefined {
    const now = this.now();
    const row = this.sql.getCounter.get(counter, now) as CounterRow | undefined;
    if (row) {
      if (row.count >= limit) return undefined;
      this.sql.incrementCounter.run(counter);
      return row.count + 1;
    }
    if (limit <= 0) return undefined;
    this.sql.startCounter.run(counter, now + ttlMs);
    return 1;
  }

  private lockUnlocked(name: string, token: string, ttlMs: number): boolean {
    const now = this.now();
    if (this.sql.getLock.get(name, now)) return false;
    this.sql.putLock.run(name, token, now + ttlMs);
    return true;
  }
}

function prepareStatements(database: SqliteDatabase) {
  const prepare = (sql: string): SqliteStatement => database.prepare(sql);
  return {
    putRecord: prepare(
      `INSERT INTO records (kind, key, value, used, expires_at, group_name) VALUES (?, ?, ?, 0, ?, ?)
       ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value, used = 0,
         expires_at = excluded.expires_at, group_name = excluded.group_name`,
    ),
    getRecord: prepare('SELECT value, used FROM records WHERE kind = ? AND key = ? AND expires_at > ?'),
    listRecords: prepare('SELECT key, value FROM records WHERE kind = ? AND expires_at > ?'),
    updateRecord: prepare('UPDATE records SET value = ? WHERE kind = ? AND key = ? AND expires_at > ?'),
    takeRecord: prepare('DELETE FROM records WHERE kind = ? AND key = ? RETURNING value, expires_at'),
    markUsed: prepare('UPDATE records SET used = 1 WHERE kind = ? AND key = ?'),
    deleteExpiredGroupMembers: prepare('DELETE FROM records WHERE group_name = ? AND expires_at <= ?'),
    deleteGroup: prepare('DELETE FROM records WHERE group_name = ?'),
    getCounter: prepare('SELECT count, expires_at FROM counters WHERE name = ? AND expires_at > ?'),
    incrementCounter: prepare('UPDATE counters SET count = count + 1 WHERE name = ?'),
    startCounter: prepare('INSERT OR REPLACE INTO counters (name, count, expires_at) VALUES (?, 1, ?)'),
    getLock: prepare('SELECT 1 FROM locks WHERE name = ? AND expires_at > ?'),
    putLock: prepare('INSERT OR REPLACE INTO locks (name, token, expires_at) VALUES (?, ?, ?)'),
    releaseLock: prepare('DELETE FROM locks WHERE name = ? AND token = ?'),
    sweep: [
      prepare('DELETE FROM records WHERE expires_at <= ?'),
      prepare('DELETE FROM counters WHERE expires_at <= ?'),
      prepare('DELETE FROM locks WHERE expires_at <= ?'),
    ],
  };
}

/**
 * Creates the file before SQLite does, so that it is born readable by its owner only (SQLite gives the
 * -wal and -shm files the same mode), and takes group and other access away from an existing one.
 */
function createPrivateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', OWNER_ONLY));
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, OWNER_ONLY);
}

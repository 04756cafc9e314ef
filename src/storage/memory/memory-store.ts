import type {
  ListedRecord,
  NewRecord,
  PutOptions,
  Store,
  StoredRecord,
  StoreLock,
  UseOutcome,
} from '../store.js';
import { StoreFullError } from '../store.js';

export interface MemoryStoreOptions {
  /** Records and counters held at most; past it, expired ones are swept, then writes fail. */
  readonly maxRecords?: number;
  /** How often expired records are swept away (they are never returned, swept or not). */
  readonly sweepIntervalMs?: number;
  readonly now?: () => number;
}

interface Entry {
  value: string;
  used: boolean;
  readonly expiresAt: number;
  readonly group: string | undefined;
}

interface Counter {
  count: number;
  readonly expiresAt: number;
}

interface Lock {
  readonly owner: object;
  readonly expiresAt: number;
}

const DEFAULT_MAX_RECORDS = 100_000;
const DEFAULT_SWEEP_INTERVAL_MS = 60_000;

/**
 * The single-process backend. JavaScript runs one callback at a time and no method awaits between
 * reading and writing, so every operation is atomic without locks.
 */
export class MemoryStore implements Store {
  private readonly entries = new Map<string, Entry>();
  private readonly groups = new Map<string, Set<string>>();
  private readonly counters = new Map<string, Counter>();
  private readonly locks = new Map<string, Lock>();
  private readonly maxRecords: number;
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(options: MemoryStoreOptions = {}) {
    this.maxRecords = options.maxRecords ?? DEFAULT_MAX_RECORDS;
    this.now = options.now ?? Date.now;
    this.sweeper = setInterval(() => this.sweep(), options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS);
    // The sweeper must never keep the process alive on its own.
    this.sweeper.unref();
  }

  /** Records and counters currently held, expired or not (for tests and metrics). */
  get size(): number {
    return this.entries.size + this.counters.size;
  }

  async put(kind: string, key: string, value: string, ttlMs: number, options: PutOptions = {}) {
    this.write(entryId(kind, key), value, ttlMs, options.group);
  }

  async get(kind: string, key: string): Promise<StoredRecord | undefined> {
    const entry = this.live(entryId(kind, key));
    return entry && { value: entry.value, used: entry.used };
  }

  async update(kind: string, key: string, value: string): Promise<boolean> {
    const entry = this.live(entryId(kind, key));
    if (!entry) return false;
    entry.value = value;
    return true;
  }

  async list(kind: string): Promise<ListedRecord[]> {
    const prefix = entryId(kind, '');
    const listed: ListedRecord[] = [];
    for (const id of [...this.entries.keys()]) {
      const entry = id.startsWith(prefix) ? this.live(id) : undefined;
      if (entry) listed.push({ key: id.slice(prefix.length), value: entry.value });
    }
    return listed;
  }

  async delete(kind: string, key: string): Promise<boolean> {
    const id = entryId(kind, key);
    const existed = this.live(id) !== undefined;
    this.remove(id);
    return existed;
  }

  async consumeOnce(kind: string, key: string): Promise<string | undefined> {
    const id = entryId(kind, key);
    const entry = this.live(id);
    if (!entry) return undefined;
    this.remove(id);
    return entry.value;
  }

  async useOnce(kind: string, key: string): Promise<UseOutcome> {
    return this.spend(entryId(kind, key));
  }

  async rotate(kind: string, oldKey: string, next: NewRecord, spentValue?: string): Promise<UseOutcome> {
    const id = entryId(kind, oldKey);
    const outcome = this.spend(id);
    if (outcome.status !== 'first') return outcome;
    const spent = this.entries.get(id);
    if (spent && spentValue !== undefined) spent.value = spentValue;
    this.write(entryId(kind, next.key), next.value, next.ttlMs, next.group);
    return outcome;
  }

  async deleteGroup(group: string): Promise<number> {
    const members = this.groups.get(group);
    if (!members) return 0;
    let deleted = 0;
    for (const id of members) {
      if (this.live(id)) deleted += 1;
      this.entries.delete(id);
    }
    this.groups.delete(group);
    return deleted;
  }

  async incrementBelow(counter: string, limit: number, ttlMs: number): Promise<number | undefined> {
    const now = this.now();
    const current = this.counters.get(counter);
    if (current && current.expiresAt > now) {
      if (current.count >= limit) return undefined;
      current.count += 1;
      return current.count;
    }
    if (limit <= 0) return undefined;
    this.makeRoom();
    this.counters.set(counter, { count: 1, expiresAt: now + ttlMs });
    return 1;
  }

  async tryLock(name: string, ttlMs: number): Promise<StoreLock | undefined> {
    const held = this.locks.get(name);
    if (held && held.expiresAt > this.now()) return undefined;
    const owner = {};
    this.locks.set(name, { owner, expiresAt: this.now() + ttlMs });
    return {
      release: async () => {
        if (this.locks.get(name)?.owner === owner) this.locks.delete(name);
      },
    };
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }

  /** Drops every expired record, counter and lock. */
  sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) if (entry.expiresAt <= now) this.remove(id);
    for (const [name, counter] of this.counters) if (counter.expiresAt <= now) this.counters.delete(name);
    for (const [name, lock] of this.locks) if (lock.expiresAt <= now) this.locks.delete(name);
  }

  private spend(id: string): UseOutcome {
    const entry = this.live(id);
    if (!entry) return { status: 'missing' };
    if (entry.used) return { status: 'replay', value: entry.value };
    entry.used = true;
    return { status: 'first', value: entry.value };
  }

  private write(id: string, value: string, ttlMs: number, group: string | undefined): void {
    if (!this.entries.has(id)) this.makeRoom();
    this.remove(id);
    this.entries.set(id, { value, used: false, expiresAt: this.now() + ttlMs, group });
    if (group === undefined) return;
    const members = this.groups.get(group) ?? new Set<string>();
    members.add(id);
    this.groups.set(group, members);
  }

  private live(id: string): Entry | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt > this.now()) return entry;
    this.remove(id);
    return undefined;
  }

  private remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    if (entry.group === undefined) return;
    const members = this.groups.get(entry.group);
    members?.delete(id);
    if (members?.size === 0) this.groups.delete(entry.group);
  }

  private makeRoom(): void {
    if (this.size < this.maxRecords) return;
    this.sweep();
    if (this.size >= this.maxRecords) throw new StoreFullError(this.maxRecords);
  }
}

function entryId(kind: string, key: string): string {
  return `${kind}\u0000${key}`;
}

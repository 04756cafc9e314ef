/**
 * The storage contract of the OAuth server. Every backend (memory, SQLite, Valkey/Redis) implements it,
 * and every operation that decides "who wins" is atomic inside the backend, so that two requests (or two
 * replicas) racing for one code or one refresh token cannot both succeed.
 *
 * Records are addressed by a `kind` (what the record is: 'access-token', 'client', ...) and a `key`.
 * Keys of secrets are SHA-256 hashes (see secret-keys.ts); values are opaque strings, already encrypted
 * by the layer above (see records.ts). Every record has a lifetime: an expired record is never returned.
 */
export interface Store {
  /** Creates or replaces a record (clearing its used mark), optionally as a member of a group. */
  put(kind: string, key: string, value: string, ttlMs: number, options?: PutOptions): Promise<void>;

  /** The live record, or undefined when it does not exist or has expired. */
  get(kind: string, key: string): Promise<StoredRecord | undefined>;

  /** Replaces the value of a live record, keeping its lifetime, group and used mark; false if absent. */
  update(kind: string, key: string, value: string): Promise<boolean>;

  /**
   * Every live record of a kind, in no particular order: for operators and for rare sweeps (a deleted
   * client's grants), never on a request's hot path, as it reads the whole kind.
   */
  list(kind: string): Promise<ListedRecord[]>;

  /** Deletes a record; true when it existed. */
  delete(kind: string, key: string): Promise<boolean>;

  /** Gets and deletes a record in one step: of many concurrent callers, only one receives the value. */
  consumeOnce(kind: string, key: string): Promise<string | undefined>;

  /**
   * Marks a record used and keeps it until it expires, so that a second use is recognised as a replay
   * (authorization codes: a replayed code must revoke what the first use produced).
   */
  useOnce(kind: string, key: string): Promise<UseOutcome>;

  /**
   * `useOnce` of the old record and, only for the first use, `put` of its successor, in one step
   * (refresh-token rotation: exactly one of many concurrent rotations stores a new token). With
   * `spentValue`, the first use also replaces the old record's value (its lifetime and group kept), so
   * that every later use finds, in its replay outcome, what the record was rotated to.
   */
  rotate(kind: string, oldKey: string, next: NewRecord, spentValue?: string): Promise<UseOutcome>;

  /** Deletes every live record of a group (a refresh family, a grant) at once; returns how many. */
  deleteGroup(group: string): Promise<number>;

  /**
   * Increments a counter unless it already reached `limit`; the counter expires `ttlMs` after its first
   * increment. Returns the new count, or undefined when the limit was reached (nothing changed).
   */
  incrementBelow(counter: string, limit: number, ttlMs: number): Promise<number | undefined>;

  /** A short exclusive lock, or undefined when someone else holds it. It frees itself after `ttlMs`. */
  tryLock(name: string, ttlMs: number): Promise<StoreLock | undefined>;

  /** Stops timers and connections; the store must not be used afterwards. */
  close(): Promise<void>;
}

export interface PutOptions {
  /** Records of one group are deleted together by `deleteGroup`. */
  readonly group?: string;
}

export interface StoredRecord {
  readonly value: string;
  /** Set by `useOnce` / `rotate`: the secret was already spent. */
  readonly used: boolean;
}

export interface ListedRecord {
  readonly key: string;
  readonly value: string;
}

export interface NewRecord {
  readonly key: string;
  readonly value: string;
  readonly ttlMs: number;
  readonly group?: string;
}

/** `first`: this caller spent the record; `replay`: it had been spent before; `missing`: no such record. */
export type UseOutcome =
  | { readonly status: 'first'; readonly value: string }
  | { readonly status: 'replay'; readonly value: string }
  | { readonly status: 'missing' };

export interface StoreLock {
  /** Frees the lock if this holder still owns it (it may have expired and been taken by another). */
  release(): Promise<void>;
}

/** The store refused to grow past its bound; the request should fail with a temporary error. */
export class StoreFullError extends Error {
  constructor(readonly maxRecords: number) {
    super(
      `the in-memory OAuth store is full (${maxRecords} records); ` +
        'use a larger bound or a persistent storage backend',
    );
    this.name = 'StoreFullError';
  }
}

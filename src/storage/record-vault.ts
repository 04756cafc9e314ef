import { PLAINTEXT, type RecordCipher } from './encryption.js';
import type { Store, StoreLock } from './store.js';

/** A record as the domain sees it: a typed value and whether its secret was already spent. */
export interface Sealed<T> {
  readonly value: T;
  readonly used: boolean;
}

export type SealedUseOutcome<T> =
  | { readonly status: 'first'; readonly value: T }
  | { readonly status: 'replay'; readonly value: T }
  | { readonly status: 'missing' };

export interface SealedRecord<T> {
  readonly key: string;
  readonly value: T;
  readonly ttlMs: number;
  readonly group?: string;
}

/**
 * The domain's door to the store: JSON values sealed with the record cipher, the associated data binding
 * each value to its kind and key (a value copied into another record does not open).
 */
export class RecordVault {
  constructor(
    readonly store: Store,
    private readonly cipher: RecordCipher = PLAINTEXT,
  ) {}

  /** The records of one kind, e.g. `vault.collection<AccessToken>('access-token')`. */
  collection<T>(kind: string): SealedCollection<T> {
    return new SealedCollection<T>(this.store, this.cipher, kind);
  }

  deleteGroup(group: string): Promise<number> {
    return this.store.deleteGroup(group);
  }

  incrementBelow(counter: string, limit: number, ttlMs: number): Promise<number | undefined> {
    return this.store.incrementBelow(counter, limit, ttlMs);
  }

  tryLock(name: string, ttlMs: number): Promise<StoreLock | undefined> {
    return this.store.tryLock(name, ttlMs);
  }
}

/** Typed, sealed access to the records of one kind; operations keep the atomicity of the store. */
export class SealedCollection<T> {
  constructor(
    private readonly store: Store,
    private readonly cipher: RecordCipher,
    readonly kind: string,
  ) {}

  put(key: string, value: T, ttlMs: number, group?: string): Promise<void> {
    return this.store.put(this.kind, key, this.seal(key, value), ttlMs, group === undefined ? {} : { group });
  }

  async get(key: string): Promise<Sealed<T> | undefined> {
    const record = await this.store.get(this.kind, key);
    return record && { value: this.open(key, record.value), used: record.used };
  }

  /** Every live record of the kind, opened (see Store.list: for operators and rare sweeps). */
  async list(): Promise<{ key: string; value: T }[]> {
    const records = await this.store.list(this.kind);
    return records.map(({ key, value }) => ({ key, value: this.open(key, value) }));
  }

  update(key: string, value: T): Promise<boolean> {
    return this.store.update(this.kind, key, this.seal(key, value));
  }

  delete(key: string): Promise<boolean> {
    return this.store.delete(this.kind, key);
  }

  async consumeOnce(key: string): Promise<T | undefined> {
    const sealed = await this.store.consumeOnce(this.kind, key);
    return sealed === undefined ? undefined : this.open(key, sealed);
  }

  async useOnce(key: string): Promise<SealedUseOutcome<T>> {
    const outcome = await this.store.useOnce(this.kind, key);
    return outcome.status === 'missing' ? outcome : { ...outcome, value: this.open(key, outcome.value) };
  }

  /** `spent`: what the old record holds once spent (see Store.rotate). */
  async rotate(oldKey: string, next: SealedRecord<T>, spent?: T): Promise<SealedUseOutcome<T>> {
    const outcome = await this.store.rotate(
      this.kind,
      oldKey,
      { ...next, value: this.seal(next.key, next.value) },
      spent === undefined ? undefined : this.seal(oldKey, spent),
    );
    return outcome.status === 'missing' ? outcome : { ...outcome, value: this.open(oldKey, outcome.value) };
  }

  private seal(key: string, value: T): string {
    return this.cipher.seal(JSON.stringify(value), associatedData(this.kind, key));
  }

  private open(key: string, sealed: string): T {
    return JSON.parse(this.cipher.open(sealed, associatedData(this.kind, key))) as T;
  }
}

/** Unambiguous for any kind and key (JSON quotes both), so no two records share associated data. */
function associatedData(kind: string, key: string): string {
  return JSON.stringify(['mcp-kubernetes', kind, key]);
}

import { randomUUID } from 'node:crypto';
import { alreadyExists, conflict, type GroupResource, notFound, STALE_OBJECT } from '../api/status.js';
import type { KubeObject } from '../types.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoredEvent {
  type: WatchEventType;
  resourceVersion: number;
  resourceKey: string;
  namespace: string;
  object: KubeObject;
}

export type WatchListener = (event: StoredEvent) => void;

/** Where an object lives: its group and plural, e.g. `apps/deployments`. */
export function resourceKeyOf(gr: GroupResource): string {
  return `${gr.group}/${gr.resource}`;
}

function objectKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

export interface ObjectStoreOptions {
  /** How many changes are kept for watches that resume from a resourceVersion. */
  historySize?: number;
  now?: () => Date;
}

/**
 * The simulator's etcd: objects by resource, one cluster-wide monotonic resourceVersion,
 * and a bounded change history that watches resume from (older versions are "compacted").
 */
export class ObjectStore {
  private revision = 0;
  private compactedRevision = 0;
  private readonly buckets = new Map<string, Map<string, KubeObject>>();
  // Key order is asked for by every list; it is recomputed only after a create or delete.
  private readonly sortedKeys = new Map<string, string[]>();
  private readonly history: StoredEvent[] = [];
  private readonly listeners = new Set<WatchListener>();
  private readonly historySize: number;
  private readonly now: () => Date;

  constructor(options: ObjectStoreOptions = {}) {
    this.historySize = options.historySize ?? 10_000;
    this.now = options.now ?? (() => new Date());
  }

  get resourceVersion(): number {
    return this.revision;
  }

  /** The oldest resourceVersion a watch or a continue token may still start from. */
  get compactedResourceVersion(): number {
    return this.compactedRevision;
  }

  /** Forgets the change history, as etcd compaction does. */
  compact(): void {
    this.history.length = 0;
    this.compactedRevision = this.revision;
  }

  get(gr: GroupResource, namespace: string, name: string): KubeObject | undefined {
    const found = this.buckets.get(resourceKeyOf(gr))?.get(objectKey(namespace, name));
    return found && clone(found);
  }

  /**
   * Objects of one resource, in key order (namespace, then name), optionally in one
   * namespace. These are the stored objects themselves, for speed: never mutate them.
   */
  list(gr: GroupResource, namespace?: string): KubeObject[] {
    const key = resourceKeyOf(gr);
    const bucket = this.buckets.get(key);
    if (!bucket) return [];
    let keys = this.sortedKeys.get(key);
    if (!keys) {
      keys = [...bucket.keys()].sort();
      this.sortedKeys.set(key, keys);
    }
    const prefix = namespace === undefined ? '' : `${namespace}/`;
    const items: KubeObject[] = [];
    for (const objectKey of keys) {
      if (prefix && !objectKey.startsWith(prefix)) continue;
      const object = bucket.get(objectKey);
      if (object) items.push(object);
    }
    return items;
  }

  create(gr: GroupResource, object: KubeObject): KubeObject {
    const stored = this.previewCreate(gr, object);
    stored.metadata.resourceVersion = String(++this.revision);
    this.bucket(gr).set(objectKey(stored.metadata.namespace ?? '', stored.metadata.name ?? ''), stored);
    this.sortedKeys.delete(resourceKeyOf(gr));
    this.record('ADDED', gr, stored);
    return clone(stored);
  }

  /** What create would store, checked the same way, without storing it (dry run). */
  previewCreate(gr: GroupResource, object: KubeObject): KubeObject {
    const name = object.metadata.name ?? '';
    if (this.bucket(gr).has(objectKey(object.metadata.namespace ?? '', name))) throw alreadyExists(gr, name);
    const preview = clone(object);
    preview.metadata.uid = object.metadata.uid ?? randomUUID();
    preview.metadata.creationTimestamp = object.metadata.creationTimestamp ?? this.timestamp();
    delete preview.metadata.resourceVersion;
    return preview;
  }

  /** Replaces an object; a stale metadata.resourceVersion is a 409 Conflict. */
  update(gr: GroupResource, object: KubeObject): KubeObject {
    const stored = this.previewUpdate(gr, object);
    stored.metadata.resourceVersion = String(++this.revision);
    this.bucket(gr).set(objectKey(stored.metadata.namespace ?? '', stored.metadata.name ?? ''), stored);
    this.record('MODIFIED', gr, stored);
    return clone(stored);
  }

  /** What update would store, checked the same way, without storing it (dry run). */
  previewUpdate(gr: GroupResource, object: KubeObject): KubeObject {
    const name = object.metadata.name ?? '';
    const current = this.bucket(gr).get(objectKey(object.metadata.namespace ?? '', name));
    if (!current) throw notFound(gr, name);
    const expected = object.metadata.resourceVersion;
    if (expected && expected !== current.metadata.resourceVersion) throw conflict(gr, name, STALE_OBJECT);
    const preview = clone(object);
    preview.metadata.uid = current.metadata.uid;
    preview.metadata.creationTimestamp = current.metadata.creationTimestamp;
    preview.metadata.resourceVersion = current.metadata.resourceVersion;
    return preview;
  }

  delete(gr: GroupResource, namespace: string, name: string): KubeObject {
    const bucket = this.bucket(gr);
    const key = objectKey(namespace, name);
    const current = bucket.get(key);
    if (!current) throw notFound(gr, name);
    bucket.delete(key);
    this.sortedKeys.delete(resourceKeyOf(gr));
    // A deletion is a change of its own: watchers see the object at the deletion's version.
    current.metadata.resourceVersion = String(++this.revision);
    this.record('DELETED', gr, current);
    return clone(current);
  }

  /** Changes after `resourceVersion`, or undefined when that history was compacted away. */
  changesSince(resourceVersion: number): StoredEvent[] | undefined {
    if (resourceVersion < this.compactedRevision) return undefined;
    return this.history.filter((event) => event.resourceVersion > resourceVersion);
  }

  subscribe(listener: WatchListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private bucket(gr: GroupResource): Map<string, KubeObject> {
    const key = resourceKeyOf(gr);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new Map();
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  private record(type: WatchEventType, gr: GroupResource, object: KubeObject): void {
    const event: StoredEvent = {
      type,
      resourceVersion: this.revision,
      resourceKey: resourceKeyOf(gr),
      namespace: object.metadata.namespace ?? '',
      object: clone(object),
    };
    this.history.push(event);
    if (this.history.length > this.historySize) {
      const dropped = this.history.shift();
      if (dropped) this.compactedRevision = dropped.resourceVersion;
    }
    for (const listener of this.listeners) listener(event);
  }

  private timestamp(): string {
    return this.now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }
}

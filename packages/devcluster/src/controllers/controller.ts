// What each built-in controller provides to the controller manager, and what the manager gives it.
import type { GroupResource } from '../api/status.js';
import type { SimulatedCluster } from '../cluster.js';
import type { StoredEvent } from '../store/object-store.js';
import type { EventRecorder } from './events-recorder.js';
import type { ObjectWriter } from './object-writer.js';

export interface ControllerContext {
  cluster: SimulatedCluster;
  now: () => Date;
  writer: ObjectWriter;
  events: EventRecorder;
  podStartDelayMs: number;
  /** Syncs `key` again after `ms`: for what only time changes (a container starting, minReadySeconds). */
  requeueAfter(controller: Controller, key: string, ms: number): void;
}

export interface Controller {
  readonly name: string;
  /** The resources whose changes concern it; at start it sees every existing object, as an informer does. */
  readonly watches: readonly GroupResource[] | 'everything';
  /** The keys to sync after a change (an owner's key for a change to what it owns). */
  keysFor(event: StoredEvent): string[];
  sync(key: string): void;
}

import { groupResource, type SimulatedCluster } from '../cluster.js';
import { resourceKeyOf, type StoredEvent } from '../store/object-store.js';
import type { KubeObject } from '../types.js';
import { type ListFilter, matchesFilter, parseListFilter } from './list-query.js';
import { apiVersionOf } from './object-admission.js';
import type { ResourceTarget } from './resource-handlers.js';
import { badRequest, expired } from './status.js';
import { servedObject } from './version-conversion.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

export interface WatchSink {
  send(event: WatchEvent): void;
  end(): void;
}

export interface WatchOptions {
  /** How long the server keeps the watch open, as kube-apiserver's timeoutSeconds. */
  defaultTimeoutSeconds: number;
  bookmarkIntervalMs: number;
}

interface WatchPlan {
  fromResourceVersion: number | undefined;
  sendInitialEvents: boolean;
  bookmarks: boolean;
  timeoutSeconds: number;
}

function planWatch(query: URLSearchParams, options: WatchOptions): WatchPlan {
  const rvText = query.get('resourceVersion') ?? '';
  if (rvText !== '' && !/^\d+$/.test(rvText)) throw badRequest(`invalid resource version: ${rvText}`);
  const resourceVersion = rvText === '' ? undefined : Number(rvText);
  const sendInitialText = query.get('sendInitialEvents');
  const bookmarks = query.get('allowWatchBookmarks') === 'true';
  const sendInitialEvents =
    sendInitialText === null
      ? resourceVersion === undefined || resourceVersion === 0
      : sendInitialText === 'true';
  if (sendInitialText === 'true' && !bookmarks) {
    throw badRequest('sendInitialEvents requires setting allowWatchBookmarks to true');
  }
  const timeoutText = query.get('timeoutSeconds');
  const timeoutSeconds =
    timeoutText && /^\d+$/.test(timeoutText) ? Number(timeoutText) : options.defaultTimeoutSeconds;
  return {
    fromResourceVersion: resourceVersion === 0 ? undefined : resourceVersion,
    sendInitialEvents,
    bookmarks,
    timeoutSeconds,
  };
}

function bookmark(target: ResourceTarget, resourceVersion: number, initialEventsEnd: boolean): WatchEvent {
  const metadata: KubeObject['metadata'] = { resourceVersion: String(resourceVersion) };
  if (initialEventsEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
  return {
    type: 'BOOKMARK',
    object: { apiVersion: apiVersionOf(target.resource), kind: target.resource.kind, metadata },
  };
}

/**
 * Streams changes to one resource as kube-apiserver's watch does: optional initial ADDED
 * events, then every change after the starting resourceVersion, with objects entering or
 * leaving the selector seen as ADDED or DELETED. Returns a function that stops the watch.
 */
export function startWatch(
  cluster: SimulatedCluster,
  target: ResourceTarget,
  query: URLSearchParams,
  sink: WatchSink,
  options: WatchOptions,
): () => void {
  const { resource } = target;
  const filter: ListFilter = parseListFilter(query, resource, cluster.registry.crdOf(resource) !== undefined);
  const plan = planWatch(query, options);
  const gr = groupResource(resource);
  const resourceKey = resourceKeyOf(gr);
  const namespace = resource.namespaced && target.namespace ? target.namespace : undefined;
  const inScope = (object: KubeObject) =>
    (namespace === undefined || object.metadata.namespace === namespace) &&
    (!target.name || object.metadata.name === target.name) &&
    matchesFilter(filter, object);
  const relabel = (object: KubeObject): KubeObject => servedObject(resource, object);
  const visible = new Set<string>();
  const keyOf = (object: KubeObject) => `${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;

  const deliver = (event: StoredEvent) => {
    if (event.resourceKey !== resourceKey) return;
    const key = keyOf(event.object);
    const matches = inScope(event.object);
    const wasVisible = visible.has(key);
    let type: WatchEventType | undefined;
    if (event.type === 'DELETED') type = wasVisible || matches ? 'DELETED' : undefined;
    else if (matches) type = wasVisible ? 'MODIFIED' : 'ADDED';
    else if (wasVisible) type = 'DELETED';
    if (matches && event.type !== 'DELETED') visible.add(key);
    else visible.delete(key);
    if (type) sink.send({ type, object: relabel(event.object) });
  };

  let replay: StoredEvent[] = [];
  if (plan.fromResourceVersion !== undefined) {
    const changes = cluster.store.changesSince(plan.fromResourceVersion);
    if (!changes) {
      const error = expired(
        `too old resource version: ${plan.fromResourceVersion} (${cluster.store.compactedResourceVersion})`,
      );
      sink.send({ type: 'ERROR', object: error.status as unknown as KubeObject });
      sink.end();
      return () => {};
    }
    replay = changes;
  }
  const unsubscribe = cluster.store.subscribe(deliver);
  if (plan.sendInitialEvents) {
    for (const object of cluster.store.list(gr, namespace)) {
      if (!inScope(object)) continue;
      visible.add(keyOf(object));
      sink.send({ type: 'ADDED', object: relabel(object) });
    }
    if (plan.bookmarks) sink.send(bookmark(target, cluster.store.resourceVersion, true));
  }
  for (const event of replay) deliver(event);

  const timers: NodeJS.Timeout[] = [];
  if (plan.bookmarks) {
    timers.push(
      setInterval(
        () => sink.send(bookmark(target, cluster.store.resourceVersion, false)),
        options.bookmarkIntervalMs,
      ),
    );
  }
  const stop = () => {
    unsubscribe();
    for (const timer of timers) clearInterval(timer);
  };
  timers.push(
    setTimeout(() => {
      stop();
      sink.end();
    }, plan.timeoutSeconds * 1000),
  );
  return stop;
}

// core/v1 Events as client-go's legacy recorder writes them, repeats folded into a count.
import type { SimulatedCluster } from '../cluster.js';
import { apiMicroTime, apiTime } from '../seed/timestamps.js';
import type { KubeObject } from '../types.js';
import { EVENTS, nameOf, namespaceOf, servedResource } from './objects.js';

export interface EventSource {
  component: string;
  /** The node, for the kubelet. */
  host?: string;
}

export interface EventInput {
  about: KubeObject;
  /** For a container's events, `spec.containers{name}`. */
  fieldPath?: string;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  source: EventSource;
}

function involvedObject(about: KubeObject, fieldPath: string | undefined) {
  return {
    apiVersion: about.apiVersion,
    kind: about.kind,
    namespace: namespaceOf(about) || 'default',
    name: nameOf(about),
    uid: about.metadata.uid ?? '',
    resourceVersion: about.metadata.resourceVersion ?? '',
    ...(fieldPath && { fieldPath }),
  };
}

export class EventRecorder {
  // What the recorder's EventCorrelator remembers: the stored event of each repeated (object, reason, message).
  private readonly recent = new Map<string, string>();
  // Our clock has milliseconds; a sequence fills the nanoseconds so that names stay unique.
  private sequence = 0;

  constructor(
    private readonly cluster: SimulatedCluster,
    private readonly now: () => Date,
  ) {}

  record(input: EventInput): void {
    const { about, fieldPath, type, reason, message, source } = input;
    const namespace = namespaceOf(about) || 'default';
    if (!this.cluster.namespaceExists(namespace)) return;
    const at = this.now();
    const correlation = [
      about.metadata.uid,
      fieldPath,
      type,
      reason,
      message,
      source.component,
      source.host,
    ].join('\0');
    const earlierName = this.recent.get(correlation);
    const earlier = earlierName ? this.cluster.store.get(EVENTS, namespace, earlierName) : undefined;
    if (earlier) {
      earlier.count = Number(earlier.count ?? 1) + 1;
      earlier.lastTimestamp = apiTime(at);
      this.cluster.store.update(EVENTS, earlier);
      return;
    }
    const name = this.createEvent(about, fieldPath, namespace, at, {
      reason,
      message,
      source,
      firstTimestamp: apiTime(at),
      lastTimestamp: apiTime(at),
      count: 1,
      type,
      eventTime: null,
      reportingComponent: source.component,
      reportingInstance: source.host ?? '',
    });
    this.recent.set(correlation, name);
  }

  /** The scheduler's events come from the events.k8s.io recorder: an eventTime and an action, no count. */
  recordScheduling(pod: KubeObject, reason: 'Scheduled' | 'FailedScheduling', message: string): void {
    const namespace = namespaceOf(pod);
    if (!this.cluster.namespaceExists(namespace)) return;
    const at = this.now();
    this.createEvent(pod, undefined, namespace, at, {
      reason,
      message,
      source: {},
      type: reason === 'Scheduled' ? 'Normal' : 'Warning',
      action: reason === 'Scheduled' ? 'Binding' : 'Scheduling',
      eventTime: apiMicroTime(at),
      reportingComponent: 'default-scheduler',
      reportingInstance: 'default-scheduler-control-plane',
    });
  }

  /** Stores a new Event about the object with the given fields; returns its name. */
  private createEvent(
    about: KubeObject,
    fieldPath: string | undefined,
    namespace: string,
    at: Date,
    fields: Record<string, unknown>,
  ): string {
    const name = this.eventName(about, at);
    this.cluster.create(servedResource(this.cluster, EVENTS), {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace, creationTimestamp: apiTime(at) },
      involvedObject: involvedObject(about, fieldPath),
      ...fields,
    });
    return name;
  }

  /** Event names are the object's name and the first occurrence in nanoseconds, in hex. */
  private eventName(about: KubeObject, at: Date): string {
    this.sequence = (this.sequence + 1) % 1_000_000;
    return `${nameOf(about)}.${(BigInt(at.getTime()) * 1_000_000n + BigInt(this.sequence)).toString(16)}`;
  }
}

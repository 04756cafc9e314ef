// core/v1 Events as the two kinds of recorders write them.
import type { KubeObject } from '../types.js';
import { objectMeta } from './object-meta.js';
import { apiMicroTime, apiTime } from './timestamps.js';

export interface InvolvedObject {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  fieldPath?: string;
}

/** The reference to what an event is about; a container's events also name the container. */
export function involving(object: KubeObject, fieldPath?: string): InvolvedObject {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    namespace: object.metadata.namespace ?? '',
    name: object.metadata.name ?? '',
    ...(fieldPath && { fieldPath }),
  };
}

interface EventInput {
  about: InvolvedObject;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  first: Date;
}

/** Event names are the object's name and the first occurrence in nanoseconds, in hex. */
function eventName(about: InvolvedObject, first: Date): string {
  return `${about.name}.${(BigInt(first.getTime()) * 1_000_000n).toString(16)}`;
}

function eventBase({ about, type, reason, message, first }: EventInput) {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: objectMeta({ name: eventName(about, first), namespace: about.namespace, created: first }),
    involvedObject: about,
    reason,
    message,
    type,
  };
}

export interface LegacyEventInput extends EventInput {
  /** The component, and for the kubelet the node it runs on. */
  source: { component: string; host?: string };
  count?: number;
  last?: Date;
}

/** From the core/v1 recorder (kubelet, most controllers): counted, with first and last timestamps. */
export function legacyEvent(input: LegacyEventInput): KubeObject {
  const { source, count = 1, first, last = first } = input;
  return {
    ...eventBase(input),
    source,
    count,
    firstTimestamp: apiTime(first),
    lastTimestamp: apiTime(last),
    reportingComponent: source.component,
    reportingInstance: source.host ?? '',
  };
}

export interface SeriesEventInput extends EventInput {
  action: string;
  reportingComponent: string;
  reportingInstance: string;
  /** Repeats after the first, if any: the events.k8s.io recorder keeps them as a series. */
  series?: { count: number; lastObservedTime: Date };
}

/** From the events.k8s.io recorder (the scheduler): eventTime, action, and a series instead of a count. */
export function seriesEvent(input: SeriesEventInput): KubeObject {
  const { action, reportingComponent, reportingInstance, series, first } = input;
  return {
    ...eventBase(input),
    action,
    eventTime: apiMicroTime(first),
    reportingComponent,
    reportingInstance,
    source: {},
    ...(series && {
      series: { count: series.count, lastObservedTime: apiMicroTime(series.lastObservedTime) },
    }),
  };
}

/** The scheduler's note that it bound a pod to a node. */
/** The deployment controller's event for a rollout step. */
export function scaledReplicaSetEvent(
  deployment: KubeObject,
  replicaSet: KubeObject,
  replicas: { from: number; to: number },
  at: Date,
): KubeObject {
  const direction = replicas.to > replicas.from ? 'up' : 'down';
  return legacyEvent({
    about: involving(deployment),
    source: { component: 'deployment-controller' },
    type: 'Normal',
    reason: 'ScalingReplicaSet',
    message: `Scaled ${direction} replica set ${replicaSet.metadata.name} from ${replicas.from} to ${replicas.to}`,
    first: at,
  });
}

/** The replicaset controller's event for each pod it creates. */
export function podCreatedEvent(replicaSet: KubeObject, pod: KubeObject, at: Date): KubeObject {
  return legacyEvent({
    about: involving(replicaSet),
    source: { component: 'replicaset-controller' },
    type: 'Normal',
    reason: 'SuccessfulCreate',
    message: `Created pod: ${pod.metadata.name}`,
    first: at,
  });
}

export function scheduledEvent(pod: KubeObject, nodeName: string, at: Date): KubeObject {
  return seriesEvent({
    about: involving(pod),
    type: 'Normal',
    reason: 'Scheduled',
    message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`,
    first: at,
    action: 'Binding',
    reportingComponent: 'default-scheduler',
    reportingInstance: 'default-scheduler-control-plane',
  });
}

export interface ContainerStartsInput {
  pod: KubeObject;
  container: string;
  image: string;
  nodeName: string;
  first: Date;
  /** For a restarting container: the last of `count` starts. */
  last?: Date;
  count?: number;
}

/** What the kubelet reports each time it starts a container whose image it already has. */
export function containerStartEvents(input: ContainerStartsInput): KubeObject[] {
  const { pod, container, image, nodeName, first, last = first, count = 1 } = input;
  const about = involving(pod, `spec.containers{${container}}`);
  const source = { component: 'kubelet', host: nodeName };
  const steps = [
    { reason: 'Pulled', message: `Container image "${image}" already present on machine` },
    { reason: 'Created', message: `Created container: ${container}` },
    { reason: 'Started', message: `Started container ${container}` },
  ];
  // A few milliseconds apart, as they happen; event names are made from these instants.
  return steps.map(({ reason, message }, step) =>
    legacyEvent({
      about,
      source,
      type: 'Normal',
      reason,
      message,
      count,
      first: new Date(first.getTime() + 40 * step),
      last: new Date(last.getTime() + 40 * step),
    }),
  );
}

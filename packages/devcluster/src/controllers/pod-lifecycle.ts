// The pod statuses the scheduler and a kubelet write as a pod goes from bound to running (or done).

import { createHash } from 'node:crypto';
import { qosClass } from '../admission/qos-class.js';
import { apiTime } from '../seed/timestamps.js';
import type { KubeObject } from '../types.js';
import { nameOf, namespaceOf } from './objects.js';

interface Container {
  name: string;
  image?: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}

export function containersOf(pod: KubeObject): Container[] {
  return (pod.spec as { containers?: Container[] } | undefined)?.containers ?? [];
}

function condition(type: string, status: boolean, at: Date, reason?: string, message?: string) {
  return {
    type,
    status: status ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: apiTime(at),
    ...(reason && { reason }),
    ...(message && { message }),
  };
}

export function scheduledStatus(pod: KubeObject, at: Date) {
  return { phase: 'Pending', conditions: [condition('PodScheduled', true, at)], qosClass: qosClass(pod) };
}

export function unschedulableStatus(pod: KubeObject, at: Date, message: string) {
  return {
    phase: 'Pending',
    conditions: [condition('PodScheduled', false, at, 'Unschedulable', message)],
    qosClass: qosClass(pod),
  };
}

/** A hex digest that stands in for a container id or an image digest. */
function digest(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}

/** containerd reports images by their full reference: `nginx:1.27` is `docker.io/library/nginx:1.27`. */
function fullImageName(image: string): string {
  const [first = '', ...rest] = image.split('/');
  if (rest.length === 0) return `docker.io/library/${image}`;
  const isRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  return isRegistry ? image : `docker.io/${image}`;
}

function imageID(image: string): string {
  const full = fullImageName(image);
  return `${full.replace(/:[^:/]+$/, '')}@sha256:${digest(`image/${full}`)}`;
}

function containerBase(container: Container) {
  return {
    image: fullImageName(container.image ?? ''),
    name: container.name,
    volumeMounts: (container.volumeMounts ?? []).map(({ name, mountPath, readOnly }) => ({
      name,
      mountPath,
      ...(readOnly && { readOnly }),
      recursiveReadOnly: 'Disabled',
    })),
  };
}

/** The scheduler's verdict on a pod, once it has given one. */
export function scheduledCondition(pod: KubeObject) {
  const conditions = (pod.status as { conditions?: { type: string }[] } | undefined)?.conditions ?? [];
  return conditions.find((c) => c.type === 'PodScheduled');
}

function unreadyMessage(pod: KubeObject): string {
  return `containers with unready status: [${containersOf(pod)
    .map((c) => c.name)
    .join(' ')}]`;
}

export interface Placement {
  hostIP: string;
  podIP: string;
}

/** The kubelet has taken the pod: its sandbox is being made and its containers are ContainerCreating. */
export function creatingStatus(pod: KubeObject, at: Date, hostIP: string) {
  const unready = unreadyMessage(pod);
  return {
    phase: 'Pending',
    conditions: [
      condition('PodReadyToStartContainers', false, at),
      condition('Initialized', true, at),
      condition('Ready', false, at, 'ContainersNotReady', unready),
      condition('ContainersReady', false, at, 'ContainersNotReady', unready),
      scheduledCondition(pod) ?? condition('PodScheduled', true, at),
    ],
    containerStatuses: containersOf(pod).map((c) => ({
      ...containerBase(c),
      imageID: '',
      lastState: {},
      ready: false,
      restartCount: 0,
      started: false,
      state: { waiting: { reason: 'ContainerCreating' } },
    })),
    hostIP,
    hostIPs: [{ ip: hostIP }],
    qosClass: qosClass(pod),
    startTime: apiTime(at),
  };
}

function containerID(pod: KubeObject, container: Container): string {
  return `containerd://${digest(`${namespaceOf(pod)}/${nameOf(pod)}/${pod.metadata.uid}/${container.name}`)}`;
}

/** A container the runtime has started at `at`; whether it is ready is the caller's to say. */
function runningContainerStatus(pod: KubeObject, container: Container, at: Date) {
  return {
    ...containerBase(container),
    containerID: containerID(pod, container),
    imageID: imageID(container.image ?? ''),
    lastState: {},
    restartCount: 0,
    state: { running: { startedAt: apiTime(at) } },
  };
}

/** Every container started and ready. */
export function runningStatus(pod: KubeObject, at: Date, placement: Placement) {
  const started = (pod.status ?? {}) as { startTime?: string; conditions?: { type: string }[] };
  return {
    phase: 'Running',
    conditions: [
      condition('PodReadyToStartContainers', true, at),
      ...(started.conditions ?? []).filter((c) => c.type === 'Initialized'),
      condition('Ready', true, at),
      condition('ContainersReady', true, at),
      scheduledCondition(pod) ?? condition('PodScheduled', true, at),
    ],
    containerStatuses: containersOf(pod).map((c) => ({
      ...runningContainerStatus(pod, c, at),
      ready: true,
      started: true,
    })),
    hostIP: placement.hostIP,
    hostIPs: [{ ip: placement.hostIP }],
    podIP: placement.podIP,
    podIPs: [{ ip: placement.podIP }],
    qosClass: qosClass(pod),
    startTime: started.startTime ?? apiTime(at),
  };
}

/** Every container exited 0: a Job's pod that has done its work. */
export function succeededStatus(pod: KubeObject, at: Date) {
  const running = (pod.status ?? {}) as ReturnType<typeof runningStatus>;
  return {
    ...running,
    phase: 'Succeeded',
    conditions: [
      condition('PodReadyToStartContainers', false, at),
      condition('Initialized', true, at, 'PodCompleted'),
      condition('Ready', false, at, 'PodCompleted'),
      condition('ContainersReady', false, at, 'PodCompleted'),
      scheduledCondition(pod) ?? condition('PodScheduled', true, at),
    ],
    containerStatuses: (running.containerStatuses ?? []).map((status) => ({
      ...status,
      ready: false,
      started: false,
      state: {
        terminated: {
          containerID: status.containerID,
          exitCode: 0,
          finishedAt: apiTime(at),
          reason: 'Completed',
          startedAt: status.state.running?.startedAt ?? apiTime(at),
        },
      },
    })),
  };
}

function ephemeralContainersOf(pod: KubeObject): Container[] {
  return (pod.spec as { ephemeralContainers?: Container[] } | undefined)?.ephemeralContainers ?? [];
}

/** The ephemeral containers (`kubectl debug`) that have no status yet: the kubelet has not started them. */
export function unstartedEphemeralContainers(pod: KubeObject): Container[] {
  const statuses = (pod.status as { ephemeralContainerStatuses?: { name: string }[] } | undefined)
    ?.ephemeralContainerStatuses;
  return ephemeralContainersOf(pod).filter((c) => !statuses?.some((status) => status.name === c.name));
}

/** The pod's status once its new ephemeral containers run; they are never ready, by definition. */
export function ephemeralStartedStatus(pod: KubeObject, at: Date) {
  const status = (pod.status ?? {}) as { ephemeralContainerStatuses?: object[] };
  return {
    ...status,
    ephemeralContainerStatuses: [
      ...(status.ephemeralContainerStatuses ?? []),
      ...unstartedEphemeralContainers(pod).map((c) => ({
        ...runningContainerStatus(pod, c, at),
        ready: false,
      })),
    ],
  };
}

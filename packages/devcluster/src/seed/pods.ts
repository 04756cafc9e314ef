// Pod templates and the pods made from them, with the status a kubelet would report for each state.
import { admittedPodSpec, podSpecDefaults, type Toleration } from '../admission/pod-defaults.js';
import { containersQosClass } from '../admission/qos-class.js';
import type { KubeObject, OwnerReference } from '../types.js';
import { hexId, nameSuffix } from './generated-names.js';
import type { ClusterNode } from './nodes.js';
import { objectMeta } from './object-meta.js';
import { after, apiTime, before } from './timestamps.js';

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: 'TCP' | 'UDP';
}

export interface Resources {
  requests?: Record<string, string>;
  limits?: Record<string, string>;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  subPath?: string;
}

export interface ContainerInput {
  name: string;
  image: string;
  ports?: ContainerPort[];
  resources?: Resources;
  volumeMounts?: VolumeMount[];
  /** Anything else a container spec holds: command, args, env, probes, securityContext. */
  [field: string]: unknown;
}

export interface Container extends ContainerInput {
  resources: Resources;
}

export interface PodSpecInput {
  containers: ContainerInput[];
  serviceAccountName?: string;
  priorityClassName?: string;
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  tolerations?: Toleration[];
  volumes?: unknown[];
  /** Anything else a pod spec holds: hostNetwork, nodeSelector, dnsPolicy, affinity. */
  [field: string]: unknown;
}

export interface PodSpec extends PodSpecInput {
  containers: Container[];
}

export interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: PodSpec;
}

export interface Placement {
  node: ClusterNode;
  podIP: string;
}

/** What has happened to a pod, from which the kubelet's view of it follows. */
export type PodState =
  | { kind: 'running'; on: Placement }
  | { kind: 'crashLooping'; on: Placement; restartCount: number; lastExitAt: Date }
  | { kind: 'completed'; on: Placement; finishedAt: Date }
  | { kind: 'unschedulable'; message: string };

type PlacedState = Exclude<PodState, { kind: 'unschedulable' }>;

export interface PodInput {
  name: string;
  namespace: string;
  created: Date;
  template: PodTemplate;
  state: PodState;
  owner?: OwnerReference;
  generateName?: string;
}

// How long after creation the kubelet reaches each step, for the container images are cached or small.
const SANDBOX_READY_AFTER = { seconds: 1 };
const CONTAINERS_STARTED_AFTER = { seconds: 4 };
const CONTAINERS_READY_AFTER = { seconds: 5 };

export function container(input: ContainerInput): Container {
  const { ports, resources = {}, ...rest } = input;
  return {
    imagePullPolicy: 'IfNotPresent',
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    ...rest,
    ...(ports && { ports: ports.map((port) => ({ protocol: 'TCP', ...port })) }),
    resources,
  };
}

/** A template as the API server stores it in a controller, with the defaults it fills in. */
export function podTemplate(labels: Record<string, string>, spec: PodSpecInput): PodTemplate {
  return {
    metadata: { labels },
    spec: {
      ...podSpecDefaults(),
      ...spec,
      containers: spec.containers.map(container),
    },
  };
}

export function withTemplateLabels(template: PodTemplate, labels: Record<string, string>): PodTemplate {
  return {
    ...template,
    metadata: { ...template.metadata, labels: { ...template.metadata.labels, ...labels } },
  };
}

export function withPodSpec(template: PodTemplate, spec: Record<string, unknown>): PodTemplate {
  return { ...template, spec: { ...template.spec, ...spec } };
}

function admittedSpec(input: PodInput): PodSpec {
  const tokenVolumeName = `kube-api-access-${nameSuffix(`${input.namespace}/${input.name}/token`)}`;
  return {
    ...admittedPodSpec(input.template.spec, tokenVolumeName),
    ...(input.state.kind !== 'unschedulable' && { nodeName: input.state.on.node.name }),
  };
}

/** containerd reports images by their full reference: `nginx:1.27` is `docker.io/library/nginx:1.27`. */
export function fullImageName(image: string): string {
  const [registryOrPath = '', ...rest] = image.split('/');
  if (rest.length === 0) return `docker.io/library/${image}`;
  const isRegistry =
    registryOrPath.includes('.') || registryOrPath.includes(':') || registryOrPath === 'localhost';
  return isRegistry ? image : `docker.io/${image}`;
}

function imageID(image: string): string {
  const full = fullImageName(image);
  const repository = full.replace(/:[^:/]+$/, '');
  return `${repository}@sha256:${hexId(`image/${full}`)}`;
}

function condition(type: string, status: boolean, at: Date, reason?: string, message?: string) {
  return {
    type,
    status: status ? 'True' : 'False',
    lastTransitionTime: apiTime(at),
    ...(reason && { reason }),
    ...(message && { message }),
  };
}

function containerStatus(pod: PodInput, state: PlacedState, c: Container) {
  const { created, name: podName } = pod;
  const containerID = (attempt: number) =>
    `containerd://${hexId(`${pod.namespace}/${podName}/${c.name}/${attempt}`)}`;
  const base = {
    image: fullImageName(c.image),
    imageID: imageID(c.image),
    name: c.name,
    volumeMounts: (c.volumeMounts ?? []).map(({ name, mountPath, readOnly }) => ({
      name,
      mountPath,
      ...(readOnly && { readOnly }),
      recursiveReadOnly: 'Disabled',
    })),
  };
  const startedAt = apiTime(after(created, CONTAINERS_STARTED_AFTER));
  switch (state.kind) {
    case 'running':
      return {
        ...base,
        containerID: containerID(0),
        lastState: {},
        ready: true,
        restartCount: 0,
        started: true,
        state: { running: { startedAt } },
      };
    case 'crashLooping':
      return {
        ...base,
        containerID: containerID(state.restartCount),
        lastState: {
          terminated: {
            containerID: containerID(state.restartCount),
            exitCode: 1,
            finishedAt: apiTime(state.lastExitAt),
            reason: 'Error',
            startedAt: apiTime(before(state.lastExitAt, { seconds: 2 })),
          },
        },
        ready: false,
        restartCount: state.restartCount,
        started: false,
        state: {
          waiting: {
            // The real message ends with the pod's uid in parentheses, which the seed cannot know.
            message: `back-off 5m0s restarting failed container=${c.name} pod=${podName}_${pod.namespace}`,
            reason: 'CrashLoopBackOff',
          },
        },
      };
    case 'completed':
      return {
        ...base,
        containerID: containerID(0),
        lastState: {},
        ready: false,
        restartCount: 0,
        started: false,
        state: {
          terminated: {
            containerID: containerID(0),
            exitCode: 0,
            finishedAt: apiTime(state.finishedAt),
            reason: 'Completed',
            startedAt,
          },
        },
      };
  }
}

function podConditions(pod: PodInput, containers: Container[]) {
  const { state, created } = pod;
  if (state.kind === 'unschedulable') {
    return [condition('PodScheduled', false, created, 'Unschedulable', state.message)];
  }
  const sandboxReady = after(created, SANDBOX_READY_AFTER);
  const ready = after(created, CONTAINERS_READY_AFTER);
  const scheduled = condition('PodScheduled', true, created);
  if (state.kind === 'completed') {
    return [
      condition('PodReadyToStartContainers', false, state.finishedAt),
      condition('Initialized', true, created, 'PodCompleted'),
      condition('Ready', false, state.finishedAt, 'PodCompleted'),
      condition('ContainersReady', false, state.finishedAt, 'PodCompleted'),
      scheduled,
    ];
  }
  if (state.kind === 'crashLooping') {
    const unready = `containers with unready status: [${containers.map((c) => c.name).join(' ')}]`;
    return [
      condition('PodReadyToStartContainers', true, sandboxReady),
      condition('Initialized', true, created),
      condition('Ready', false, ready, 'ContainersNotReady', unready),
      condition('ContainersReady', false, ready, 'ContainersNotReady', unready),
      scheduled,
    ];
  }
  return [
    condition('PodReadyToStartContainers', true, sandboxReady),
    condition('Initialized', true, created),
    condition('Ready', true, ready),
    condition('ContainersReady', true, ready),
    scheduled,
  ];
}

function podStatus(pod: PodInput, containers: Container[]) {
  const { state } = pod;
  const qos = { qosClass: containersQosClass(containers.map((container) => container.resources)) };
  if (state.kind === 'unschedulable') {
    return { conditions: podConditions(pod, containers), phase: 'Pending', ...qos };
  }
  const { node, podIP } = state.on;
  return {
    conditions: podConditions(pod, containers),
    containerStatuses: containers.map((c) => containerStatus(pod, state, c)),
    hostIP: node.internalIP,
    hostIPs: [{ ip: node.internalIP }],
    phase: state.kind === 'completed' ? 'Succeeded' : 'Running',
    podIP,
    podIPs: [{ ip: podIP }],
    ...qos,
    startTime: apiTime(after(pod.created, SANDBOX_READY_AFTER)),
  };
}

export function pod(input: PodInput): KubeObject {
  const { name, namespace, created, template, owner, generateName } = input;
  const spec = admittedSpec(input);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: objectMeta({ name, namespace, created, generateName, owner, ...template.metadata }),
    spec,
    status: podStatus(input, spec.containers),
  };
}

/** Ready as the Ready condition says: what a ReplicaSet counts in readyReplicas. */
export function isReady(state: PodState): boolean {
  return state.kind === 'running';
}

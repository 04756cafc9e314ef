// Typed views of the parts of a pod that its logs and exec sessions depend on.
import type { KubeObject } from '../types.js';

export interface KeyReference {
  name: string;
  key: string;
  optional?: boolean;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: KeyReference;
    secretKeyRef?: KeyReference;
    fieldRef?: { fieldPath: string };
  };
}

export interface EnvFromSource {
  prefix?: string;
  configMapRef?: { name: string; optional?: boolean };
  secretRef?: { name: string; optional?: boolean };
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  subPath?: string;
}

export interface ContainerSpec {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
  ports?: { containerPort: number; name?: string }[];
  volumeMounts?: VolumeMount[];
  workingDir?: string;
  readinessProbe?: { periodSeconds?: number; httpGet?: { path?: string } };
}

export interface KeyToPath {
  key: string;
  path: string;
}

export interface VolumeSource {
  name: string;
  configMap?: { name: string; items?: KeyToPath[]; optional?: boolean };
  secret?: { secretName: string; items?: KeyToPath[]; optional?: boolean };
  projected?: { sources: ProjectedSource[] };
}

export interface ProjectedSource {
  configMap?: { name: string; items?: KeyToPath[] };
  secret?: { name: string; items?: KeyToPath[] };
  downwardAPI?: { items: { path: string; fieldRef?: { fieldPath: string } }[] };
}

export interface PodSpecView {
  containers: ContainerSpec[];
  initContainers?: ContainerSpec[];
  ephemeralContainers?: ContainerSpec[];
  volumes?: VolumeSource[];
  nodeName?: string;
  hostname?: string;
  subdomain?: string;
  enableServiceLinks?: boolean;
  serviceAccountName?: string;
}

export interface TerminatedState {
  containerID?: string;
  exitCode: number;
  reason?: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface ContainerState {
  running?: { startedAt?: string };
  waiting?: { reason?: string; message?: string };
  terminated?: TerminatedState;
}

export interface ContainerStatus {
  name: string;
  containerID?: string;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

export interface PodStatusView {
  phase?: string;
  podIP?: string;
  hostIP?: string;
  containerStatuses?: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[];
  ephemeralContainerStatuses?: ContainerStatus[];
}

export function podSpec(pod: KubeObject): PodSpecView {
  return (pod.spec as PodSpecView | undefined) ?? { containers: [] };
}

export function podStatus(pod: KubeObject): PodStatusView {
  return (pod.status as PodStatusView | undefined) ?? {};
}

/** Every container of the pod, in the order kube-apiserver's VisitContainers walks them. */
export function allContainers(pod: KubeObject): ContainerSpec[] {
  const spec = podSpec(pod);
  return [...(spec.initContainers ?? []), ...spec.containers, ...(spec.ephemeralContainers ?? [])];
}

export function findContainer(pod: KubeObject, name: string): ContainerSpec | undefined {
  return allContainers(pod).find((container) => container.name === name);
}

/** The kubelet's status of one container: regular, then init, then ephemeral. */
export function findContainerStatus(pod: KubeObject, name: string): ContainerStatus | undefined {
  const status = podStatus(pod);
  const lists = [status.containerStatuses, status.initContainerStatuses, status.ephemeralContainerStatuses];
  for (const list of lists) {
    const found = list?.find((entry) => entry.name === name);
    if (found) return found;
  }
  return undefined;
}

// What the simulated kubelets report as resource usage: each running container uses a share of what it
// requests (or of its limit), fixed by a hash of the container so that it is stable between calls, and
// moving a little with each scrape window so that `kubectl top` looks alive. Nodes add a system base.
import { createHash } from 'node:crypto';
import { type ContainerSpec, findContainerStatus, podSpec, podStatus } from '../pods/pod-shape.js';
import { quantity } from '../quantity.js';
import type { KubeObject } from '../types.js';

/** How often the simulated metrics-server scrapes: usage is constant within one window. */
export const SCRAPE_WINDOW_SECONDS = 15;

export interface Usage {
  nanoCores: number;
  bytes: number;
}

interface ContainerResources {
  requests?: Record<string, string>;
  limits?: Record<string, string>;
}

const MI = 2 ** 20;
// What the kubelet, the runtime and the system daemons use on a node with no pods.
const SYSTEM_BASE = {
  controlPlane: { milliCores: 180, bytes: 620 * MI },
  worker: { milliCores: 45, bytes: 310 * MI },
};

/** A number in [0, 1) fixed by `seed`. */
function unitHash(seed: string): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0) / 2 ** 32;
}

/** The start of the scrape window `now` falls in: what metrics-server reports as `timestamp`. */
export function scrapeTime(now: Date): Date {
  const windowMs = SCRAPE_WINDOW_SECONDS * 1000;
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
}

/** A factor in [0.9, 1.1] for this window: the same for one seed within a window, different across windows. */
function variation(seed: string, now: Date): number {
  return 0.9 + 0.2 * unitHash(`${seed}@${scrapeTime(now).getTime()}`);
}

function resourcesOf(container: ContainerSpec): ContainerResources {
  return ((container as { resources?: ContainerResources }).resources ?? {}) as ContainerResources;
}

/**
 * A running container's usage: deterministic in the container (its resources, name and image), the pod it
 * runs in (so that replicas differ a little) and the scrape window.
 */
export function containerUsage(podKey: string, container: ContainerSpec, now: Date, load = 1): Usage {
  const { requests = {}, limits = {} } = resourcesOf(container);
  // Replicas of one template use about the same share; each moves on its own from window to window.
  const share = unitHash(`${container.name}/${container.image}`);
  const cpuRequest = quantity(requests.cpu ?? limits.cpu);
  const memoryRequest = quantity(requests.memory ?? limits.memory);
  // Between a fifth and four fifths of the request; a few millicores and megabytes when nothing is asked.
  // A container that requests CPU carries its share of its workload's load (workload-load.ts).
  const milliCores = cpuRequest > 0 ? cpuRequest * 1000 * (0.2 + 0.6 * share) * load : 1 + 7 * share;
  let bytes = memoryRequest > 0 ? memoryRequest * (0.35 + 0.5 * share) : (6 + 40 * share) * MI;
  const memoryLimit = quantity(limits.memory);
  if (memoryLimit > 0) bytes = Math.min(bytes, memoryLimit * 0.95);
  const factor = variation(`${podKey}/${container.name}`, now);
  return {
    nanoCores: Math.round(milliCores * factor * 1e6),
    bytes: Math.round((bytes * factor) / 1024) * 1024,
  };
}

/** Whether any kubelet reports on the pod: scheduled and not finished. */
export function isMeasured(pod: KubeObject): boolean {
  const phase = podStatus(pod).phase;
  return Boolean(podSpec(pod).nodeName) && phase !== 'Succeeded' && phase !== 'Failed';
}

/** Usage of each regular container of a measured pod; a container that is not running uses nothing. */
export function podContainerUsage(pod: KubeObject, now: Date, load = 1): { name: string; usage: Usage }[] {
  const running = podStatus(pod).phase === 'Running';
  const podKey = `${pod.metadata.namespace}/${pod.metadata.name}`;
  return podSpec(pod).containers.map((container) => {
    const state = findContainerStatus(pod, container.name)?.state;
    const active = running && state?.running !== undefined;
    return {
      name: container.name,
      usage: active ? containerUsage(podKey, container, now, load) : { nanoCores: 0, bytes: 0 },
    };
  });
}

export function sumUsage(usages: Usage[]): Usage {
  return usages.reduce(
    (total, usage) => ({ nanoCores: total.nanoCores + usage.nanoCores, bytes: total.bytes + usage.bytes }),
    {
      nanoCores: 0,
      bytes: 0,
    },
  );
}

function isControlPlane(node: KubeObject): boolean {
  return node.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined;
}

/** A node's usage: its measured pods' containers (each with its share of its workload's load) plus what its system uses. */
export function nodeUsage(
  node: KubeObject,
  podsOnNode: KubeObject[],
  now: Date,
  loadOf: (pod: KubeObject) => number = () => 1,
): Usage {
  const base = isControlPlane(node) ? SYSTEM_BASE.controlPlane : SYSTEM_BASE.worker;
  const factor = variation(`node/${node.metadata.name}`, now);
  const system: Usage = {
    nanoCores: Math.round(base.milliCores * factor * 1e6),
    bytes: Math.round((base.bytes * factor) / 1024) * 1024,
  };
  const pods = podsOnNode
    .filter(isMeasured)
    .flatMap((pod) => podContainerUsage(pod, now, loadOf(pod)).map((entry) => entry.usage));
  return sumUsage([system, ...pods]);
}

/** Usage as metrics-server writes it: nanocores and kibibytes. */
export function usageQuantities(usage: Usage): { cpu: string; memory: string } {
  return { cpu: `${usage.nanoCores}n`, memory: `${Math.round(usage.bytes / 1024)}Ki` };
}

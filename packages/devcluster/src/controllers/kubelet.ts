// The kubelets' part: take each bound pod, start its containers after a short delay, run the pods that
// are not restarted to completion, and report the containers they stop.
import { performance } from 'node:perf_hooks';
import type { StoredEvent } from '../store/object-store.js';
import type { KubeObject } from '../types.js';
import type { Controller, ControllerContext } from './controller.js';
import { internalIP } from './node-fit.js';
import { controllerOf, keyOf, NODES, nameOf, namespaceOf, PODS, splitKey } from './objects.js';
import {
  containersOf,
  creatingStatus,
  ephemeralStartedStatus,
  runningStatus,
  succeededStatus,
  unstartedEphemeralContainers,
} from './pod-lifecycle.js';
import { isActive, nodeNameOf, podPhase, podStatus } from './pod-state.js';

type Stage = 'bound' | 'creating' | 'debugging' | 'finishing';

function isCreating(pod: KubeObject): boolean {
  const statuses = (podStatus(pod).containerStatuses ?? []) as {
    state?: { waiting?: { reason?: string } };
  }[];
  return statuses.some((status) => status.state?.waiting?.reason === 'ContainerCreating');
}

/**
 * A pod that is not restarted runs to completion: a Job's pods, and bare one-shot pods such as
 * Helm's test hooks. The simulator runs no commands, so each such run simply succeeds.
 */
function runsToCompletion(pod: KubeObject): boolean {
  const restartPolicy = (pod.spec as { restartPolicy?: string } | undefined)?.restartPolicy;
  if (controllerOf(pod)?.kind === 'Job') return restartPolicy !== 'Always';
  return restartPolicy === 'Never' || restartPolicy === 'OnFailure';
}

/** Where the pod is in its life, for the stages the kubelet moves it through; undefined when it is settled. */
function stageOf(pod: KubeObject): Stage | undefined {
  if (!nodeNameOf(pod) || pod.metadata.deletionTimestamp) return undefined;
  const phase = podPhase(pod);
  if (phase === undefined || (phase === 'Pending' && !podStatus(pod).containerStatuses)) return 'bound';
  if (phase === 'Pending' && isCreating(pod)) return 'creating';
  if (phase === 'Running' && unstartedEphemeralContainers(pod).length > 0) return 'debugging';
  if (phase === 'Running' && runsToCompletion(pod)) return 'finishing';
  return undefined;
}

export class Kubelet implements Controller {
  readonly name = 'kubelet';
  readonly watches = [PODS];
  // When each pod's current stage ends, on a monotonic clock: the simulated clock may stand still.
  private readonly dueAt = new Map<string, number>();
  private readonly stopped = new Map<string, KubeObject>();

  constructor(private readonly context: ControllerContext) {}

  keysFor(event: StoredEvent): string[] {
    const { object } = event;
    const key = keyOf(event.namespace, nameOf(object));
    if (event.type === 'DELETED') {
      this.dueAt.delete(object.metadata.uid ?? '');
      if (podPhase(object) !== 'Running') return [];
      this.stopped.set(key, object);
      return [key];
    }
    return stageOf(object) ? [key] : [];
  }

  sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const pod = this.context.cluster.store.get(PODS, namespace, name);
    const stopped = this.stopped.get(key);
    if (stopped && stopped.metadata.uid !== pod?.metadata.uid) {
      this.stopped.delete(key);
      this.reportStopped(stopped);
    }
    if (!pod) return;
    const stage = stageOf(pod);
    if (!stage) return;
    if (stage === 'bound') {
      this.accept(pod);
      return;
    }
    if (stage === 'debugging') {
      this.startEphemeral(pod);
      return;
    }
    const uid = pod.metadata.uid ?? '';
    const due = this.dueAt.get(uid);
    if (due === undefined) {
      this.wait(pod, key, stage === 'creating' ? this.context.podStartDelayMs : this.runDuration());
      return;
    }
    const remaining = due - performance.now();
    if (remaining > 0) {
      this.context.requeueAfter(this, key, remaining);
      return;
    }
    this.dueAt.delete(uid);
    if (stage === 'creating') this.start(pod, key);
    else this.finish(pod);
  }

  /** A Job's container runs a little longer than a pod takes to start. */
  private runDuration(): number {
    return this.context.podStartDelayMs * 2;
  }

  private wait(pod: KubeObject, key: string, ms: number): void {
    this.dueAt.set(pod.metadata.uid ?? '', performance.now() + ms);
    this.context.requeueAfter(this, key, ms);
  }

  private node(pod: KubeObject): KubeObject | undefined {
    return this.context.cluster.store.get(NODES, '', nodeNameOf(pod) ?? '');
  }

  private accept(pod: KubeObject): void {
    const node = this.node(pod);
    if (!node) return;
    const status = creatingStatus(pod, this.context.now(), internalIP(node));
    const updated = this.context.cluster.store.update(PODS, { ...pod, status });
    this.wait(updated, keyOf(namespaceOf(pod), nameOf(pod)), this.context.podStartDelayMs);
  }

  private start(pod: KubeObject, key: string): void {
    const node = this.node(pod);
    if (!node) return;
    const hostIP = internalIP(node);
    const hostNetwork = (pod.spec as { hostNetwork?: boolean } | undefined)?.hostNetwork === true;
    const podIP = hostNetwork ? hostIP : this.allocateIP(node);
    const status = runningStatus(pod, this.context.now(), { hostIP, podIP });
    this.context.cluster.store.update(PODS, { ...pod, status });
    this.recordStarts(pod, nameOf(node), containersOf(pod), 'containers');
    if (runsToCompletion(pod)) this.wait(pod, key, this.runDuration());
  }

  /** Ephemeral containers start in the running pod at once: their image is taken as present. */
  private startEphemeral(pod: KubeObject): void {
    const started = unstartedEphemeralContainers(pod);
    this.context.cluster.store.update(PODS, {
      ...pod,
      status: ephemeralStartedStatus(pod, this.context.now()),
    });
    this.recordStarts(pod, nodeNameOf(pod) ?? '', started, 'ephemeralContainers');
  }

  private finish(pod: KubeObject): void {
    this.context.cluster.store.update(PODS, { ...pod, status: succeededStatus(pod, this.context.now()) });
  }

  /** host-local IPAM: the lowest free address of the node's pod CIDR; .1 is the bridge. */
  private allocateIP(node: KubeObject): string {
    const cidr = (node.spec as { podCIDR?: string } | undefined)?.podCIDR ?? '10.244.0.0/24';
    const prefix = cidr.replace(/\.\d+\/\d+$/, '.');
    const used = new Set(
      this.context.cluster.store
        .list(PODS)
        .filter((other) => nodeNameOf(other) === nameOf(node) && isActive(other))
        .map((other) => podStatus(other).podIP),
    );
    for (let host = 2; host < 255; host++) if (!used.has(`${prefix}${host}`)) return `${prefix}${host}`;
    return `${prefix}254`;
  }

  private recordStarts(
    pod: KubeObject,
    nodeName: string,
    containers: { name: string; image?: string; imagePullPolicy?: string }[],
    field: 'containers' | 'ephemeralContainers',
  ): void {
    const source = { component: 'kubelet', host: nodeName };
    for (const container of containers) {
      const about = {
        about: pod,
        fieldPath: `spec.${field}{${container.name}}`,
        source,
        type: 'Normal' as const,
      };
      const image = container.image ?? '';
      if (container.imagePullPolicy === 'Always') {
        this.context.events.record({ ...about, reason: 'Pulling', message: `Pulling image "${image}"` });
        this.context.events.record({
          ...about,
          reason: 'Pulled',
          message: `Successfully pulled image "${image}" in 812ms (812ms including waiting). Image size: 3652201 bytes.`,
        });
      } else {
        this.context.events.record({
          ...about,
          reason: 'Pulled',
          message: `Container image "${image}" already present on machine`,
        });
      }
      this.context.events.record({
        ...about,
        reason: 'Created',
        message: `Created container: ${container.name}`,
      });
      this.context.events.record({
        ...about,
        reason: 'Started',
        message: `Started container ${container.name}`,
      });
    }
  }

  private reportStopped(pod: KubeObject): void {
    const source = { component: 'kubelet', host: nodeNameOf(pod) ?? '' };
    for (const container of containersOf(pod)) {
      this.context.events.record({
        about: pod,
        fieldPath: `spec.containers{${container.name}}`,
        source,
        type: 'Normal',
        reason: 'Killing',
        message: `Stopping container ${container.name}`,
      });
    }
  }
}

// The default scheduler's part: bind each new pod to a node that fits it, round-robin, or say why none does.
import { resourceKeyOf, type StoredEvent } from '../store/object-store.js';
import type { KubeObject } from '../types.js';
import { claimNames, claimProblem } from '../volumes/pod-claims.js';
import type { Controller, ControllerContext } from './controller.js';
import { insufficientResources, isSchedulable, selectsNode, untoleratedTaint } from './node-fit.js';
import { CLAIMS, keyOf, NODES, nameOf, namespaceOf, PODS, splitKey } from './objects.js';
import { scheduledCondition, scheduledStatus, unschedulableStatus } from './pod-lifecycle.js';
import { nodeNameOf, podPhase } from './pod-state.js';

const CLAIMS_KEY = resourceKeyOf(CLAIMS);

/** Why a node cannot take the pod, in the scheduler's words (several for lack of resources). */
function nodeFailures(pod: KubeObject, node: KubeObject, pods: KubeObject[]): string[] {
  if (!isSchedulable(node)) return ['node(s) were unschedulable'];
  if (!selectsNode(pod, node)) return ["node(s) didn't match Pod's node affinity/selector"];
  const taint = untoleratedTaint(pod, node);
  if (taint) return [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`];
  return insufficientResources(pod, node, pods).map((resource) => `Insufficient ${resource}`);
}

function tally(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([reason, count]) => `${count} ${reason}`)
    .join(', ');
}

/** The FailedScheduling message when no node could help: the pod's own problem, on every node. */
function podProblemMessage(problem: string, nodes: number): string {
  return (
    `0/${nodes} nodes are available: ${problem}. ` +
    `preemption: 0/${nodes} nodes are available: ${nodes} Preemption is not helpful for scheduling.`
  );
}

/** The FailedScheduling message: each node's reasons, then what preemption could do about them. */
function unschedulableMessage(failures: string[][]): string {
  const total = failures.length;
  const preemption = failures.map((reasons) =>
    reasons.every((reason) => reason.startsWith('Insufficient'))
      ? 'No preemption victims found for incoming pod'
      : 'Preemption is not helpful for scheduling',
  );
  return (
    `0/${total} nodes are available: ${tally(failures.flat())}. ` +
    `preemption: 0/${total} nodes are available: ${tally(preemption)}.`
  );
}

export class Scheduler implements Controller {
  readonly name = 'scheduler';
  // A claim made, bound or deleted may let a waiting pod on, as the scheduler's queue hints do.
  readonly watches = [PODS, CLAIMS];
  private nextNode = 0;

  constructor(private readonly context: ControllerContext) {}

  keysFor(event: StoredEvent): string[] {
    if (event.resourceKey === CLAIMS_KEY) {
      const claim = nameOf(event.object);
      return this.context.cluster.store
        .list(PODS, event.namespace)
        .filter((pod) => this.unplaced(pod) && claimNames(pod).includes(claim))
        .map((pod) => keyOf(event.namespace, nameOf(pod)));
    }
    return event.type !== 'DELETED' && this.waiting(event.object)
      ? [keyOf(event.namespace, nameOf(event.object))]
      : [];
  }

  sync(key: string): void {
    const { cluster, now, events } = this.context;
    const { namespace, name } = splitKey(key);
    const pod = cluster.store.get(PODS, namespace, name);
    if (!pod || !this.unplaced(pod)) return;
    const nodes = cluster.store.list(NODES).sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
    const at = now();
    const refuse = (message: string) => {
      cluster.store.update(PODS, { ...pod, status: unschedulableStatus(pod, at, message) });
      events.recordScheduling(pod, 'FailedScheduling', message);
    };
    // A claim the pod cannot have rules out every node at once.
    const volumeProblem = claimProblem(cluster.store, pod);
    if (volumeProblem) {
      refuse(podProblemMessage(volumeProblem, nodes.length));
      return;
    }
    const pods = cluster.store.list(PODS);
    const failures = nodes.map((node) => nodeFailures(pod, node, pods));
    const fitting = nodes.filter((_, index) => failures[index]?.length === 0);
    if (fitting.length === 0) {
      refuse(unschedulableMessage(failures));
      return;
    }
    const node = fitting[this.nextNode++ % fitting.length] as KubeObject;
    const bound = { ...pod, spec: { ...(pod.spec as object), nodeName: nameOf(node) } };
    cluster.store.update(PODS, { ...bound, status: scheduledStatus(pod, at) });
    events.recordScheduling(
      pod,
      'Scheduled',
      `Successfully assigned ${namespaceOf(pod)}/${name} to ${nameOf(node)}`,
    );
  }

  /**
   * A new pod: not bound and without the scheduler's verdict (the seed's unschedulable pods keep
   * theirs). Pods created through the API arrive Pending, those of the controllers without a phase.
   */
  private waiting(pod: KubeObject): boolean {
    return this.unplaced(pod) && !scheduledCondition(pod);
  }

  /** Any pod of this scheduler not bound yet, an unschedulable one included (tried again on a claim's change). */
  private unplaced(pod: KubeObject): boolean {
    const schedulerName = (pod.spec as { schedulerName?: string } | undefined)?.schedulerName;
    const phase = podPhase(pod);
    return (
      !nodeNameOf(pod) &&
      (phase === undefined || phase === 'Pending') &&
      !pod.metadata.deletionTimestamp &&
      (schedulerName ?? 'default-scheduler') === 'default-scheduler'
    );
  }
}

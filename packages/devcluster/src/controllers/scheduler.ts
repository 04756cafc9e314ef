// The default scheduler's part: bind each new pod to a node that fits it, round-robin, or say why none does.
import type { StoredEvent } from '../store/object-store.js';
import type { KubeObject } from '../types.js';
import type { Controller, ControllerContext } from './controller.js';
import { insufficientResources, isSchedulable, selectsNode, untoleratedTaint } from './node-fit.js';
import { keyOf, NODES, nameOf, namespaceOf, PODS, splitKey } from './objects.js';
import { scheduledCondition, scheduledStatus, unschedulableStatus } from './pod-lifecycle.js';
import { nodeNameOf, podPhase } from './pod-state.js';

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
  readonly watches = [PODS];
  private nextNode = 0;

  constructor(private readonly context: ControllerContext) {}

  keysFor(event: StoredEvent): string[] {
    return event.type !== 'DELETED' && this.waiting(event.object)
      ? [keyOf(event.namespace, nameOf(event.object))]
      : [];
  }

  sync(key: string): void {
    const { cluster, now, events } = this.context;
    const { namespace, name } = splitKey(key);
    const pod = cluster.store.get(PODS, namespace, name);
    if (!pod || !this.waiting(pod)) return;
    const nodes = cluster.store.list(NODES).sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
    const pods = cluster.store.list(PODS);
    const failures = nodes.map((node) => nodeFailures(pod, node, pods));
    const fitting = nodes.filter((_, index) => failures[index]?.length === 0);
    const at = now();
    if (fitting.length === 0) {
      const message = unschedulableMessage(failures);
      cluster.store.update(PODS, { ...pod, status: unschedulableStatus(pod, at, message) });
      events.recordScheduling(pod, 'FailedScheduling', message);
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
    const schedulerName = (pod.spec as { schedulerName?: string } | undefined)?.schedulerName;
    const phase = podPhase(pod);
    return (
      !nodeNameOf(pod) &&
      (phase === undefined || phase === 'Pending') &&
      !scheduledCondition(pod) &&
      !pod.metadata.deletionTimestamp &&
      (schedulerName ?? 'default-scheduler') === 'default-scheduler'
    );
  }
}

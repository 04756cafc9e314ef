// The DaemonSet controller: one pod on each node the template fits, pinned there, rolled node by node.
import type { StoredEvent } from '../store/object-store.js';
import type { KubeObject } from '../types.js';
import type { Controller, ControllerContext } from './controller.js';
import { currentRevision, pruneRevisions, templateOf } from './controller-revisions.js';
import { daemonPodSpec, type pinnedTo } from './daemon-pods.js';
import { selectsNode, untoleratedTaint } from './node-fit.js';
import {
  controllerOf,
  controllerReference,
  DAEMON_SETS,
  isControlledBy,
  keyOf,
  NODES,
  nameOf,
  nonZero,
  PODS,
  splitKey,
} from './objects.js';
import { createControlledPod, deleteControlledPod } from './pod-control.js';
import { podFromTemplate } from './pod-factory.js';
import { isActive, isAvailable, isReady, nodeNameOf } from './pod-state.js';
import { RefusedCreates } from './refused-creates.js';

const HASH_LABEL = 'controller-revision-hash';
const SOURCE = { component: 'daemonset-controller' };

/** The pod spec the daemon pods get: the template's, pinned to the node, with the daemon tolerations. */
function daemonSpec(set: KubeObject, nodeName: string): Record<string, unknown> {
  return daemonPodSpec(templateOf(set).spec ?? {}, nodeName);
}

/** The node a daemon pod is for: where it is bound, or where its affinity pins it. */
function targetNode(pod: KubeObject): string | undefined {
  const affinity = (pod.spec as { affinity?: ReturnType<typeof pinnedTo> } | undefined)?.affinity;
  const terms =
    affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  return nodeNameOf(pod) ?? terms[0]?.matchFields?.[0]?.values[0];
}

export class DaemonSetController implements Controller {
  readonly name = 'daemonset-controller';
  readonly watches = [DAEMON_SETS, PODS, NODES];

  private readonly refused: RefusedCreates;

  constructor(private readonly context: ControllerContext) {
    this.refused = new RefusedCreates(context, this);
  }

  keysFor(event: StoredEvent): string[] {
    const { object, namespace } = event;
    if (object.kind === 'DaemonSet') return [keyOf(namespace, nameOf(object))];
    // A node that comes, goes or changes may need a daemon pod.
    if (object.kind === 'Node') {
      return this.context.cluster.store
        .list(DAEMON_SETS)
        .map((set) => keyOf(set.metadata.namespace ?? '', nameOf(set)));
    }
    const owner = controllerOf(object);
    return owner?.kind === 'DaemonSet' ? [keyOf(namespace, owner.name)] : [];
  }

  sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const set = this.context.cluster.store.get(DAEMON_SETS, namespace, name);
    if (!set || set.metadata.deletionTimestamp) {
      this.refused.settle(key, undefined);
      return;
    }
    const revision = currentRevision(this.context, set, HASH_LABEL);
    const hash = revision.metadata.labels?.[HASH_LABEL] ?? '';
    const eligible = new Set(this.eligibleNodes(set));
    const pods = this.pods(set);
    const podsByNode = new Map<string, KubeObject[]>();
    for (const pod of pods) {
      const node = targetNode(pod) ?? '';
      podsByNode.set(node, [...(podsByNode.get(node) ?? []), pod]);
    }
    for (const [node, onNode] of podsByNode) {
      // Misscheduled pods go, and a node keeps only its oldest daemon pod.
      const extra = eligible.has(node) ? onNode.slice(1) : onNode;
      for (const pod of extra) this.deletePod(set, pod);
    }
    let refusal: string | undefined;
    for (const node of eligible) {
      if (!podsByNode.has(node) && !refusal)
        refusal = this.refused.attempt(() => this.createPod(set, node, hash));
    }
    this.refused.settle(key, refusal);
    this.rollOne(set, hash);
    this.updateStatus(set, eligible, hash);
    pruneRevisions(this.context, set, new Set([nameOf(revision)]));
  }

  private pods(set: KubeObject): KubeObject[] {
    return this.context.cluster.store
      .list(PODS, set.metadata.namespace)
      .filter((pod) => isControlledBy(pod, set) && isActive(pod))
      .sort(
        (a, b) =>
          Date.parse(a.metadata.creationTimestamp ?? '') - Date.parse(b.metadata.creationTimestamp ?? ''),
      );
  }

  /** Nodes whose labels the template selects and whose taints a daemon pod tolerates. */
  private eligibleNodes(set: KubeObject): string[] {
    return this.context.cluster.store
      .list(NODES)
      .filter((node) => {
        const spec = { ...(templateOf(set).spec as object | undefined), ...daemonSpec(set, nameOf(node)) };
        const probe: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec };
        return selectsNode(probe, node) && !untoleratedTaint(probe, node);
      })
      .map(nameOf);
  }

  private createPod(set: KubeObject, node: string, hash: string): void {
    const pod = podFromTemplate({
      namespace: set.metadata.namespace ?? '',
      generateName: `${nameOf(set)}-`,
      template: templateOf(set),
      owner: controllerReference(set),
      labels: { [HASH_LABEL]: hash, 'pod-template-generation': String(set.metadata.generation ?? 1) },
      spec: daemonSpec(set, node),
    });
    createControlledPod(this.context, set, pod, SOURCE);
  }

  private deletePod(set: KubeObject, pod: KubeObject): void {
    deleteControlledPod(this.context, set, pod, SOURCE);
  }

  /** RollingUpdate with maxUnavailable 1: an outdated pod is replaced only while all others are ready. */
  private rollOne(set: KubeObject, hash: string): void {
    const strategy = (set.spec as { updateStrategy?: { type?: string } } | undefined)?.updateStrategy;
    if ((strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return;
    const pods = this.pods(set);
    if (!pods.every(isReady)) return;
    const outdated = pods.find((pod) => pod.metadata.labels?.[HASH_LABEL] !== hash);
    if (outdated) this.deletePod(set, outdated);
  }

  private updateStatus(set: KubeObject, eligible: Set<string>, hash: string): void {
    const { cluster, now, writer } = this.context;
    const current = cluster.store.get(DAEMON_SETS, set.metadata.namespace ?? '', nameOf(set));
    if (!current) return;
    const pods = this.pods(current);
    const scheduled = pods.filter((pod) => eligible.has(targetNode(pod) ?? ''));
    const minReadySeconds = (current.spec as { minReadySeconds?: number } | undefined)?.minReadySeconds ?? 0;
    const available = scheduled.filter((pod) => isAvailable(pod, minReadySeconds, now())).length;
    const status = {
      currentNumberScheduled: new Set(scheduled.map(targetNode)).size,
      desiredNumberScheduled: eligible.size,
      numberMisscheduled: pods.length - scheduled.length,
      numberReady: scheduled.filter(isReady).length,
      observedGeneration: current.metadata.generation ?? 1,
      ...nonZero({
        numberAvailable: available,
        numberUnavailable: eligible.size - available,
        updatedNumberScheduled: scheduled.filter((pod) => pod.metadata.labels?.[HASH_LABEL] === hash).length,
      }),
    };
    writer.update(DAEMON_SETS, current, { ...current, status });
  }
}

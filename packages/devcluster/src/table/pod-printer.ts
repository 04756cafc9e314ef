// Pods as `kubectl get pods` shows them: the READY/STATUS/RESTARTS logic of printers.go's printPod.
import type { KubeObject } from '../types.js';
import {
  ageColumn,
  column,
  nameColumn,
  type TablePrinter,
  type TableRowCondition,
  wideColumn,
} from './columns.js';
import { ageSince, humanDuration, parseTimestamp } from './human-duration.js';

interface ContainerState {
  waiting?: { reason?: string };
  running?: object;
  terminated?: { reason?: string; exitCode?: number; signal?: number; finishedAt?: string };
}

interface ContainerStatus {
  name: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

interface Condition {
  type: string;
  status: string;
  reason?: string;
}

interface Pod extends KubeObject {
  spec?: {
    nodeName?: string;
    containers?: { name: string }[];
    initContainers?: { name: string; restartPolicy?: string }[];
    readinessGates?: { conditionType: string }[];
  };
  status?: {
    phase?: string;
    reason?: string;
    nominatedNodeName?: string;
    podIPs?: { ip: string }[];
    conditions?: Condition[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}

/** Restarts counted so far and when the latest counted restart happened. */
class RestartTally {
  count = 0;
  private lastMillis = Number.NEGATIVE_INFINITY;

  add(status: ContainerStatus): void {
    this.count += status.restartCount ?? 0;
    const finished = parseTimestamp(status.lastState?.terminated?.finishedAt);
    if (finished && finished.getTime() > this.lastMillis) this.lastMillis = finished.getTime();
  }

  /** `5` or, once a restart time is known, `5 (2m ago)`. */
  text(now: Date): string {
    if (this.count === 0 || this.lastMillis === Number.NEGATIVE_INFINITY) return String(this.count);
    return `${this.count} (${humanDuration(now.getTime() - this.lastMillis)} ago)`;
  }
}

const NODE_UNREACHABLE_REASON = 'NodeLost';

function hasTrueCondition(pod: Pod, type: string): boolean {
  return (
    pod.status?.conditions?.some((condition) => condition.type === type && condition.status === 'True') ??
    false
  );
}

// Go's printPod reads the Initialized condition as "the first one of that type decides".
function isInitialized(pod: Pod): boolean {
  return pod.status?.conditions?.find((condition) => condition.type === 'Initialized')?.status === 'True';
}

function terminationReason(terminated: NonNullable<ContainerState['terminated']>): string {
  if (terminated.reason) return terminated.reason;
  return terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
}

function podRow(pod: Pod, now: Date): { ready: string; status: string; restarts: string } {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const restartableInit = new Set(
    (spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name),
  );
  const totalContainers = (spec.containers ?? []).length + restartableInit.size;
  let readyContainers = 0;
  let reason = status.reason || status.phase || '';
  if (status.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) {
    reason = 'SchedulingGated';
  }

  let restarts = new RestartTally();
  const sidecarRestarts = new RestartTally();
  let initializing = false;
  for (const [index, container] of (status.initContainerStatuses ?? []).entries()) {
    restarts.add(container);
    const isSidecar = restartableInit.has(container.name);
    if (isSidecar) sidecarRestarts.add(container);
    const terminated = container.state?.terminated;
    const waitingReason = container.state?.waiting?.reason;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (isSidecar && container.started) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (terminated) reason = `Init:${terminationReason(terminated)}`;
    else if (waitingReason && waitingReason !== 'PodInitializing') reason = `Init:${waitingReason}`;
    else reason = `Init:${index}/${(spec.initContainers ?? []).length}`;
    initializing = true;
    break;
  }

  if (!initializing || isInitialized(pod)) {
    // Once initialized, only sidecars' restarts still count among the init containers.
    restarts = sidecarRestarts;
    let hasRunning = false;
    for (const container of [...(status.containerStatuses ?? [])].reverse()) {
      restarts.add(container);
      const state = container.state ?? {};
      if (state.waiting?.reason) reason = state.waiting.reason;
      else if (state.terminated) reason = terminationReason(state.terminated);
      else if (container.ready && state.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning)
      reason = hasTrueCondition(pod, 'Ready') ? 'Running' : 'NotReady';
  }

  if (pod.metadata.deletionTimestamp) {
    if (status.reason === NODE_UNREACHABLE_REASON) reason = 'Unknown';
    else if (status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';
  }

  return { ready: `${readyContainers}/${totalContainers}`, status: reason, restarts: restarts.text(now) };
}

function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const passed = gates.filter(
    (gate) => conditions.find((condition) => condition.type === gate.conditionType)?.status === 'True',
  ).length;
  return `${passed}/${gates.length}`;
}

const completedConditions: Record<string, TableRowCondition[]> = {
  Succeeded: [
    {
      type: 'Completed',
      status: 'True',
      reason: 'Succeeded',
      message: 'The pod has completed successfully.',
    },
  ],
  Failed: [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }],
};

export const podPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    ageColumn,
    wideColumn('IP', 'string', 'podIP address allocated to the pod. Routable at least within the cluster.'),
    wideColumn('Node', 'string', 'NodeName indicates in which node this pod is scheduled.'),
    wideColumn(
      'Nominated Node',
      'string',
      'nominatedNodeName is set only when this pod preempts other pods on the node.',
    ),
    wideColumn(
      'Readiness Gates',
      'string',
      'If specified, all readiness gates will be evaluated for pod readiness.',
    ),
  ],
  cells(object, now) {
    const pod = object as Pod;
    const { ready, status, restarts } = podRow(pod, now);
    return [
      pod.metadata.name ?? '',
      ready,
      status,
      restarts,
      ageSince(pod.metadata.creationTimestamp, now),
      pod.status?.podIPs?.[0]?.ip || '<none>',
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      readinessGates(pod),
    ];
  },
  conditions(object) {
    return completedConditions[(object as Pod).status?.phase ?? ''];
  },
};

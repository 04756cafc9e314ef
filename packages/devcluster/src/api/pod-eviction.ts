import type { SimulatedCluster } from '../cluster.js';
import { type LabelSelectorSpec, PODS, selects } from '../controllers/objects.js';
import type { KubeObject } from '../types.js';
import { type DeleteOptionsBody, deleteObject, getObject, type ResourceTarget } from './resource-handlers.js';
import { ApiError, internalError, type Status } from './status.js';
import type { WriteRequest } from './write-options.js';

// POST pods/<name>/eviction (policy/v1 Eviction): deletes the pod unless a PodDisruptionBudget
// selecting it has no disruption left, which is a 429 as on a real API server. The budget is
// worked out from the pods as they are now (the simulator runs no disruption controller).

const BUDGETS = { group: 'policy', resource: 'poddisruptionbudgets' };

interface Budget extends KubeObject {
  spec?: { selector?: LabelSelectorSpec; minAvailable?: number | string; maxUnavailable?: number | string };
}

function isHealthy(pod: KubeObject): boolean {
  const status = pod.status as
    | { phase?: string; conditions?: { type?: string; status?: string }[] }
    | undefined;
  return (
    status?.phase === 'Running' &&
    (status.conditions ?? []).some((condition) => condition.type === 'Ready' && condition.status === 'True')
  );
}

/** An int-or-percent of `total`, rounded up as the disruption controller rounds. */
function countOf(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  const percent = Number.parseInt(value.replace('%', ''), 10);
  return Math.ceil((percent * total) / 100);
}

/** How many healthy pods the budget needs, and how many it has. */
function budgetNeeds(budget: Budget, pods: KubeObject[]): { desired: number; healthy: number } {
  const expected = pods.length;
  const healthy = pods.filter(isHealthy).length;
  const { minAvailable, maxUnavailable } = budget.spec ?? {};
  if (minAvailable !== undefined) return { desired: countOf(minAvailable, expected), healthy };
  if (maxUnavailable !== undefined) return { desired: expected - countOf(maxUnavailable, expected), healthy };
  return { desired: 0, healthy };
}

function budgetViolation(budget: Budget, needs: { desired: number; healthy: number }): ApiError {
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: "Cannot evict pod as it would violate the pod's disruption budget.",
    reason: 'TooManyRequests',
    details: {
      causes: [
        {
          reason: 'DisruptionBudget',
          message:
            `The disruption budget ${budget.metadata.name} needs ${needs.desired} healthy pods and has ` +
            `${needs.healthy} currently`,
        },
      ],
    },
    code: 429,
  };
  return new ApiError(status);
}

/** `eviction` is the Eviction body: its deleteOptions (dryRun, preconditions, grace) go to the delete. */
export function evictPod(
  cluster: SimulatedCluster,
  target: ResourceTarget,
  eviction: { deleteOptions?: DeleteOptionsBody },
  request: WriteRequest,
): Status {
  const namespace = target.namespace ?? '';
  const pod = getObject(cluster, { ...target, subresource: '' });
  const labels = pod.metadata.labels;
  const budgets = (cluster.store.list(BUDGETS, namespace) as Budget[]).filter((budget) =>
    selects(budget.spec?.selector, labels),
  );
  if (budgets.length > 1) {
    throw internalError(
      'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    );
  }
  const [budget] = budgets;
  // An unhealthy pod leaves the budget's count as it is: evicting it is always allowed.
  if (budget && isHealthy(pod)) {
    const covered = cluster.store
      .list(PODS, namespace)
      .filter((candidate) => selects(budget.spec?.selector, candidate.metadata.labels));
    const needs = budgetNeeds(budget, covered);
    if (needs.healthy - 1 < needs.desired) throw budgetViolation(budget, needs);
  }
  deleteObject(cluster, { ...target, subresource: '' }, eviction.deleteOptions ?? {}, request);
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}

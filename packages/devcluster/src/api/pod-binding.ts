// pods/binding, what a scheduler posts to place a pod: sets the pod's node once, as kube-scheduler's
// bind does. The simulator's own scheduler places pods itself; this serves custom schedulers
// (pods with another spec.schedulerName) and clients that bind by hand.
import type { SimulatedCluster } from '../cluster.js';
import { PODS } from '../controllers/objects.js';
import { scheduledStatus } from '../controllers/pod-lifecycle.js';
import { getObject, type ResourceTarget } from './resource-handlers.js';
import { conflict, invalid, type Status } from './status.js';
import { isDryRun, type WriteRequest } from './write-options.js';

export function bindPod(
  cluster: SimulatedCluster,
  target: ResourceTarget,
  binding: { target?: { kind?: string; name?: string } },
  request: WriteRequest,
): Status {
  const pod = getObject(cluster, { ...target, subresource: '' });
  const name = pod.metadata.name ?? '';
  const node = binding.target?.name;
  if (!node || (binding.target?.kind ?? 'Node') !== 'Node') {
    throw invalid('Binding', '', name, [
      { reason: 'FieldValueRequired', field: 'target.name', message: 'Required value: a node name' },
    ]);
  }
  const spec = (pod.spec ?? {}) as { nodeName?: string };
  if (spec.nodeName) {
    throw conflict(
      { group: '', resource: 'pods/binding' },
      name,
      `pod ${name} is already assigned to node "${spec.nodeName}"`,
    );
  }
  if (!isDryRun(request.query, 'CreateOptions')) {
    cluster.store.update(PODS, {
      ...pod,
      spec: { ...(pod.spec as object), nodeName: node },
      status: { ...(pod.status ?? {}), ...scheduledStatus(pod, request.now) },
    });
  }
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}

// Many plain running pods in namespace `load`, for load tests of lists, watches and tables.
import type { KubeObject } from '../types.js';
import { namespace, serviceAccount } from './core-objects.js';
import { type ClusterNode, WORKERS } from './nodes.js';
import { pod, podTemplate } from './pods.js';
import { before } from './timestamps.js';
import { unshared } from './unshared.js';

const NAMESPACE = 'load';

/**
 * Load pods get addresses from 10.248.0.0/13 rather than their node's /24, which holds far fewer
 * pods than a load test wants; the addresses need only be unique.
 */
function loadPodIP(index: number): string {
  const address = ((10 << 24) | (248 << 16)) + index + 1;
  return [24, 16, 8, 0].map((shift) => (address >>> shift) & 255).join('.');
}

/** The `load` namespace, its default service account, and `count` running pods load-00001, load-00002, ... alternating between the workers. */
export function extraPods(count: number, now: Date): KubeObject[] {
  const created = before(now, { hours: 1 });
  const template = podTemplate(
    { app: 'load' },
    { containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10' }] },
  );
  const pods = Array.from({ length: count }, (_, index) => {
    const node = WORKERS[index % WORKERS.length] as ClusterNode;
    return pod({
      name: `load-${String(index + 1).padStart(5, '0')}`,
      namespace: NAMESPACE,
      created,
      template,
      state: { kind: 'running', on: { node, podIP: loadPodIP(index) } },
    });
  });
  return unshared([namespace(NAMESPACE, created), serviceAccount(NAMESPACE, 'default', created), ...pods]);
}

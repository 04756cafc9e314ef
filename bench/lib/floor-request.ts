import { createClusterAccess } from '../../src/k8s/cluster-access.js';
import { TABLE_ACCEPT } from '../../src/tools/reading/list-tool.js';
import type { BenchCluster } from './cluster.js';

/** The floor: the request kubernetes_list makes, sent from the benchmark process with our REST client. */
export interface FloorRequest {
  call(): Promise<unknown>;
  close(): Promise<void>;
}

/** One namespace's pods as a Table without the rows' objects, unthrottled, as the tool asks for them. */
export function floorRequest(bench: BenchCluster, pods: number): FloorRequest {
  const access = createClusterAccess({
    kubeconfigYaml: bench.cluster.kubeconfig,
    qps: 10_000,
    burst: 100_000,
    requestTimeoutMs: 30_000,
  });
  const client = access.client();
  const query = { limit: pods, includeObject: 'None' };
  return {
    call: () => client.request({ path: '/api/v1/namespaces/load/pods', query, accept: TABLE_ACCEPT }),
    close: () => access.close(),
  };
}

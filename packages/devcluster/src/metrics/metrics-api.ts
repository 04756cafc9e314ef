// metrics.k8s.io/v1beta1 as metrics-server serves it: NodeMetrics and PodMetrics computed on each read from
// the simulated workloads, never stored. Names and labels are the node's and pod's, so selectors apply.
import { PODS } from '../api/group-resources.js';
import { matchesFilter, parseListFilter } from '../api/list-query.js';
import { notFound } from '../api/status.js';
import type { SimulatedCluster } from '../cluster.js';
import { apiTime } from '../seed/timestamps.js';
import type { KubeObject, ResourceType } from '../types.js';
import { METRICS_API_VERSION, METRICS_GROUP, POD_METRICS } from './metrics-resources.js';
import {
  isMeasured,
  nodeUsage,
  podContainerUsage,
  SCRAPE_WINDOW_SECONDS,
  scrapeTime,
  usageQuantities,
} from './usage.js';
import { loadShares } from './workload-load.js';

const CORE_NODES = { group: '', resource: 'nodes' };

function metricsMeta(source: KubeObject, now: Date): KubeObject['metadata'] {
  return {
    name: source.metadata.name,
    ...(source.metadata.namespace ? { namespace: source.metadata.namespace } : {}),
    creationTimestamp: apiTime(now),
    ...(source.metadata.labels ? { labels: { ...source.metadata.labels } } : {}),
  };
}

const window = `${SCRAPE_WINDOW_SECONDS}s`;

export function podMetrics(pod: KubeObject, now: Date, load = 1): KubeObject {
  return {
    kind: 'PodMetrics',
    apiVersion: METRICS_API_VERSION,
    metadata: metricsMeta(pod, now),
    timestamp: apiTime(scrapeTime(now)),
    window,
    containers: podContainerUsage(pod, now, load).map(({ name, usage }) => ({
      name,
      usage: usageQuantities(usage),
    })),
  };
}

export function nodeMetrics(
  node: KubeObject,
  podsOnNode: KubeObject[],
  now: Date,
  loadOf?: (pod: KubeObject) => number,
): KubeObject {
  return {
    kind: 'NodeMetrics',
    apiVersion: METRICS_API_VERSION,
    metadata: metricsMeta(node, now),
    timestamp: apiTime(scrapeTime(now)),
    window,
    usage: usageQuantities(nodeUsage(node, podsOnNode, now, loadOf)),
  };
}

function isReadyNode(node: KubeObject): boolean {
  const conditions = (node.status as { conditions?: { type: string; status: string }[] } | undefined)
    ?.conditions;
  return conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;
}

/** Each measured pod's share of its workload's load, over the pods of `namespace` (all when empty). */
function loadIn(cluster: SimulatedCluster, namespace: string): (pod: KubeObject) => number {
  return loadShares(cluster.store.list(PODS, namespace || undefined).filter(isMeasured));
}

function allPodMetrics(cluster: SimulatedCluster, namespace: string, now: Date): KubeObject[] {
  const loadOf = loadIn(cluster, namespace);
  return cluster.store
    .list(PODS, namespace || undefined)
    .filter(isMeasured)
    .map((pod) => podMetrics(pod, now, loadOf(pod)));
}

function podsOnNode(cluster: SimulatedCluster, nodeName: string): KubeObject[] {
  return cluster.store.list(PODS).filter((pod) => (pod.spec as { nodeName?: string }).nodeName === nodeName);
}

function allNodeMetrics(cluster: SimulatedCluster, now: Date): KubeObject[] {
  const loadOf = loadIn(cluster, '');
  return cluster.store
    .list(CORE_NODES)
    .filter(isReadyNode)
    .map((node) => nodeMetrics(node, podsOnNode(cluster, node.metadata.name ?? ''), now, loadOf));
}

function metricsOf(
  resource: ResourceType,
  cluster: SimulatedCluster,
  namespace: string,
  now: Date,
): KubeObject[] {
  return resource === POD_METRICS ? allPodMetrics(cluster, namespace, now) : allNodeMetrics(cluster, now);
}

/** A PodMetricsList or NodeMetricsList, filtered by label and field selectors. */
export function listMetrics(
  cluster: SimulatedCluster,
  resource: ResourceType,
  namespace: string,
  query: URLSearchParams,
  now: Date,
): { list: KubeObject; items: KubeObject[] } {
  const filter = parseListFilter(query, resource, true);
  const items = metricsOf(resource, cluster, namespace, now).filter((item) => matchesFilter(filter, item));
  return { list: { kind: resource.listKind, apiVersion: METRICS_API_VERSION, metadata: {}, items }, items };
}

/** One object's metrics; metrics-server names a missing pod's `namespace/name`. */
export function getMetrics(
  cluster: SimulatedCluster,
  resource: ResourceType,
  namespace: string,
  name: string,
  now: Date,
): KubeObject {
  if (resource === POD_METRICS) {
    const pod = cluster.store.get(PODS, namespace, name);
    if (pod && isMeasured(pod)) return podMetrics(pod, now, loadIn(cluster, namespace)(pod));
    throw notFound({ group: METRICS_GROUP, resource: 'podmetrics' }, `${namespace}/${name}`);
  }
  const node = cluster.store.get(CORE_NODES, '', name);
  if (node && isReadyNode(node))
    return nodeMetrics(node, podsOnNode(cluster, name), now, loadIn(cluster, ''));
  throw notFound({ group: METRICS_GROUP, resource: 'nodemetrics' }, name);
}

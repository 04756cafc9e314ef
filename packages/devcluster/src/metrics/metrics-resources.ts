// The two resources of metrics.k8s.io/v1beta1, as metrics-server registers them: read-only, no watch.
import type { ResourceType } from '../types.js';

export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_VERSION = 'v1beta1';
export const METRICS_API_VERSION = `${METRICS_GROUP}/${METRICS_VERSION}`;

function metricsResource(kind: string, plural: string, singular: string, namespaced: boolean): ResourceType {
  return {
    group: METRICS_GROUP,
    version: METRICS_VERSION,
    kind,
    listKind: `${kind}List`,
    plural,
    singular,
    namespaced,
    shortNames: [],
    categories: [],
    verbs: ['get', 'list'],
    subresources: [],
  };
}

export const NODE_METRICS = metricsResource('NodeMetrics', 'nodes', 'node', false);
export const POD_METRICS = metricsResource('PodMetrics', 'pods', 'pod', true);
/** The resources the aggregated metrics API adds to discovery. */
export const METRICS_RESOURCES: readonly ResourceType[] = [NODE_METRICS, POD_METRICS];

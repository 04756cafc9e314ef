// metrics.k8s.io requests: answered from the simulated workloads by the metrics module, as JSON (or a Table),
// the way metrics-server answers the aggregator. Only get and list exist, as on metrics-server.
import type { ServerResponse } from 'node:http';
import { methodNotSupported, pathNotFound } from '../api/status.js';
import { groupResource } from '../cluster.js';
import { getMetrics, listMetrics } from '../metrics/metrics-api.js';
import { METRICS_GROUP } from '../metrics/metrics-resources.js';
import type { ApiServerContext } from './api-server-context.js';
import { respondWithObjects } from './object-response.js';
import type { ResourceRequestInfo } from './request-info.js';
import { resolveResource } from './resource-serving.js';
import type { ResponseFormat } from './response-format.js';

export function isMetricsRequest(info: ResourceRequestInfo): boolean {
  return info.group === METRICS_GROUP;
}

export function serveMetrics(
  context: ApiServerContext,
  response: ServerResponse,
  info: ResourceRequestInfo,
  query: URLSearchParams,
  format: ResponseFormat,
): void {
  const resource = resolveResource(context, info);
  // The metrics types have no protobuf schema here: JSON whatever else the client also accepts (kubectl
  // asks `application/vnd.kubernetes.protobuf, */*`), as metrics-server answers a JSON-accepting client.
  const answerFormat: ResponseFormat = format === 'yaml' || format === 'table' ? format : 'json';
  if (resource.namespaced ? info.verb === 'get' && !info.namespace : info.namespace) throw pathNotFound();
  const now = context.now();
  if (info.verb === 'get' && !info.subresource) {
    const object = getMetrics(context.cluster, resource, info.namespace, info.name, now);
    respondWithObjects(context, response, answerFormat, resource, 200, object, undefined, query);
    return;
  }
  if (info.verb === 'list') {
    const { list, items } = listMetrics(context.cluster, resource, info.namespace, query, now);
    respondWithObjects(context, response, answerFormat, resource, 200, list, items, query);
    return;
  }
  throw methodNotSupported(groupResource(resource), info.verb);
}

// Paths that are not resources: health probes, OpenAPI, /version and API discovery.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  AGGREGATED_DISCOVERY_TYPE,
  aggregatedDiscovery,
  wantsAggregatedDiscovery,
} from '../api/aggregated-discovery.js';
import {
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  KUBERNETES_VERSION,
} from '../api/discovery.js';
import { pathNotFound } from '../api/status.js';
import { handleOpenApiRequest } from '../openapi/index.js';
import type { ApiServerContext } from './api-server-context.js';
import { sendJson } from './json-response.js';

const HEALTH_PATHS = new Set(['/healthz', '/livez', '/readyz']);

export function isHealthPath(path: string): boolean {
  return HEALTH_PATHS.has(`/${path.split('/')[1] ?? ''}`);
}

export function healthAnswer(response: ServerResponse, path: string, query: URLSearchParams): void {
  const check = path.split('/')[1] ?? 'healthz';
  if (query.has('verbose')) {
    const body = `[+]ping ok\n[+]etcd ok\n[+]poststarthook/rbac/bootstrap-roles ok\n${check} check passed\n`;
    response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end(body);
    return;
  }
  response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end('ok');
}

export function serveNonResource(
  context: ApiServerContext,
  request: IncomingMessage,
  path: string,
  query: URLSearchParams,
  response: ServerResponse,
): void {
  const { cluster } = context;
  const openApi = handleOpenApiRequest(path, query, request.headers, cluster.crds());
  if (openApi) {
    response.writeHead(openApi.status, openApi.headers);
    response.end(openApi.body);
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') throw pathNotFound();
  const parts = path.split('/').filter(Boolean);
  if (
    parts.length === 1 &&
    ['api', 'apis'].includes(parts[0] ?? '') &&
    wantsAggregatedDiscovery(request.headers.accept)
  ) {
    const payload = JSON.stringify(aggregatedDiscovery(cluster.registry, parts[0] === 'api'));
    response.writeHead(200, {
      'Content-Type': AGGREGATED_DISCOVERY_TYPE,
      'Cache-Control': 'no-cache, private',
      Vary: 'Accept',
      'Content-Length': Buffer.byteLength(payload),
    });
    response.end(payload);
    return;
  }
  let body: object | undefined;
  if (path === '/version' || path === '/version/') body = KUBERNETES_VERSION;
  else if (path === '/api' || path === '/api/') body = apiVersions(context.serverAddress());
  else if (path === '/apis' || path === '/apis/') body = apiGroupList(cluster.registry);
  else if (parts[0] === 'api' && parts.length === 2)
    body = apiResourceList(cluster.registry, '', parts[1] ?? '');
  else if (parts[0] === 'apis' && parts.length === 2) body = apiGroup(cluster.registry, parts[1] ?? '');
  else if (parts[0] === 'apis' && parts.length === 3)
    body = apiResourceList(cluster.registry, parts[1] ?? '', parts[2] ?? '');
  if (!body) throw pathNotFound();
  sendJson(response, 200, body);
}

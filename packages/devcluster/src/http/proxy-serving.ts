// pods/proxy and services/proxy: the request (already authenticated and authorized, with the proxy
// subresource and the HTTP method's verb) is passed to the simulated container the target resolves to,
// and its answer comes back as it is, whatever the client's Accept header.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pathNotFound, serviceUnavailable } from '../api/status.js';
import { answerContainerHttp, type ContainerHttpRequest } from '../pods/container-http.js';
import { podProxyTarget, serviceProxyTarget } from '../proxy/proxy-target.js';
import type { ApiServerContext } from './api-server-context.js';
import { readBody } from './request-body.js';
import type { RequestInfo } from './request-info.js';
import { resolveResource } from './resource-serving.js';

// kube-apiserver drops the credentials it consumed before proxying: the container never sees them.
const CONSUMED_HEADERS =
  /^(authorization|impersonate-.*|host|connection|keep-alive|transfer-encoding|upgrade)$/i;

export function isProxyRequest(info: RequestInfo): boolean {
  return (
    info.kind === 'resource' &&
    info.group === '' &&
    info.subresource === 'proxy' &&
    ['pods', 'services', 'nodes'].includes(info.resource) &&
    info.name !== ''
  );
}

function forwardedHeaders(request: IncomingMessage): ContainerHttpRequest['headers'] {
  return Object.fromEntries(Object.entries(request.headers).filter(([name]) => !CONSUMED_HEADERS.test(name)));
}

function unreachable(detail: string) {
  return serviceUnavailable(`error trying to reach service: ${detail}`);
}

export async function serveProxy(
  context: ApiServerContext,
  request: IncomingMessage,
  response: ServerResponse,
  info: RequestInfo,
  url: URL,
): Promise<void> {
  if (info.kind !== 'resource') throw pathNotFound();
  resolveResource(context, info);
  if (info.resource === 'nodes')
    throw unreachable('nodes/proxy is not simulated: the simulated kubelets serve no HTTP');
  if (!info.namespace) throw pathNotFound();
  const marker = `/${info.resource}/${info.name}/proxy`;
  const rest = url.pathname.slice(url.pathname.indexOf(marker) + marker.length);
  // The root of the proxied server is `proxy/`: without the slash, relative links would break.
  if (rest === '') {
    response.writeHead(301, { Location: `${url.pathname}/${url.search}`, 'Content-Length': '0' });
    response.end();
    return;
  }
  const { cluster } = context;
  const target =
    info.resource === 'pods'
      ? podProxyTarget(cluster, info.namespace, info.name)
      : serviceProxyTarget(cluster, info.namespace, info.name);
  const dialed = `dial tcp ${target.host}:${target.port}`;
  if (typeof target.port === 'string') throw unreachable(`${dialed}: unknown port`);
  const outcome = answerContainerHttp(
    target.pod,
    target.port,
    {
      method: request.method ?? 'GET',
      path: `${rest}${url.search}`,
      headers: forwardedHeaders(request),
      body: await readBody(request),
    },
    context.now(),
  );
  if (outcome.kind === 'refused') throw unreachable(`${dialed}: connect: connection refused`);
  if (outcome.kind === 'closed') throw unreachable('EOF');
  // The simulated containers speak plain HTTP only, so a TLS client gets a plain answer to its hello.
  if (target.scheme === 'https') throw unreachable('tls: first record does not look like a TLS handshake');
  response.writeHead(outcome.response.status, outcome.response.headers);
  response.end(outcome.response.body);
}

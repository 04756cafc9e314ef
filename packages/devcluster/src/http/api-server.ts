// The simulated kube-apiserver's entry points. A request is authenticated, authorized and then handed to the
// module for its kind: non-resource paths, pod streams, or resources.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, internalError, notAcceptable } from '../api/status.js';
import type { ApiServerContext } from './api-server-context.js';
import { sendError } from './json-response.js';
import { isMetricsRequest, serveMetrics } from './metrics-serving.js';
import { healthAnswer, isHealthPath, serveNonResource } from './non-resource.js';
import { servePodStream } from './pod-streams.js';
import { isProxyRequest, serveProxy } from './proxy-serving.js';
import { attributesOf, authenticated, authorizeOrThrow } from './request-auth.js';
import { requestInfo } from './request-info.js';
import { serveResource, servesProtobuf } from './resource-serving.js';
import { offeredMediaTypes, responseFormat } from './response-format.js';

export type { ApiServerContext } from './api-server-context.js';
export { createUpgradeHandler } from './pod-streams.js';

/** The request handler of the simulated kube-apiserver. */
export function createApiHandler(context: ApiServerContext) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://simulator.invalid');
    const path = url.pathname;
    const query = url.searchParams;
    try {
      // Probes answer without credentials, as kube-apiserver's anonymous-auth conditions allow.
      if (isHealthPath(path)) {
        healthAnswer(response, path, query);
        return;
      }
      const user = await authenticated(context, request);
      const info = requestInfo(request.method ?? 'GET', path, query);
      authorizeOrThrow(context, attributesOf(info, user));
      if (info.kind === 'nonresource') {
        serveNonResource(context, request, path, query, response);
        return;
      }
      if (servePodStream(context, response, info, query)) return;
      if (isProxyRequest(info)) return await serveProxy(context, request, response, info, url);
      const protobuf = !isMetricsRequest(info) && servesProtobuf(context, info);
      const format = responseFormat(request.headers.accept, { protobuf });
      if (!format) throw notAcceptable(offeredMediaTypes(protobuf));
      if (isMetricsRequest(info)) serveMetrics(context, response, info, query, format);
      else await serveResource(context, request, response, info, user, query, format);
    } catch (error) {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      sendError(
        response,
        error instanceof ApiError ? error : internalError('the simulator failed to handle the request'),
      );
    }
  };
}

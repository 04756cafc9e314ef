// pods/log, pods/exec and pods/portforward: answered with their own streams and media types, not with objects.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { getObject } from '../api/resource-handlers.js';
import { ApiError, badRequest, internalError, pathNotFound } from '../api/status.js';
import { createNotAllowed, execVerbs } from '../pods/exec-authorization.js';
import { handleExecUpgrade, rejectUpgrade, servePlainExec } from '../pods/pod-exec.js';
import { servePodLog } from '../pods/pod-logs.js';
import { handlePortForwardUpgrade, servePlainPortForward } from '../portforward/portforward-upgrade.js';
import type { KubeObject } from '../types.js';
import type { ApiServerContext } from './api-server-context.js';
import { attributesOf, authenticated, authorizeOrThrow } from './request-auth.js';
import { type ResourceRequestInfo, requestInfo } from './request-info.js';
import { ATTACH_NOT_SIMULATED, resolveResource } from './resource-serving.js';

function podOf(context: ApiServerContext, info: ResourceRequestInfo): KubeObject {
  const resource = resolveResource(context, info);
  return getObject(context.cluster, {
    resource,
    namespace: info.namespace,
    name: info.name,
    subresource: '',
  });
}

/** pods/log and pods/exec answer with their own streams and media types, not with objects. */
export function servePodStream(
  context: ApiServerContext,
  response: ServerResponse,
  info: ResourceRequestInfo,
  query: URLSearchParams,
): boolean {
  if (info.group !== '' || info.resource !== 'pods' || !info.name) return false;
  if (info.subresource === 'log' && info.verb === 'get') {
    servePodLog(context.cluster, podOf(context, info), query, response, context.now);
    return true;
  }
  if (info.subresource === 'exec') {
    servePlainExec(podOf(context, info), query, response);
    return true;
  }
  if (info.subresource === 'portforward') {
    servePlainPortForward(podOf(context, info), response);
    return true;
  }
  return false;
}

const UPGRADABLE_SUBRESOURCES = new Set(['attach', 'exec', 'portforward']);

/**
 * Upgrades (pods/exec, pods/portforward; pods/attach is refused once authorized): the same authentication, impersonation and RBAC as
 * every request; since Kubernetes 1.35 an upgrading GET also needs `create` on the subresource.
 */
export function createUpgradeHandler(context: ApiServerContext) {
  return async (request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    // A client that drops the connection mid-handshake must not take the server down.
    socket.on('error', () => socket.destroy());
    try {
      const url = new URL(request.url ?? '/', 'http://simulator.invalid');
      const user = await authenticated(context, request);
      const info = requestInfo(request.method ?? 'GET', url.pathname, url.searchParams);
      const upgradable = info.kind === 'resource' && UPGRADABLE_SUBRESOURCES.has(info.subresource);
      if (info.kind !== 'resource' || info.resource !== 'pods' || !upgradable || !info.name) {
        throw pathNotFound();
      }
      const [verb = 'get', ...extraVerbs] = execVerbs(request.method ?? 'GET');
      authorizeOrThrow(context, attributesOf({ ...info, verb }, user));
      for (const extra of extraVerbs) {
        const decision = context.authorizer.authorize(attributesOf({ ...info, verb: extra }, user));
        if (!decision.allowed) throw createNotAllowed(info.name, decision.reason);
      }
      const pod = podOf(context, info);
      if (info.subresource === 'attach') throw badRequest(ATTACH_NOT_SIMULATED);
      if (info.subresource === 'portforward') {
        handlePortForwardUpgrade(pod, url.searchParams, request, socket, head, context.now);
      } else handleExecUpgrade(context.cluster, pod, url.searchParams, request, socket, head);
    } catch (error) {
      rejectUpgrade(
        socket,
        error instanceof ApiError ? error : internalError('the simulator failed to upgrade the request'),
      );
    }
  };
}

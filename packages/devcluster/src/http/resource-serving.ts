// Resource requests: each verb (and the scale subresource) dispatched to its handler, and the answer written.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getComponentStatus, isComponentStatuses, listComponentStatuses } from '../api/component-statuses.js';
import { deprecationWarning } from '../api/deprecations.js';
import { patchObject } from '../api/patch-handler.js';
import { bindPod } from '../api/pod-binding.js';
import { evictPod } from '../api/pod-eviction.js';
import {
  createObject,
  deleteCollection,
  deleteObject,
  getObject,
  listObjects,
  type ResourceTarget,
  UPDATABLE_SUBRESOURCES,
  updateObject,
} from '../api/resource-handlers.js';
import { getScale, patchScale, updateScale } from '../api/scale-subresource.js';
import { badRequest, methodNotSupported, pathNotFound } from '../api/status.js';
import type { WriteRequest } from '../api/write-options.js';
import { groupResource } from '../cluster.js';
import { hasProtobufSchema } from '../protobuf/index.js';
import type { KubeObject, ResourceType, UserInfo } from '../types.js';
import type { ApiServerContext } from './api-server-context.js';
import { sendJson } from './json-response.js';
import { respondWithObjects } from './object-response.js';
import { decodeObject, readBody } from './request-body.js';
import type { ResourceRequestInfo } from './request-info.js';
import type { ResponseFormat } from './response-format.js';
import { answerReview, isReview } from './reviews.js';
import { serveWatch } from './watch-response.js';

/** The registered resource a request names; unknown resources and subresources are 404s. */
export function resolveResource(context: ApiServerContext, info: ResourceRequestInfo): ResourceType {
  const resource = context.cluster.registry.find(info.group, info.version, info.resource);
  if (!resource) throw pathNotFound();
  if (info.subresource && !resource.subresources.includes(info.subresource)) throw pathNotFound();
  return resource;
}

/** Whether the resource's objects have a protobuf form: built-in kinds do, custom resources never. */
export function servesProtobuf(context: ApiServerContext, info: ResourceRequestInfo): boolean {
  const { registry } = context.cluster;
  const resource = registry.find(info.group, info.version, info.resource);
  if (!resource || registry.crdOf(resource)) return false;
  return hasProtobufSchema(
    resource.group ? `${resource.group}/${resource.version}` : resource.version,
    resource.kind,
  );
}

export const ATTACH_NOT_SIMULATED =
  'attaching to a running container is not simulated: follow its output with kubectl logs -f, or run a command with kubectl exec';

function servedOnObject(info: ResourceRequestInfo): boolean {
  if (info.subresource === 'finalize') return info.verb === 'update';
  return UPDATABLE_SUBRESOURCES.has(info.subresource) && ['get', 'update', 'patch'].includes(info.verb);
}

async function readDeleteOptions(request: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readBody(request);
  return body.length === 0 ? {} : decodeObject(body, request.headers['content-type']);
}

export async function serveResource(
  context: ApiServerContext,
  request: IncomingMessage,
  response: ServerResponse,
  info: ResourceRequestInfo,
  user: UserInfo,
  query: URLSearchParams,
  format: ResponseFormat,
): Promise<void> {
  const resource = resolveResource(context, info);
  const warning = deprecationWarning(resource);
  if (warning) response.setHeader('Warning', warning);
  const target: ResourceTarget = {
    resource,
    namespace: info.namespace,
    name: info.name,
    subresource: info.subresource,
  };
  if (resource.namespaced && !info.namespace && !['list', 'watch'].includes(info.verb)) {
    if (info.verb !== 'create' || !isReview(resource)) throw pathNotFound();
  }
  if (!resource.namespaced && info.namespace && resource.kind !== 'Namespace') throw pathNotFound();
  const { cluster } = context;
  const write: WriteRequest = {
    query,
    userAgent: request.headers['user-agent'],
    now: context.now(),
    warn: (message) => response.appendHeader('Warning', `299 - ${JSON.stringify(message)}`),
  };
  const plainFormat = format === 'table' ? 'json' : format;
  const answer = (status: number, body: KubeObject, items?: KubeObject[]) =>
    respondWithObjects(context, response, format, resource, status, body, items, query);
  const readJsonBody = async () => decodeObject(await readBody(request), request.headers['content-type']);

  // A verb the resource does not list in discovery has no handler (GET of a review, writes of a
  // ComponentStatus, DELETE of every namespace): 405, as kube-apiserver answers.
  if (!info.subresource && !resource.verbs.includes(info.verb)) {
    throw methodNotSupported(groupResource(resource), info.verb);
  }
  if (isComponentStatuses(resource)) {
    if (info.verb === 'get') answer(200, getComponentStatus(target.name ?? ''));
    else {
      const { list, items } = listComponentStatuses();
      answer(200, list, items);
    }
    return;
  }
  if (info.subresource === 'eviction' && info.verb === 'create') {
    sendJson(response, 201, evictPod(cluster, target, await readJsonBody(), write), plainFormat);
    return;
  }
  if (info.subresource === 'token' && info.verb === 'create') {
    const serviceAccount = getObject(cluster, { ...target, subresource: '' });
    const body = await readJsonBody();
    const issued = await context.serviceAccountTokens.issue(serviceAccount, body);
    sendJson(response, 201, issued, plainFormat);
    return;
  }
  if (info.subresource === 'binding' && info.verb === 'create') {
    sendJson(response, 201, bindPod(cluster, target, await readJsonBody(), write), plainFormat);
    return;
  }
  if (info.subresource === 'attach') throw badRequest(ATTACH_NOT_SIMULATED);
  if (info.subresource === 'scale') {
    if (info.verb === 'get') sendJson(response, 200, getScale(cluster, target), plainFormat);
    else if (info.verb === 'update')
      sendJson(response, 200, updateScale(cluster, target, await readJsonBody(), write), plainFormat);
    else if (info.verb === 'patch') {
      const scaled = patchScale(
        cluster,
        target,
        request.headers['content-type'],
        await readBody(request),
        write,
      );
      sendJson(response, 200, scaled, plainFormat);
    } else throw methodNotSupported(groupResource(resource), info.verb);
    return;
  }
  // What is left of the subresources reads or writes part of the object itself; any other verb on
  // a subresource (GET pods/binding, PATCH pods/log…) is not served, as in a real cluster.
  if (info.subresource && !servedOnObject(info)) {
    throw methodNotSupported(groupResource(resource), info.verb);
  }
  switch (info.verb) {
    case 'get':
      answer(200, getObject(cluster, target));
      return;
    case 'list': {
      const { list, items } = listObjects(cluster, target, query);
      answer(200, list, items);
      return;
    }
    case 'watch':
      serveWatch(context, request, response, target, query, format);
      return;
    case 'create': {
      const body = await readJsonBody();
      if (isReview(resource))
        sendJson(response, 201, answerReview(resource, body, user, context.authorizer), plainFormat);
      else answer(201, createObject(cluster, target, body, write));
      return;
    }
    case 'update':
      answer(200, updateObject(cluster, target, await readJsonBody(), write));
      return;
    case 'patch': {
      const patched = patchObject(
        cluster,
        target,
        request.headers['content-type'],
        await readBody(request),
        write,
      );
      answer(patched.status, patched.object);
      return;
    }
    case 'delete':
      answer(200, deleteObject(cluster, target, await readDeleteOptions(request), write));
      return;
    case 'deletecollection':
      sendJson(
        response,
        200,
        deleteCollection(cluster, target, await readDeleteOptions(request), write),
        plainFormat,
      );
      return;
    default:
      throw methodNotSupported(groupResource(resource), info.verb);
  }
}

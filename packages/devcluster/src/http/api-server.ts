import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { stringify as toYaml } from 'yaml';
import {
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  KUBERNETES_VERSION,
} from '../api/discovery.js';
import { patchObject } from '../api/patch-handler.js';
import {
  createObject,
  deleteCollection,
  deleteObject,
  getObject,
  listObjects,
  type ResourceTarget,
  updateObject,
} from '../api/resource-handlers.js';
import { getScale, patchScale, updateScale } from '../api/scale-subresource.js';
import {
  ApiError,
  badRequest,
  internalError,
  methodNotSupported,
  notAcceptable,
  pathNotFound,
  type Status,
  unauthorized,
} from '../api/status.js';
import { startWatch, type WatchEvent, type WatchOptions } from '../api/watch-stream.js';
import type { WriteRequest } from '../api/write-options.js';
import { forbiddenStatus } from '../auth/forbidden-message.js';
import { impersonationRequest } from '../auth/impersonation.js';
import type { RbacAuthorizer } from '../auth/rbac-authorizer.js';
import { nonResourceRequestAttributes, resourceRequestAttributes } from '../auth/request-attributes.js';
import { groupResource, type SimulatedCluster } from '../cluster.js';
import { handleOpenApiRequest } from '../openapi/index.js';
import { createNotAllowed, execVerbs } from '../pods/exec-authorization.js';
import { handleExecUpgrade, rejectUpgrade, servePlainExec } from '../pods/pod-exec.js';
import { servePodLog } from '../pods/pod-logs.js';
import { type IncludeObject, includeObjectFrom, toTable } from '../table/index.js';
import type { KubeObject, RequestAttributes, ResourceType, UserInfo } from '../types.js';
import { decodeObject, readBody } from './request-body.js';
import { type RequestInfo, type ResourceRequestInfo, requestInfo } from './request-info.js';
import { type ResponseFormat, responseFormat } from './response-format.js';
import { answerReview, isReview } from './reviews.js';

export interface ApiServerContext {
  cluster: SimulatedCluster;
  authenticate(headers: IncomingMessage['headers']): Promise<UserInfo | undefined>;
  authorizer: RbacAuthorizer;
  /** host:port clients reach this server at, for /api's serverAddressByClientCIDRs. */
  serverAddress(): string;
  now(): Date;
  watch: WatchOptions;
}

const HEALTH_PATHS = new Set(['/healthz', '/livez', '/readyz']);

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  format: ResponseFormat = 'json',
): void {
  const yaml = format === 'yaml';
  const payload = yaml ? toYaml(body) : JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': yaml ? 'application/yaml' : 'application/json',
    'Cache-Control': 'no-cache, private',
    'Content-Length': Buffer.byteLength(payload),
  });
  response.end(payload);
}

function sendError(response: ServerResponse, error: ApiError): void {
  sendJson(response, error.code, error.status);
}

function healthAnswer(response: ServerResponse, path: string, query: URLSearchParams): void {
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

function attributesOf(info: RequestInfo, user: UserInfo): RequestAttributes {
  if (info.kind === 'nonresource') return nonResourceRequestAttributes(user, info.verb, info.path);
  return resourceRequestAttributes(user, {
    verb: info.verb,
    apiGroup: info.group,
    apiVersion: info.version,
    resource: info.resource,
    subresource: info.subresource,
    namespace: info.namespace,
    name: info.name,
  });
}

function authorizeOrThrow(context: ApiServerContext, attributes: RequestAttributes): void {
  const decision = context.authorizer.authorize(attributes);
  if (!decision.allowed)
    throw new ApiError(forbiddenStatus(attributes, decision.reason) as unknown as Status);
}

async function authenticated(context: ApiServerContext, request: IncomingMessage): Promise<UserInfo> {
  const user = await context.authenticate(request.headers);
  if (!user) throw unauthorized();
  let impersonation: ReturnType<typeof impersonationRequest>;
  try {
    impersonation = impersonationRequest(request.headers, user);
  } catch (error) {
    throw badRequest((error as Error).message);
  }
  if (!impersonation) return user;
  for (const check of impersonation.checks) authorizeOrThrow(context, check);
  return impersonation.user;
}

function serveNonResource(
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

function resolveResource(context: ApiServerContext, info: ResourceRequestInfo): ResourceType {
  const resource = context.cluster.registry.find(info.group, info.version, info.resource);
  if (!resource) throw pathNotFound();
  if (info.subresource && !resource.subresources.includes(info.subresource)) throw pathNotFound();
  return resource;
}

function respondWithObjects(
  context: ApiServerContext,
  response: ServerResponse,
  format: ResponseFormat,
  resource: ResourceType,
  status: number,
  body: KubeObject,
  items: KubeObject[] | undefined,
  query: URLSearchParams,
): void {
  if (format !== 'table' || body.kind === 'Status') {
    sendJson(response, status, body, format);
    return;
  }
  const metadata = body.metadata as {
    resourceVersion?: string;
    continue?: string;
    remainingItemCount?: number;
  };
  const table = toTable(resource, items ?? [body], {
    includeObject: includeObjectOf(query),
    now: context.now(),
    crd: context.cluster.registry.crdOf(resource),
    listMeta: items ? metadata : { resourceVersion: metadata.resourceVersion },
  });
  sendJson(response, status, table);
}

function includeObjectOf(query: URLSearchParams): IncludeObject {
  const value = query.get('includeObject');
  const parsed = includeObjectFrom(value);
  if (!parsed) throw badRequest(`unrecognized includeObject value: "${value}"`);
  return parsed;
}

function serveWatch(
  context: ApiServerContext,
  request: IncomingMessage,
  response: ServerResponse,
  target: ResourceTarget,
  query: URLSearchParams,
  format: ResponseFormat,
): void {
  const includeObject = includeObjectOf(query);
  // Like kube-apiserver, only the first Table of a watch carries the column definitions.
  let headersSent = false;
  const asTable = (object: KubeObject) => {
    const table = toTable(target.resource, [object], {
      includeObject,
      now: context.now(),
      crd: context.cluster.registry.crdOf(target.resource),
      listMeta: { resourceVersion: object.metadata.resourceVersion },
      noHeaders: headersSent,
    });
    headersSent = true;
    return table;
  };
  const open = () => {
    if (response.headersSent) return;
    response.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    });
    response.flushHeaders();
  };
  const sink = {
    send(event: WatchEvent) {
      open();
      const object =
        format === 'table' &&
        (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED')
          ? asTable(event.object)
          : event.object;
      response.write(`${JSON.stringify({ type: event.type, object })}\n`);
    },
    end() {
      open();
      response.end();
    },
  };
  // Bad parameters throw here, before anything is sent, and get a plain error answer.
  const stop = startWatch(context.cluster, target, query, sink, context.watch);
  // Headers go out at once: clients take them as "the watch is established".
  open();
  request.on('close', stop);
}

async function readDeleteOptions(request: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readBody(request);
  return body.length === 0 ? {} : decodeObject(body, request.headers['content-type']);
}

async function serveResource(
  context: ApiServerContext,
  request: IncomingMessage,
  response: ServerResponse,
  info: ResourceRequestInfo,
  user: UserInfo,
  query: URLSearchParams,
  format: ResponseFormat,
): Promise<void> {
  const resource = resolveResource(context, info);
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
  const write: WriteRequest = { query, userAgent: request.headers['user-agent'], now: context.now() };
  const plainFormat = format === 'yaml' ? 'yaml' : 'json';
  const answer = (status: number, body: KubeObject, items?: KubeObject[]) =>
    respondWithObjects(context, response, format, resource, status, body, items, query);
  const readJsonBody = async () => decodeObject(await readBody(request), request.headers['content-type']);

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
function servePodStream(
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
  return false;
}

/**
 * WebSocket upgrades (pods/exec): the same authentication, impersonation and RBAC as every
 * request; since Kubernetes 1.35 an upgrading GET also needs `create` on pods/exec.
 */
export function createUpgradeHandler(context: ApiServerContext) {
  return async (request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    // A client that drops the connection mid-handshake must not take the server down.
    socket.on('error', () => socket.destroy());
    try {
      const url = new URL(request.url ?? '/', 'http://simulator.invalid');
      const user = await authenticated(context, request);
      const info = requestInfo(request.method ?? 'GET', url.pathname, url.searchParams);
      if (info.kind !== 'resource' || info.resource !== 'pods' || info.subresource !== 'exec' || !info.name) {
        throw pathNotFound();
      }
      const [verb = 'get', ...extraVerbs] = execVerbs(request.method ?? 'GET');
      authorizeOrThrow(context, attributesOf({ ...info, verb }, user));
      for (const extra of extraVerbs) {
        const decision = context.authorizer.authorize(attributesOf({ ...info, verb: extra }, user));
        if (!decision.allowed) throw createNotAllowed(info.name, decision.reason);
      }
      handleExecUpgrade(context.cluster, podOf(context, info), url.searchParams, request, socket, head);
    } catch (error) {
      rejectUpgrade(
        socket,
        error instanceof ApiError ? error : internalError('the simulator failed to upgrade the request'),
      );
    }
  };
}

/** The request handler of the simulated kube-apiserver. */
export function createApiHandler(context: ApiServerContext) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://simulator.invalid');
    const path = url.pathname;
    const query = url.searchParams;
    try {
      // Probes answer without credentials, as kube-apiserver's anonymous-auth conditions allow.
      if (HEALTH_PATHS.has(`/${path.split('/')[1] ?? ''}`)) {
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
      const format = responseFormat(request.headers.accept);
      if (!format) throw notAcceptable(['application/json', 'application/yaml']);
      await serveResource(context, request, response, info, user, query, format);
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

// Turns a request path into what it asks for, as kube-apiserver's RequestInfoFactory does:
// group, version, namespace, resource, name, subresource and the Kubernetes verb.
import { badRequest } from '../api/status.js';

export interface ResourceRequestInfo {
  kind: 'resource';
  verb: string;
  group: string;
  version: string;
  namespace: string;
  resource: string;
  name: string;
  subresource: string;
}

export interface NonResourceRequestInfo {
  kind: 'nonresource';
  verb: string;
  path: string;
}

export type RequestInfo = ResourceRequestInfo | NonResourceRequestInfo;

// Namespace subresources are not resources inside the namespace.
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

function httpVerb(method: string): string {
  return method.toLowerCase();
}

function resourceVerb(method: string, hasName: boolean, watching: boolean): string {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watching) return 'watch';
      return hasName ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return hasName ? 'delete' : 'deletecollection';
    default:
      return httpVerb(method);
  }
}

function isWatchParam(query: URLSearchParams): boolean {
  const value = query.get('watch');
  return value !== null && value !== '0' && value.toLowerCase() !== 'false';
}

/**
 * A path segment as kube-apiserver sees it: Go hands handlers the decoded path, so a client that
 * escapes a name (`system%3Aauth-delegator`, as encodeURIComponent does) asks for `system:auth-delegator`.
 */
function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(`invalid URL escape in the path segment "${segment}"`);
  }
}

export function requestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const parts = path.split('/').filter(Boolean).map(decodedSegment);
  const nonResource: NonResourceRequestInfo = { kind: 'nonresource', verb: httpVerb(method), path };
  let group: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) {
    group = '';
    rest = parts.slice(1);
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    group = parts[1] ?? '';
    rest = parts.slice(2);
  } else return nonResource;

  const version = rest[0] ?? '';
  let current = rest.slice(1);
  let watching = isWatchParam(query);
  if (current[0] === 'watch') {
    watching = true;
    current = current.slice(1);
  }
  const info: ResourceRequestInfo = {
    kind: 'resource',
    verb: '',
    group,
    version,
    namespace: '',
    resource: '',
    name: '',
    subresource: '',
  };
  // A group-version root (`/api/v1`, `/apis/apps/v1`) is discovery, not a resource.
  if (current.length === 0) return nonResource;

  if (current[0] === 'namespaces' && current.length > 1) {
    info.namespace = current[1] ?? '';
    if (current.length > 2 && !NAMESPACE_SUBRESOURCES.has(current[2] ?? '')) current = current.slice(2);
  }
  info.resource = current[0] ?? '';
  info.name = current[1] ?? '';
  info.subresource = current[2] ?? '';
  // A watch of one object is a watch with a name field selector.
  if (watching && info.name === '') {
    const fieldName = /(?:^|,)metadata\.name==?([^,]+)/.exec(query.get('fieldSelector') ?? '');
    if (fieldName) info.name = fieldName[1] ?? '';
  }
  info.verb = resourceVerb(method, current.length > 1, watching);
  return info;
}

// The authorizer.Attributes of a request: what RBAC decides on, for API calls and for access reviews alike.
import type { RequestAttributes, UserInfo } from '../types.js';

export interface ResourceRequest {
  verb: string;
  apiGroup?: string;
  apiVersion?: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/** A request on a resource: the fields it does not name stay empty, as they do in Go. */
export function resourceRequestAttributes(user: UserInfo, request: ResourceRequest): RequestAttributes {
  return {
    user,
    verb: request.verb,
    resourceRequest: true,
    apiGroup: request.apiGroup ?? '',
    apiVersion: request.apiVersion ?? '',
    resource: request.resource,
    subresource: request.subresource ?? '',
    namespace: request.namespace ?? '',
    name: request.name ?? '',
    path: '',
  };
}

/** A request on a non-resource URL such as /version or /healthz. */
export function nonResourceRequestAttributes(user: UserInfo, verb: string, path: string): RequestAttributes {
  return {
    user,
    verb,
    resourceRequest: false,
    apiGroup: '',
    apiVersion: '',
    resource: '',
    subresource: '',
    namespace: '',
    name: '',
    path,
  };
}

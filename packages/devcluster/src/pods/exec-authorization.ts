// Since Kubernetes 1.35 (AuthorizePodWebsocketUpgradeCreatePermission, on by default) the pod
// registry also demands `create` on pods/exec when the request's own verb is another, as a
// WebSocket upgrade's GET (`get`) is: pkg/registry/core/pod/rest's ensureAuthorizedForVerb.
import { type ApiError, forbidden } from '../api/status.js';

/** The verbs RBAC must allow on pods/exec for a request with this HTTP method. */
export function execVerbs(method: string): string[] {
  return method === 'POST' ? ['create'] : ['get', 'create'];
}

/**
 * The 403 for a missing `create` after the request's own verb was allowed: NewForbidden on the
 * request's resource (`pods`, not `pods/exec`) with the authorizer's reason, often empty for RBAC.
 */
export function createNotAllowed(podName: string, reason: string): ApiError {
  return forbidden(`pods "${podName}" is forbidden: ${reason}`, { name: podName, kind: 'pods' });
}

// kube-apiserver's 403 answer, as responsewriters.Forbidden and apierrors.NewForbidden write it.

import { goQuote } from '../api/go-quote.js';
import type { KubeObject, RequestAttributes } from '../types.js';

// The apiserver escapes these so the plain-text message can never pass for HTML.
function sanitize(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function deniedAction(attrs: RequestAttributes): string {
  const user = goQuote(attrs.user.username);
  if (!attrs.resourceRequest) {
    return `User ${user} cannot ${attrs.verb} path ${goQuote(attrs.path)}`;
  }
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const scope = attrs.namespace ? `in the namespace ${goQuote(attrs.namespace)}` : 'at the cluster scope';
  return `User ${user} cannot ${attrs.verb} resource ${goQuote(resource)} in API group ${goQuote(attrs.apiGroup)} ${scope}`;
}

/**
 * The message of the 403 Status, e.g.
 * `pods "web-1" is forbidden: User "alice" cannot get resource "pods/log" in API group "" in the namespace "team-b"`.
 * A non-empty authorizer reason is appended after `: ` unquoted.
 */
export function forbiddenMessage(attrs: RequestAttributes, reason: string): string {
  const action = sanitize(deniedAction(attrs));
  const cause = reason ? `${action}: ${reason}` : action;
  if (!attrs.resource && !attrs.apiGroup) {
    return `forbidden: ${cause}`;
  }
  // The prefix names the group-qualified resource; the subresource only appears in the cause.
  const qualifiedResource = attrs.apiGroup ? `${attrs.resource}.${attrs.apiGroup}` : attrs.resource;
  if (!attrs.name) {
    return `${qualifiedResource} is forbidden: ${cause}`;
  }
  return `${qualifiedResource} ${goQuote(attrs.name)} is forbidden: ${cause}`;
}

/** The whole metav1.Status body of the 403; empty details fields are omitted as Go's omitempty does. */
export function forbiddenStatus(attrs: RequestAttributes, reason: string): KubeObject {
  const details: Record<string, string> = {};
  if (attrs.name) details.name = attrs.name;
  if (attrs.apiGroup) details.group = attrs.apiGroup;
  if (attrs.resource) details.kind = attrs.resource;
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: forbiddenMessage(attrs, reason),
    reason: 'Forbidden',
    details,
    code: 403,
  };
}

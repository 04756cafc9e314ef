// Served resources that kube-apiserver 1.36 marks deprecated: every request for them carries a
// `Warning: 299` header, which kubectl prints as `Warning: ...` and client-go logs.
import type { ResourceType } from '../types.js';
import { apiVersionOf } from './object-admission.js';

const DEPRECATED = new Map<string, string>([
  ['v1 componentstatuses', 'v1 ComponentStatus is deprecated in v1.19+'],
  ['v1 endpoints', 'v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice'],
]);

/** The header value for a request of `resource`, when it is deprecated. */
export function deprecationWarning(resource: ResourceType): string | undefined {
  const message = DEPRECATED.get(`${apiVersionOf(resource)} ${resource.plural}`);
  return message && `299 - "${message}"`;
}

// A failed Kubernetes call, carrying what the API server said (its metav1.Status) or why it
// could not be reached, so one mapping can turn it into a clear tool error.

export type KubernetesFailure =
  | 'api' // the API server answered with an error Status
  | 'timeout' // no answer within the request timeout
  | 'unreachable' // connection refused, DNS, TLS...
  | 'unknown-resource' // the resource type is not served by the cluster
  | 'not-allowed'; // refused by this server's own policy (allowed contexts, namespaces, denied resources)

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: { reason?: string; message?: string; field?: string }[];
}

export class KubernetesError extends Error {
  constructor(
    message: string,
    readonly failure: KubernetesFailure,
    /** HTTP status of the API server's answer, when there was one. */
    readonly status?: number,
    /** metav1.Status reason (NotFound, Forbidden, Conflict, ...), when there was one. */
    readonly reason?: string,
    readonly details?: StatusDetails,
    /** For unknown resource types: the nearest names the cluster does serve. */
    readonly suggestions: string[] = [],
  ) {
    super(message);
    this.name = 'KubernetesError';
  }
}

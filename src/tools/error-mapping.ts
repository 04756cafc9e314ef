import { type ApiResource, ClusterConfigError, KubernetesError } from '../k8s/index.js';
import type { ToolResult } from './tool-definition.js';
import { UsageError } from './usage-error.js';

// The one place a thrown error becomes a tool error (isError: true), whether the whole call failed
// or one part of it (a document of a manifest, one pod's logs): what happened, then what to try.
// Messages pass through redactCredentials, so no token ever leaves in an error.

export { UsageError };

/** What the failed call was about, as far as the tool knows it. */
export interface CallTarget {
  resource?: Pick<ApiResource, 'kind' | 'plural' | 'group' | 'namespaced'>;
  resourceType?: string;
  name?: string;
  namespace?: string;
  /** The tool that failed: some advice depends on it (e.g. apply conflicts). */
  tool?: string;
}

/** A failed request, tagged with the object it was about: it names the object better than the call's arguments. */
export class TargetedFailure extends Error {
  constructor(
    readonly failure: KubernetesError,
    readonly target: CallTarget,
  ) {
    super(failure.message);
    this.name = 'TargetedFailure';
  }
}

/** The HTTP status of a failed Kubernetes request, tagged by a Target or not; undefined for other errors. */
export function failureStatus(error: unknown): number | undefined {
  if (error instanceof TargetedFailure) return error.failure.status;
  return error instanceof KubernetesError ? error.status : undefined;
}

/** What a call was about, as its arguments say: the target of errors thrown before any request names one. */
export function callTarget(tool: string, args: unknown): CallTarget {
  const target: CallTarget = { tool };
  if (typeof args !== 'object' || args === null) return target;
  for (const key of ['resourceType', 'name', 'namespace'] as const) {
    const value = (args as Record<string, unknown>)[key];
    if (typeof value === 'string') target[key] = value;
  }
  return target;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/**
 * Failures a call can meet however correct our code is: the caller's request, the cluster's answer,
 * a policy, the kubeconfig, a cancelled call. Anything else is a bug of ours.
 */
export function isCallFailure(error: unknown): boolean {
  return (
    error instanceof UsageError ||
    error instanceof KubernetesError ||
    error instanceof TargetedFailure ||
    error instanceof ClusterConfigError ||
    isAbort(error)
  );
}

const CREDENTIAL_PATTERNS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 <redacted>'],
  [/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '<redacted token>'],
  [
    /\b(token|password|client-key-data|client-secret|secret)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
    '$1$2<redacted>',
  ],
];

export function redactCredentials(text: string): string {
  return CREDENTIAL_PATTERNS.reduce(
    (redacted, [pattern, replacement]) => redacted.replace(pattern, replacement),
    text,
  );
}

function failure(text: string): ToolResult {
  return { text: redactCredentials(text), isError: true };
}

function kindOf(error: KubernetesError, target: CallTarget): string {
  if (target.resource) return target.resource.kind;
  return error.details?.kind ?? target.resourceType ?? 'object';
}

function listTypeOf(error: KubernetesError, target: CallTarget): string {
  return target.resource?.plural ?? error.details?.kind ?? target.resourceType ?? 'the resource type';
}

function whereOf(target: CallTarget): string {
  return target.namespace && target.resource?.namespaced !== false
    ? ` in namespace "${target.namespace}"`
    : '';
}

/** What a name no object can have says the caller meant: kubectl's type/name form, or a pattern. */
function nameHint(name: string): string {
  const slash = name.lastIndexOf('/');
  if (slash >= 0) {
    return (
      ` "${name}" reads as kubectl's type/name form: give the type as resourceType and ` +
      `"${name.slice(slash + 1)}" as name.`
    );
  }
  if (/[*?]/.test(name)) {
    return (
      ' Names are matched exactly, not as patterns: find the objects with kubernetes_list (a labelSelector ' +
      'narrows it) and name each one.'
    );
  }
  return '';
}

function notFound(error: KubernetesError, target: CallTarget): ToolResult {
  const name = error.details?.name ?? target.name;
  const namespaceArg = target.namespace ? `, namespace: "${target.namespace}"` : '';
  if (!name) {
    return failure(
      `Not found: ${error.message}. The namespace may not exist, or the cluster does not serve this path; ` +
        'check the namespace with kubernetes_list (resourceType: "namespaces").',
    );
  }
  return failure(
    `${kindOf(error, target)} "${name}" not found${whereOf(target)}. ` +
      `Call kubernetes_list (resourceType: "${listTypeOf(error, target)}"${namespaceArg}) to see the names ` +
      `that exist, or set allNamespaces: true if it may live in another namespace.${nameHint(name)}`,
  );
}

function unknownResource(error: KubernetesError, target: CallTarget): ToolResult {
  const typed = target.resourceType ? `"${target.resourceType}"` : 'this resource type';
  const nearest = error.suggestions.length > 0 ? ` Did you mean: ${error.suggestions.join(', ')}?` : '';
  return failure(
    `The cluster does not serve ${typed}.${nearest} Call kubernetes_api_resources to list every type it ` +
      'serves (custom resources appear once their CRD is installed).',
  );
}

function invalid(error: KubernetesError): string {
  const causes = (error.details?.causes ?? [])
    .map((cause) => `  - ${cause.field ? `${cause.field}: ` : ''}${cause.message ?? cause.reason ?? ''}`)
    .join('\n');
  return (
    `The API server rejected the object as invalid: ${error.message}${causes ? `\n${causes}` : ''}\n` +
    'Fix the fields named above and try again (kubectl explain-style field docs: kubernetes_get of an ' +
    'existing object shows a valid shape).'
  );
}

function conflict(error: KubernetesError, target: CallTarget): string {
  if (target.tool === 'kubernetes_apply') {
    return (
      `Apply conflict: ${error.message}\nOther field managers own these fields. If this change ` +
      'should win, repeat the call with force: true (fieldManager mcp-kubernetes takes ownership); ' +
      'otherwise leave those fields out of the manifest.'
    );
  }
  return (
    `Conflict: ${error.message}\nThe object changed since it was read. Read it again ` +
    '(kubernetes_get) and retry, without a stale metadata.resourceVersion.'
  );
}

/** The authorizer's denial names who cannot do what: `User "bob" cannot delete resource "pods"`. */
const AUTHORIZATION_DENIAL = /\bUser ".*" cannot /;

/** What to do about a policy that refused the request, by what its message names. */
const ADMISSION_ADVICE: [RegExp, string][] = [
  [
    /\b(exceeded|failed) quota\b/,
    'A ResourceQuota of the namespace limits it: see what is used with kubernetes_describe ' +
      '(resourceType: "resourcequotas"), then ask for less (smaller requests, fewer replicas), free ' +
      'some, or have the quota raised. "must specify" means every container needs the requests or ' +
      'limits named.',
  ],
  [
    /usage per (Container|Pod)|limit to request ratio/,
    'A LimitRange of the namespace bounds each container (or pod): see it with kubernetes_describe ' +
      '(resourceType: "limitranges") and set requests and limits within it.',
  ],
  [
    /\bPodSecurity\b/,
    "The namespace's Pod Security level forbids what the message names: set the securityContext it " +
      'asks for (runAsNonRoot, allowPrivilegeEscalation: false, capabilities drop ALL, seccompProfile ' +
      'RuntimeDefault), or use another namespace.',
  ],
  [/admission webhook/, 'An admission webhook refused it: change the object as its message asks.'],
  [
    /because it is being terminated/,
    'The namespace is being deleted: wait until it is gone and create it again, or use another namespace.',
  ],
];

/**
 * A 403 is either the authorizer's (RBAC: the identity lacks a permission) or an admission plugin's
 * (a quota, a LimitRange, Pod Security, a webhook: the request breaks a policy). Each gets its advice.
 */
function forbidden(error: KubernetesError): string {
  if (AUTHORIZATION_DENIAL.test(error.message)) {
    return (
      `Forbidden by the cluster's RBAC: "${error.message}". The identity used for this call lacks that ` +
      'permission; check with kubernetes_can_i, use another namespace or context, or ask a cluster ' +
      'admin for a Role granting it.'
    );
  }
  const advice =
    ADMISSION_ADVICE.find(([pattern]) => pattern.test(error.message))?.[1] ??
    'Change the request so that the policy accepts it.';
  return (
    `Refused by the cluster's admission control (403 Forbidden), not for lack of permission: ` +
    `"${error.message}". ${advice}`
  );
}

function apiFailure(error: KubernetesError, target: CallTarget): ToolResult {
  switch (error.reason) {
    case 'NotFound':
      return notFound(error, target);
    case 'Forbidden':
      return failure(forbidden(error));
    case 'Unauthorized':
      return failure(
        'The API server rejected the credentials (401 Unauthorized): they are missing, expired or not ' +
          'trusted. Refresh the login (or kubeconfig) for this context and try again.',
      );
    case 'AlreadyExists':
      return failure(
        `${error.message}. To change the existing object use kubernetes_apply or kubernetes_patch; to see ` +
          'it use kubernetes_get.',
      );
    case 'Conflict':
      return failure(conflict(error, target));
    case 'Invalid':
      return failure(invalid(error));
    case 'UnsupportedMediaType':
      return failure(
        `${error.message}. Custom resources do not support strategic merge patches: use patchType "merge" ` +
          'or "json".',
      );
    case 'Expired':
    case 'Gone':
      return failure(
        `${error.message}. The continue token has expired: start the listing again without "continue".`,
      );
    case 'MethodNotAllowed':
      return failure(`${error.message}. This resource type does not support that operation.`);
    default: {
      const answer = [error.status, error.reason].filter(Boolean).join(' ') || 'with an error';
      return failure(`The API server answered ${answer}: ${error.message}`);
    }
  }
}

function kubernetesFailure(error: KubernetesError, target: CallTarget): ToolResult {
  switch (error.failure) {
    case 'not-allowed':
      return failure(error.message);
    case 'unknown-resource':
      return unknownResource(error, target);
    case 'timeout':
      return failure(
        `The Kubernetes API server did not answer in time (${error.message}). It may be overloaded or the ` +
          'request too large: retry, or narrow it with a namespace, labelSelector or a smaller limit.',
      );
    case 'unreachable':
      return failure(
        `Could not reach the Kubernetes API server (${error.message}). Check that the cluster is running ` +
          'and that the context is right (kubernetes_context_get_current); then retry.',
      );
    case 'api':
      return apiFailure(error, target);
  }
}

/**
 * Turns what a tool threw into its error result. A bug's details would help no model and may
 * expose internals: `reportBug` receives them (for the server's log), the caller a plain sentence.
 */
export function toolError(
  error: unknown,
  target: CallTarget = {},
  reportBug: (error: unknown) => void = () => {},
): ToolResult {
  if (error instanceof TargetedFailure) {
    return kubernetesFailure(error.failure, { ...(target.tool && { tool: target.tool }), ...error.target });
  }
  if (error instanceof KubernetesError) return kubernetesFailure(error, target);
  if (error instanceof UsageError) return failure(error.message);
  if (isCallFailure(error)) return failure(`The tool failed: ${(error as Error).message}`);
  reportBug(error);
  return failure(
    `${target.tool ?? 'The tool'} failed unexpectedly; the error is in the server's log. Try again, or report it.`,
  );
}

import type { Duplex } from 'node:stream';
import {
  type ApiResource,
  type ClusterClient,
  type ExecOptions,
  type ExecResult,
  KubernetesError,
  type PortForwardOptions,
  type ProxiedAnswer,
  type RequestOptions,
} from '../k8s/index.js';
import { TargetedFailure } from './error-mapping.js';
import { type Access, requireScopeAllowed } from './namespace-policy.js';
import { requireResourceAllowed } from './resource-policy.js';
import type { ToolContext } from './tool-definition.js';

// Choosing the cluster and the resource a call works on, with both policies checked before the
// first request leaves, and failures tagged with what they were about for the error mapping.

/** The client for a call: its own `context`, else the session's, else the default; as the caller. */
export function clusterFor(context: ToolContext, contextName: string | undefined): ClusterClient {
  return context.access.client(contextName ?? context.session.currentContext(), context.identity);
}

/** The namespace a call works in when it names none: the context's, as kubectl does. */
export function defaultNamespace(context: ToolContext, client: ClusterClient): string {
  return (
    context.access.contexts().find((summary) => summary.name === client.contextName)?.namespace ?? 'default'
  );
}

export interface TargetRequest extends Omit<RequestOptions, 'path'> {
  name?: string;
  subresource?: string;
  /** Overrides the target's namespace (listing several allowed namespaces one by one). */
  namespace?: string;
}

export class Target {
  constructor(
    readonly client: ClusterClient,
    readonly resource: ApiResource,
    /** undefined for cluster-scoped kinds, and for all-namespaces requests. */
    readonly namespace: string | undefined,
    /** The tool call's signal: a cancelled call stops its requests. */
    private readonly signal?: AbortSignal,
  ) {}

  /** Another resource on the same cluster, for the same call. */
  sibling(resource: ApiResource, namespace: string | undefined): Target {
    return new Target(this.client, resource, namespace, this.signal);
  }

  path(request: Pick<TargetRequest, 'name' | 'subresource' | 'namespace'> = {}): string {
    const namespace = this.resource.namespaced ? (request.namespace ?? this.namespace) : undefined;
    return this.client.path(this.resource, {
      ...(namespace !== undefined && { namespace }),
      ...(request.name !== undefined && { name: request.name }),
      ...(request.subresource !== undefined && { subresource: request.subresource }),
    });
  }

  request<T>(request: TargetRequest): Promise<T> {
    return this.tagged(request, () => this.client.request<T>(this.options(request)));
  }

  requestText(request: TargetRequest): Promise<string> {
    return this.tagged(request, () => this.client.requestText(this.options(request)));
  }

  /**
   * Whether the target's namespace is absent from the cluster, which a list cannot tell from an
   * empty one (the API answers both with no items). Unknown (a caller who may not read namespaces,
   * any other failure) counts as present: this only adds a hint.
   */
  async namespaceMissing(): Promise<boolean> {
    if (!this.resource.namespaced || this.namespace === undefined) return false;
    try {
      await this.client.request({
        path: `/api/v1/namespaces/${encodeURIComponent(this.namespace)}`,
        ...(this.signal && { signal: this.signal }),
      });
      return false;
    } catch (error) {
      return error instanceof KubernetesError && error.status === 404;
    }
  }

  /** Runs a command in the pod `pod` of the target's namespace (the target being pods). */
  exec(options: Omit<ExecOptions, 'namespace'>): Promise<ExecResult> {
    const namespace = this.namespace ?? 'default';
    return this.tagged({ name: options.pod }, () => this.client.exec({ ...options, namespace }));
  }

  /**
   * A GET to `path` on object `name` through its proxy subresource; `id` is how the proxy names it
   * (`[scheme:]name[:port]`).
   */
  proxyGet(request: {
    name: string;
    id: string;
    /** With its query string, if any. */
    path: string;
    maxBytes: number;
  }): Promise<ProxiedAnswer> {
    return this.tagged({ name: request.name }, () =>
      this.client.proxyGet({
        path: `${this.path()}/${request.id}/proxy${request.path}`,
        maxBytes: request.maxBytes,
        ...(this.signal && { signal: this.signal }),
      }),
    );
  }

  /** Opens one forwarded connection to a port of the pod `pod` of the target's namespace (the target being pods). */
  portForward(options: Omit<PortForwardOptions, 'namespace'>): Promise<Duplex> {
    const namespace = this.namespace ?? 'default';
    return this.tagged({ name: options.pod }, () => this.client.portForward({ ...options, namespace }));
  }

  private options(request: TargetRequest): RequestOptions {
    const { name: _name, subresource: _subresource, namespace: _namespace, ...options } = request;
    return { ...options, path: this.path(request), ...(this.signal && { signal: this.signal }) };
  }

  private async tagged<T>(request: TargetRequest, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof KubernetesError)) throw error;
      throw new TargetedFailure(error, {
        resource: this.resource,
        ...(request.name !== undefined && { name: request.name }),
        ...((request.namespace ?? this.namespace) !== undefined && {
          namespace: request.namespace ?? this.namespace,
        }),
      });
    }
  }
}

export interface TargetArgs {
  context?: string | undefined;
  resourceType: string;
  apiGroup?: string | undefined;
  namespace?: string | undefined;
  name?: string | undefined;
}

/**
 * Resolves what the caller typed to a served resource and checks both policies. `allNamespaces`
 * leaves the namespace open (the caller then lists the namespaces in scope).
 */
export async function resolveTarget(
  context: ToolContext,
  args: TargetArgs,
  access: Access,
  options: { allNamespaces?: boolean } = {},
): Promise<Target> {
  const client = clusterFor(context, args.context);
  const resource = await client.resolve(args.resourceType, args.apiGroup);
  requireResourceAllowed(context.settings.deniedResources, resource);
  const namespace =
    resource.namespaced && !options.allNamespaces
      ? (args.namespace ?? defaultNamespace(context, client))
      : undefined;
  requireScopeAllowed(
    context.settings,
    {
      resource,
      ...(namespace !== undefined && { namespace }),
      ...(args.name !== undefined && { name: args.name }),
    },
    access,
  );
  return new Target(client, resource, namespace, context.signal);
}

/** Where a call acts, in the words a confirmation question uses: `in namespace "team-a" of context "prod"`. */
export function whereOf(args: { namespace?: string | undefined; context?: string | undefined }): string {
  const namespace = args.namespace
    ? `in namespace "${args.namespace}"`
    : "in the context's default namespace";
  return args.context ? `${namespace} of context "${args.context}"` : namespace;
}

import type { Duplex } from 'node:stream';
import type { ApiResource } from './kube-object.js';

// The contract between the tools and the Kubernetes access layer. Tools reach a cluster only
// through a ClusterClient handed to them; they never load kubeconfigs or open connections.

export type QueryValue = string | number | boolean | string[] | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute API path, e.g. `/api/v1/namespaces/default/pods`. */
  path: string;
  query?: Record<string, QueryValue>;
  /** Sent as JSON unless `contentType` says otherwise (YAML for apply, patch media types). */
  body?: unknown;
  contentType?: string;
  accept?: string;
  /** Overrides the client's default timeout (`--request-timeout`). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ProxyGetOptions extends Omit<RequestOptions, 'method' | 'body' | 'contentType' | 'accept'> {
  /** The body is cut after this many bytes. */
  maxBytes: number;
}

/** What a server behind the API server's proxy answered. */
export interface ProxiedAnswer {
  status: number;
  /** Lower-case names; repeated headers (Set-Cookie) as arrays. */
  headers: Record<string, string | string[]>;
  body: Buffer;
  /** The body was longer than `maxBytes` and is cut there. */
  truncated: boolean;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface ExecOptions {
  namespace: string;
  pod: string;
  container?: string;
  command: string[];
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface PortForwardOptions {
  namespace: string;
  pod: string;
  port: number;
  /** How long the API server may take to open the tunnel. */
  timeoutMs: number;
}

/** One cluster seen with one identity. Throws KubernetesError on every failure. */
export interface ClusterClient {
  readonly contextName: string;
  readonly server: string;
  /** A JSON request; resolves with the parsed answer. */
  request<T = unknown>(options: RequestOptions): Promise<T>;
  /** A request whose answer is text (pod logs). */
  requestText(options: RequestOptions): Promise<string>;
  /**
   * A GET through the API server's proxy (`.../services/web:80/proxy/path`): the target's answer,
   * whatever its status. The API server's own refusals (a metav1.Status: no endpoints, Forbidden,
   * NotFound) throw as every request's do.
   */
  proxyGet(options: ProxyGetOptions): Promise<ProxiedAnswer>;
  /**
   * Resolves what a user typed (`pods`, `pod`, `po`, `Deployment`, `deploy`, `widgets`,
   * `deployments.apps`) to one served resource; `apiGroup` disambiguates. Discovery is cached
   * and refreshed once when the name is not found. Unknown names throw a KubernetesError of
   * failure 'unknown-resource' with the nearest served names as suggestions.
   */
  resolve(resourceType: string, apiGroup?: string): Promise<ApiResource>;
  /** Every served resource (for kubernetes_api_resources), from the discovery cache. */
  resources(): Promise<ApiResource[]>;
  /** The REST path of a collection, an object or a subresource. */
  path(resource: ApiResource, options: { namespace?: string; name?: string; subresource?: string }): string;
  exec(options: ExecOptions): Promise<ExecResult>;
  /**
   * Opens one forwarded connection to a port of a pod (pods/portforward): what is written to the
   * stream reaches the port, what the port answers is read from it. A failure inside the pod
   * (nothing listens on the port) destroys the stream with a KubernetesError, kept in its
   * `errored` when it came before the caller listened for 'error'.
   */
  portForward(options: PortForwardOptions): Promise<Duplex>;
}

/** What the tools may know about a kubeconfig context: never a credential. */
export interface ContextSummary {
  name: string;
  cluster: string;
  server: string;
  user: string;
  namespace?: string;
}

/**
 * Who a call acts as, instead of the server's own credentials (downstream OAuth): the holder of a
 * bearer token (the user's ID or access token), or a user the server's credential impersonates
 * (`Impersonate-User` / `Impersonate-Group`, for clusters that do not trust the identity provider).
 */
export type ClusterIdentity =
  | { bearerToken: string }
  | { impersonate: { user: string; groups: readonly string[] } };

/** Access to the clusters this server may reach. */
export interface ClusterAccess {
  readonly inCluster: boolean;
  /** The contexts a call may name (all of the kubeconfig's, or --allowed-contexts). */
  contexts(): ContextSummary[];
  /** The context used when a call and its session name none. */
  defaultContext(): string;
  /**
   * A client for a context (the default when undefined), with the server's own credentials, or
   * acting as `identity` (downstream OAuth). Clients are cached per cluster and identity; the
   * connection pools per cluster. Throws KubernetesError ('not-allowed') for a context outside
   * the allowed ones.
   */
  client(contextName?: string, identity?: ClusterIdentity): ClusterClient;
  close(): Promise<void>;
}

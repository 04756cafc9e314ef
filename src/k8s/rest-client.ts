// The ClusterClient: a small dynamic REST layer over one keep-alive undici pool, with our own
// client-side rate limit, a deadline per call, and errors that say what happened.
import type { Duplex } from 'node:stream';
import { startSpan, tracingEnabled } from '../observability/index.js';
import { RequestTimedOut } from './buffered-exchange.js';
import type { Clock } from './clock.js';
import type {
  ClusterClient,
  ExecOptions,
  ExecResult,
  PortForwardOptions,
  ProxiedAnswer,
  ProxyGetOptions,
  RequestOptions,
} from './cluster-client.js';
import type { ClusterEndpoint, CredentialHeaders } from './cluster-endpoint.js';
import type { ConnectionPool } from './connection-pool.js';
import type { DiscoveryCache, FetchDocument } from './discovery.js';
import type { ApiResource } from './kube-object.js';
import { KubernetesError } from './kubernetes-error.js';
import { withQuery } from './query-string.js';
import {
  answerError,
  type CallDescription,
  isStatusBody,
  timeoutError,
  unreachableError,
} from './request-errors.js';
import { type ResourcePathOptions, resourcePath } from './resource-path.js';
import { findResource, unknownResourceError } from './resource-resolver.js';
import type { TokenBucket } from './token-bucket.js';

const USER_AGENT = 'mcp-kubernetes';
const JSON_MEDIA_TYPE = 'application/json';
const MERGE_PATCH = 'application/merge-patch+json';

/** Told of every request sent to an API server, for metrics; `code` is the HTTP status or why none came. */
export type ApiRequestObserver = (request: { verb: string; code: string; seconds: number }) => void;

export interface RestClientOptions {
  endpoint: ClusterEndpoint;
  /** Shared with the other clients that present the same TLS identity to this server. */
  pool: ConnectionPool;
  /** Shared by every identity on this cluster: what a cluster serves does not depend on who asks. */
  discovery: DiscoveryCache;
  limiter: TokenBucket;
  clock: Clock;
  requestTimeoutMs: number;
  observeRequest?: ApiRequestObserver;
}

interface Answer {
  body: string;
  contentType: string;
}

function requestBody(options: RequestOptions): { body?: string; contentType?: string } {
  if (options.body === undefined) return {};
  const fallbackType = options.method === 'PATCH' ? MERGE_PATCH : JSON_MEDIA_TYPE;
  const contentType = options.contentType ?? fallbackType;
  // Text bodies (YAML for server-side apply) go as they are; everything else is JSON.
  const body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  return { body, contentType };
}

function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

function presentHeaders(headers: Record<string, string | string[] | undefined>): ProxiedAnswer['headers'] {
  return Object.fromEntries(
    Object.entries(headers).filter((entry): entry is [string, string | string[]] => entry[1] !== undefined),
  );
}

/** The `code` of a request that got no status back. */
function failureCode(error: unknown): string {
  if (error instanceof KubernetesError) return error.status ? String(error.status) : error.failure;
  return error instanceof Error && error.name === 'AbortError' ? 'aborted' : 'unreachable';
}

export class RestClient implements ClusterClient {
  readonly contextName: string;
  readonly server: string;
  private readonly basePath: string;
  private readonly fetchDocument: FetchDocument = (path, accept = JSON_MEDIA_TYPE) =>
    this.request({ path, accept });

  constructor(private readonly options: RestClientOptions) {
    this.contextName = options.endpoint.contextName;
    this.server = options.endpoint.server;
    // A server URL may carry a path prefix (API proxies such as Rancher's).
    this.basePath = new URL(this.server).pathname.replace(/\/$/, '');
  }

  async request<T = unknown>(options: RequestOptions): Promise<T> {
    const answer = await this.send(options, options.accept ?? JSON_MEDIA_TYPE);
    if (answer.body === '') return undefined as T;
    if (!answer.contentType.includes('json')) return answer.body as T;
    try {
      return JSON.parse(answer.body) as T;
    } catch {
      throw new KubernetesError(`${options.path} answered invalid JSON`, 'api');
    }
  }

  async requestText(options: RequestOptions): Promise<string> {
    return (await this.send(options, options.accept ?? '*/*')).body;
  }

  async proxyGet(options: ProxyGetOptions): Promise<ProxiedAnswer> {
    const get = { ...options, method: 'GET' as const };
    const answer = await this.exchange(get, '*/*', options.maxBytes);
    if (answer.status >= 400 && !answer.truncated) {
      const text = answer.body.toString('utf8');
      if (isStatusBody(text)) throw answerError(answer.status, text, this.describe(get));
    }
    return answer;
  }

  async resolve(resourceType: string, apiGroup?: string): Promise<ApiResource> {
    const { discovery } = this.options;
    const cached = findResource(await discovery.resources(this.fetchDocument), resourceType, apiGroup);
    if (cached) return cached;
    // New CRDs appear only after a reload; kubectl invalidates its discovery cache the same way.
    const fresh = await discovery.refresh(this.fetchDocument);
    const found = findResource(fresh, resourceType, apiGroup);
    if (!found) throw unknownResourceError(fresh, resourceType, apiGroup);
    return found;
  }

  resources(): Promise<ApiResource[]> {
    return this.options.discovery.resources(this.fetchDocument);
  }

  path(resource: ApiResource, options: ResourcePathOptions): string {
    return resourcePath(resource, options);
  }

  async exec(options: ExecOptions): Promise<ExecResult> {
    await this.waitForRateLimit(options.signal);
    const { endpoint } = this.options;
    const headers = { 'user-agent': USER_AGENT, ...(await this.credentialHeaders()) };
    const observe = this.startObserving(
      'EXEC',
      `/api/v1/namespaces/${options.namespace}/pods/${options.pod}/exec`,
    );
    try {
      // The WebSocket client is loaded by the first exec, not at start-up.
      const { execInPod } = await import('./pod-exec.js');
      const result = await execInPod({ server: this.server, tls: endpoint.tls, headers }, options);
      observe('101');
      return result;
    } catch (error) {
      observe(failureCode(error));
      throw error;
    }
  }

  async portForward(options: PortForwardOptions): Promise<Duplex> {
    await this.waitForRateLimit();
    const headers = { 'user-agent': USER_AGENT, ...(await this.credentialHeaders()) };
    // Loaded by the first forwarded connection, like the exec client.
    const { openPortForward, portForwardPath } = await import('./pod-port-forward.js');
    const observe = this.startObserving('PORTFORWARD', portForwardPath(options));
    try {
      const tunnel = await openPortForward(
        { server: this.server, tls: this.options.endpoint.tls, headers },
        options,
      );
      observe('101');
      return tunnel;
    } catch (error) {
      observe(failureCode(error));
      throw error;
    }
  }

  /**
   * Starts timing a request and, when tracing is on, its span (the path without its query, which
   * may carry selectors); the returned function reports it with its outcome. Untraced, nothing is
   * built for a span: every tool call makes at least one request.
   */
  private startObserving(verb: string, path: string): (code: string) => void {
    const { observeRequest } = this.options;
    const span = tracingEnabled()
      ? startSpan(`kubernetes ${verb}`, 'client', {
          'http.request.method': verb,
          'server.address': this.server,
          'url.path': `${this.basePath}${path}`,
        })
      : undefined;
    const started = performance.now();
    return (code) => {
      span?.end({ 'http.response.status_code': code }, !/^[23]/.test(code));
      observeRequest?.({ verb, code, seconds: (performance.now() - started) / 1000 });
    };
  }

  private async send(options: RequestOptions, accept: string): Promise<Answer> {
    const answer = await this.exchange(options, accept, Number.POSITIVE_INFINITY);
    const text = answer.body.toString('utf8');
    if (answer.status >= 400) throw answerError(answer.status, text, this.describe(options));
    return { body: text, contentType: headerText(answer.headers['content-type']) };
  }

  private describe(options: RequestOptions): CallDescription {
    return { server: this.server, method: options.method ?? 'GET', path: options.path };
  }

  /** One request and its answer, whatever its status, with the body cut after `maxBytes`. */
  private async exchange(options: RequestOptions, accept: string, maxBytes: number): Promise<ProxiedAnswer> {
    const method = options.method ?? 'GET';
    const timeoutMs = options.timeoutMs ?? this.options.requestTimeoutMs;
    let observe: (code: string) => void = () => {};
    try {
      const waitedMs = await this.waitForRateLimit(options.signal, timeoutMs);
      const { body, contentType } = requestBody(options);
      const headers: CredentialHeaders = {
        accept,
        'user-agent': USER_AGENT,
        ...(contentType ? { 'content-type': contentType } : {}),
        ...(await this.credentialHeaders()),
      };
      const path = withQuery(`${this.basePath}${options.path}`, options.query);
      observe = this.startObserving(method, options.path);
      const answer = await this.options.pool.exchange({
        path,
        method,
        headers,
        body,
        maxBytes,
        timeoutMs: timeoutMs - waitedMs,
        signal: options.signal,
      });
      observe(String(answer.status));
      return {
        status: answer.status,
        headers: presentHeaders(answer.headers),
        body: answer.body,
        truncated: answer.truncated,
      };
    } catch (error) {
      const timedOut = error instanceof RequestTimedOut;
      observe(timedOut ? 'timeout' : failureCode(error));
      if (error instanceof KubernetesError) throw error;
      if (timedOut) throw timeoutError(this.server, `${method} ${options.path}`, timeoutMs);
      if (options.signal?.aborted) throw options.signal.reason;
      throw unreachableError(this.server, error);
    }
  }

  /**
   * Waits as the token bucket decides; returns how long, which the request's deadline includes.
   * A wait that would reach the deadline fails at once as a timeout.
   */
  private async waitForRateLimit(
    signal?: AbortSignal,
    timeoutMs = Number.POSITIVE_INFINITY,
  ): Promise<number> {
    const waitMs = this.options.limiter.reserve();
    if (waitMs === 0) return 0;
    try {
      if (waitMs >= timeoutMs) throw new RequestTimedOut(timeoutMs);
      await this.options.clock.sleep(waitMs, signal);
      return waitMs;
    } catch (error) {
      this.options.limiter.cancel();
      throw error;
    }
  }

  private async credentialHeaders(): Promise<CredentialHeaders> {
    try {
      return await this.options.endpoint.authHeaders();
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new KubernetesError(
        `could not get credentials for context "${this.contextName}": ${reason}`,
        'unreachable',
      );
    }
  }
}

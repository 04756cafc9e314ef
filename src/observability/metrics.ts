import type { GaugeConfiguration } from 'prom-client';
import { DeferredRegistry } from './deferred-registry.js';

// Every label below takes values from a small fixed set (or from names this server defines, such as
// route templates and tool names): never a user, a token, an object name or a raw path, which would
// leak and would grow the series without bound.

export type CallOutcome = 'ok' | 'error';
export type RateLimiterName = 'ip' | 'user' | 'registration';
export type AuthFailureStage = 'bearer' | 'token_endpoint' | 'upstream_login' | 'registration';
export type DownstreamAuthResult = 'success' | 'fallback' | 'client_failure';
export type RevocationReason = 'revocation_endpoint' | 'reuse_detected' | 'expired_login';
export type RegistrationOutcome = 'registered' | 'rejected';

const PREFIX = 'mcp_kubernetes_';
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const STORE_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Methods outside the usual ones are counted together: a client may send any word there. */
export function methodLabel(method: string): string {
  return HTTP_METHODS.has(method) ? method : 'OTHER';
}

/** The server's Prometheus metrics, in a registry of their own (`/metrics` on --metrics-addr). */
export class ServerMetrics {
  readonly #registry = new DeferredRegistry();

  readonly httpRequestDuration = this.#registry.histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: 'HTTP requests by method, route template and status code, with their latency',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: SECONDS,
  });

  readonly httpRequestsInFlight = this.#registry.gauge({
    name: `${PREFIX}http_requests_in_flight`,
    help: 'HTTP requests being served, long-lived event streams excluded',
  });

  readonly toolCallDuration = this.#registry.histogram({
    name: `${PREFIX}tool_call_duration_seconds`,
    help: 'MCP tool calls by tool and outcome (ok, or error for any result marked isError), with latency',
    labelNames: ['tool', 'outcome'] as const,
    buckets: SECONDS,
  });

  readonly kubernetesRequestDuration = this.#registry.histogram({
    name: `${PREFIX}kubernetes_request_duration_seconds`,
    help:
      'Kubernetes API requests by HTTP verb and status code (or timeout, unreachable, aborted when ' +
      'none came back), with latency',
    labelNames: ['verb', 'code'] as const,
    buckets: SECONDS,
  });

  readonly storeOperationDuration = this.#registry.histogram({
    name: `${PREFIX}store_operation_duration_seconds`,
    help: 'Operations of the OAuth store by operation and outcome, with latency',
    labelNames: ['operation', 'outcome'] as const,
    buckets: STORE_SECONDS,
  });

  readonly oauthTokensIssued = this.#registry.counter({
    name: `${PREFIX}oauth_tokens_issued_total`,
    help: 'Access tokens issued for an authorization code',
  });

  readonly oauthTokensRefreshed = this.#registry.counter({
    name: `${PREFIX}oauth_tokens_refreshed_total`,
    help: 'Refresh-token rotations that issued new tokens',
  });

  readonly oauthTokensRevoked = this.#registry.counter({
    name: `${PREFIX}oauth_tokens_revoked_total`,
    help: 'Tokens (or token families) revoked, by reason',
    labelNames: ['reason'] as const,
  });

  readonly oauthRefreshReuseDetected = this.#registry.counter({
    name: `${PREFIX}oauth_refresh_token_reuse_detected_total`,
    help: 'Refresh tokens presented again after rotation (the family is revoked)',
  });

  readonly oauthClientRegistrations = this.#registry.counter({
    name: `${PREFIX}oauth_client_registrations_total`,
    help: 'Dynamic client registrations by outcome',
    labelNames: ['outcome'] as const,
  });

  readonly rateLimitHits = this.#registry.counter({
    name: `${PREFIX}rate_limit_hits_total`,
    help: 'Requests refused by a rate limit, by limiter',
    labelNames: ['limiter'] as const,
  });

  readonly authFailures = this.#registry.counter({
    name: `${PREFIX}auth_failures_total`,
    help: 'Failed authentications by stage (bearer token, token endpoint, upstream login, registration)',
    labelNames: ['stage'] as const,
  });

  readonly downstreamAuth = this.#registry.counter({
    name: `${PREFIX}downstream_auth_total`,
    help:
      "Tool calls' Kubernetes credentials under downstream OAuth: the user's own token (success), " +
      "the server's service account (fallback), or no client could be made (client_failure)",
    labelNames: ['result'] as const,
  });

  /** `recordMetrics: false`: for a server whose metrics nobody reads (DeferredRegistry.discardRecords). */
  constructor(options: { recordMetrics?: boolean } = {}) {
    if (options.recordMetrics === false) this.#registry.discardRecords();
    this.#registry.define((client, registry) =>
      client.collectDefaultMetrics({ register: registry, prefix: PREFIX }),
    );
  }

  /** A gauge whose `collect` sets its values when scraped (`this` there is the prom-client gauge). */
  collectedGauge<L extends string>(configuration: Omit<GaugeConfiguration<L>, 'registers'>): void {
    this.#registry.gauge(configuration);
  }

  /** A gauge read when scraped: its value comes from `read` (live sessions, check states). */
  gaugeReadOnScrape(name: string, help: string, read: () => number | Promise<number>): void {
    this.collectedGauge({
      name: `${PREFIX}${name}`,
      help,
      async collect() {
        this.set(await read());
      },
    });
  }

  /** Loads prom-client now: a metrics listener does, so that default metrics count from start-up. */
  async load(): Promise<void> {
    await this.#registry.load();
  }

  /** The exposition `/metrics` serves, with its content type. */
  async scrape(): Promise<{ contentType: string; text: string }> {
    const registry = await this.#registry.load();
    return { contentType: registry.contentType, text: await registry.metrics() };
  }

  // Typed recorders: the OAuth code cannot pass an unbounded label value by mistake.

  countTokenRevoked(reason: RevocationReason): void {
    this.oauthTokensRevoked.inc({ reason });
  }

  countRegistration(outcome: RegistrationOutcome): void {
    this.oauthClientRegistrations.inc({ outcome });
  }

  countRateLimitHit(limiter: RateLimiterName): void {
    this.rateLimitHits.inc({ limiter });
  }

  countAuthFailure(stage: AuthFailureStage): void {
    this.authFailures.inc({ stage });
  }

  countDownstreamAuth(result: DownstreamAuthResult): void {
    this.downstreamAuth.inc({ result });
  }
}

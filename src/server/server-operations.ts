import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { DEFAULT_METRICS_ADDR, parseHttpAddress } from '../config/index.js';
import type { ApiRequestObserver, ClusterAccess } from '../k8s/index.js';
import type { RunningTransport } from '../mcp/index.js';
import type { OAuthSettings } from '../oauth/index.js';
import {
  type MetricsListener,
  type Observability,
  type ServerMetrics,
  startMetricsServer,
} from '../observability/index.js';
import type { ServerConfig } from '../settings/index.js';

const VERSION_PROBE_TIMEOUT_MS = 2000;

/** Kubernetes API requests into `mcp_kubernetes_kubernetes_request_duration_seconds`. */
export function kubernetesRequestObserver(metrics: ServerMetrics): ApiRequestObserver {
  return ({ verb, code, seconds }) => metrics.kubernetesRequestDuration.observe({ verb, code }, seconds);
}

/**
 * The Kubernetes API is shared by every replica: when it is down, it is reported (degraded), never
 * a reason to take this replica out. `/version` is the cheapest request any identity may make.
 */
export function addKubernetesApiCheck(observability: Observability, access: ClusterAccess): void {
  observability.health.addDegradedCheck('kubernetes-api', async () => {
    await access.client().request({ path: '/version', timeoutMs: VERSION_PROBE_TIMEOUT_MS });
  });
}

const GOOGLE_ISSUER = 'https://accounts.google.com';

/**
 * The identity provider, as a degraded check: every replica shares it, so its outage is reported
 * (`/readyz?verbose`, the health gauge) but never takes this replica out of service.
 */
export function addIdentityProviderCheck(observability: Observability, oauth: OAuthSettings): void {
  const issuer = oauth.upstream.provider === 'oidc' ? oauth.upstream.issuerUrl : GOOGLE_ISSUER;
  const discovery = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  observability.health.addDegradedCheck('identity-provider', async () => {
    const answer = await fetch(discovery, { signal: AbortSignal.timeout(VERSION_PROBE_TIMEOUT_MS) });
    await answer.body?.cancel();
    if (!answer.ok) throw new Error(`${discovery} answered ${answer.status}`);
  });
}

/** The address of the metrics listener: HTTP transports by default; stdio only when asked. */
export function metricsAddress(config: ServerConfig): { host: string; port: number } | undefined {
  if (!config.metricsEnabled) return undefined;
  if (config.transport === 'stdio' && config.metricsAddr === undefined) return undefined;
  return parseHttpAddress(config.metricsAddr ?? DEFAULT_METRICS_ADDR);
}

/**
 * Starts the metrics listener. A port already taken (another server on this machine) turns metrics
 * off with a warning instead of refusing to serve MCP: Prometheus then reports the target down.
 */
export async function startMetricsListener(
  config: ServerConfig,
  observability: Observability,
  transport: RunningTransport,
): Promise<MetricsListener | undefined> {
  const address = metricsAddress(config);
  if (!address) return undefined;
  observability.metrics.gaugeReadOnScrape('mcp_sessions', 'Open MCP sessions', () =>
    transport.sessionCount(),
  );
  try {
    const listener = await startMetricsServer(address, observability.metrics, observability.health);
    observability.logger.info({ url: listener.url }, 'metrics listener started');
    return listener;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    observability.logger.warn(
      { address: config.metricsAddr ?? DEFAULT_METRICS_ADDR, reason },
      'metrics listener could not start: metrics, /healthz and /readyz are served on the MCP listener only',
    );
    return undefined;
  }
}

/**
 * The graceful part of SIGTERM: report not-ready, give load balancers `--shutdown-delay` to notice,
 * stop accepting connections, then let running requests and tool calls finish for at most
 * `--shutdown-timeout`. The caller closes everything afterwards.
 */
export async function drainForShutdown(
  config: ServerConfig,
  observability: Observability,
  transport: RunningTransport | undefined,
  logger: Logger,
): Promise<void> {
  observability.health.markShuttingDown();
  if (!transport?.stopAccepting) return;
  logger.info(
    { delayMs: config.shutdownDelay, timeoutMs: config.shutdownTimeout },
    'shutting down: not ready any more',
  );
  await sleep(config.shutdownDelay);
  transport.stopAccepting();
  const running = observability.work.count;
  const drained = await observability.work.whenIdle(config.shutdownTimeout);
  if (drained) logger.info({ finished: running }, 'shutting down: running requests finished');
  else logger.warn({ left: observability.work.count }, 'shutting down: --shutdown-timeout passed, cutting');
}

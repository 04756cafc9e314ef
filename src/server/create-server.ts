import type { Readable, Writable } from 'node:stream';
import type { Logger } from 'pino';
import { type ClusterAccess, createClusterAccess, loadForFirstRequest } from '../k8s/index.js';
import {
  loadConformanceFixtures,
  portForwardsOf,
  type RunningTransport,
  type ServerRuntime,
  selectTools,
  toolSettingsOf,
} from '../mcp/index.js';
import type { OAuthServerDeps } from '../oauth/http.js';
import {
  createObservability,
  type MetricsListener,
  type Observability,
  startTracing,
  type TraceExport,
} from '../observability/index.js';
import { deploymentFactsOf, securityStartupWarnings } from '../security/index.js';
import { parseServerConfig, type ServerConfig, type ServerConfigInput } from '../settings/index.js';
import { allTools, type ToolDefinition } from '../tools/index.js';
import { VERSION } from '../version.js';
import { type ServerMetricsView, serverMetricsView } from './downstream-auth-metrics.js';
import { createServerLogger } from './server-logger.js';
import {
  addKubernetesApiCheck,
  drainForShutdown,
  kubernetesRequestObserver,
  metricsAddress,
  startMetricsListener,
} from './server-operations.js';

export const SERVER_NAME = 'mcp-kubernetes';

/** What code can hand in besides the settings: things that have no flag. */
export interface CreateServerOptions {
  logger?: Logger;
  /** A kubeconfig as YAML text, instead of a file. */
  kubeconfigYaml?: string;
  /** Cluster access built elsewhere (the server then does not close it). */
  clusterAccess?: ClusterAccess;
  /** The tools to offer before the safety flags filter them (default: all). */
  tools?: ToolDefinition[];
  /** Streams of the stdio transport (default: the process's stdin and stdout). */
  stdio?: { stdin: Readable; stdout: Writable };
  /** What the OAuth server is built with beyond its settings: a shared store, a clock, test overrides. */
  oauth?: Omit<OAuthServerDeps, 'mcpEndpoint' | 'logger'>;
  /** How long an HTTP request body may stop arriving before it is refused (default: 5 s). */
  bodyIdleTimeoutMs?: number;
}

export interface McpKubernetesServer {
  readonly config: ServerConfig;
  /** Connects the transport: over HTTP it listens, over stdio it reads stdin. */
  start(): Promise<void>;
  /** Closes sessions, stops listening, closes the cluster connections; safe to call twice. */
  stop(): Promise<void>;
  /**
   * SIGTERM's way out: not ready at once, --shutdown-delay, stop accepting, running requests and
   * tool calls finish (at most --shutdown-timeout), then stop().
   */
  shutdown(): Promise<void>;
  /** Logger, metrics, health checks (OAuth registers its store as a critical check here). */
  readonly observability: Observability;
  /** Where the metrics listener serves /metrics, once started (when enabled). */
  readonly metricsUrl: string | undefined;
  /** The downstream OAuth counters in code: `await server.metrics().snapshot()`. */
  metrics(): ServerMetricsView;
  /** Where an HTTP transport listens once started, with the URL of its MCP endpoint. */
  readonly address: { host: string; port: number; url: string } | undefined;
  /** Settles when the transport ends by itself (stdio: the client closed stdin) or on stop(). */
  readonly ended: Promise<void>;
}

function openClusterAccess(
  config: ServerConfig,
  options: CreateServerOptions,
  observability: Observability,
): ClusterAccess {
  return createClusterAccess({
    observeRequest: kubernetesRequestObserver(observability.metrics),
    ...(config.kubeconfig ? { kubeconfigPath: config.kubeconfig } : {}),
    ...(options.kubeconfigYaml !== undefined ? { kubeconfigYaml: options.kubeconfigYaml } : {}),
    ...(config.context ? { context: config.context } : {}),
    inCluster: config.inCluster,
    ...(config.allowedContexts.length > 0 ? { allowedContexts: config.allowedContexts } : {}),
    defaultContextOnly: config.downstreamOauth,
    qps: config.qpsLimit,
    burst: config.burstLimit,
    requestTimeoutMs: config.requestTimeout,
  });
}

/** Long enough for a client's initialize and tools/list, which come at once, to be answered first. */
const FIRST_REQUEST_LOAD_DELAY_MS = 100;

/** The transport's code is loaded only when used: stdio never loads the HTTP stack. */
async function startTransport(
  runtime: ServerRuntime,
  config: ServerConfig,
  options: CreateServerOptions,
): Promise<RunningTransport> {
  if (config.transport === 'stdio') {
    const { serveStdio } = await import('../mcp/index.js');
    const streams = options.stdio ?? { stdin: process.stdin, stdout: process.stdout };
    const serving = await serveStdio(runtime, streams.stdin, streams.stdout);
    // Once initialize and tools/list are answered, while the agent's first question waits for a
    // model turn.
    setTimeout(() => void loadForFirstRequest().catch(() => {}), FIRST_REQUEST_LOAD_DELAY_MS).unref();
    return serving;
  }
  const { serveHttp } = await import('./http-transport.js');
  return serveHttp(runtime, config, options.oauth ?? {}, options.bodyIdleTimeoutMs);
}

/**
 * An MCP server for Kubernetes, configured in code as `mcp-kubernetes serve` is with flags.
 * Invalid settings throw a ConfigError naming the flag; nothing starts before start().
 */
export function createServer(
  input: ServerConfigInput = {},
  options: CreateServerOptions = {},
): McpKubernetesServer {
  const config = parseServerConfig(input);
  const logger = options.logger ?? createServerLogger(config);
  // Over stdio without --metrics-addr nothing reads the metrics: the first tool call then needs no
  // prom-client (5-6 ms), and an idle server no event-loop monitor waking it every 10 ms.
  const observability = createObservability(logger, {
    recordMetrics: config.transport !== 'stdio' || metricsAddress(config) !== undefined,
  });
  let metricsListener: MetricsListener | undefined;
  let traceExport: TraceExport | undefined;
  let transport: RunningTransport | undefined;
  let access: ClusterAccess | undefined;
  const portForwards = portForwardsOf(config);
  let stopping: Promise<void> | undefined;
  let markEnded: () => void = () => {};
  const ended = new Promise<void>((resolve) => {
    markEnded = resolve;
  });

  async function closeAccess(): Promise<void> {
    if (access && access !== options.clusterAccess) await access.close();
  }

  async function stopAll(): Promise<void> {
    observability.health.markShuttingDown();
    await transport?.close();
    // Closing the sessions closes their forwards; a call still starting one cannot outlive the server.
    await portForwards.closeAll();
    await metricsListener?.close();
    await closeAccess();
    await traceExport?.shutdown();
    markEnded();
  }

  async function startAll(): Promise<RunningTransport> {
    if (config.otelEndpoint) {
      // The SDK is loaded only when traces are wanted. Tracing is process-wide: one traced server per process.
      traceExport = await startTracing(config.otelEndpoint, VERSION);
    }
    access = options.clusterAccess ?? openClusterAccess(config, options, observability);
    addKubernetesApiCheck(observability, access);
    const catalog = selectTools(options.tools ?? allTools(), { ...config, inCluster: access.inCluster });
    const runtime: ServerRuntime = {
      name: SERVER_NAME,
      version: VERSION,
      catalog,
      access,
      settings: toolSettingsOf(config),
      portForwards,
      logger,
      observability,
      ...(config.conformanceFixtures ? { extension: await loadConformanceFixtures() } : {}),
    };
    for (const warning of config.warnings) logger.warn(warning);
    // The production checklist's failures and warnings, as `mcp-kubernetes check` prints them.
    if (config.transport !== 'stdio') {
      for (const warning of securityStartupWarnings(deploymentFactsOf(config))) logger.warn(warning);
    }
    const started = await startTransport(runtime, config, options);
    logger.info(
      { transport: config.transport, url: started.address?.url, tools: catalog.visible.length },
      'MCP server started',
    );
    return started;
  }

  return {
    config,
    get address() {
      return transport?.address;
    },
    observability,
    get metricsUrl() {
      return metricsListener?.url;
    },
    metrics: () => serverMetricsView(observability.metrics),
    ended,
    async start() {
      if (transport) throw new Error('the server is already started');
      transport = await startAll().catch(async (error: unknown) => {
        await closeAccess();
        throw error;
      });
      void transport.ended.then(() => markEnded());
      metricsListener = await startMetricsListener(config, observability, transport);
      if (config.allowUnauthenticatedHttp && config.transport !== 'stdio') {
        logger.warn(
          '--allow-unauthenticated-http: whoever reaches this port uses the cluster as this server',
        );
      }
    },
    stop() {
      stopping ??= stopAll();
      return stopping;
    },
    async shutdown() {
      if (!stopping) await drainForShutdown(config, observability, transport, logger);
      return this.stop();
    },
  };
}

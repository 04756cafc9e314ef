import type { RequestHandler } from 'express';
import type { Valkey } from 'iovalkey';
import { parseHttpAddress, urlHost } from '../config/index.js';
import { createHttpApp, type HostRule, listen, loopbackHostRules, parseHostRule } from '../http/index.js';
import { type MountedTransport, mountSse, mountStreamableHttp, requireToolScopes } from '../mcp/http.js';
import type { RunningTransport, ServerRuntime } from '../mcp/index.js';
import type { OAuthServer, OAuthServerDeps } from '../oauth/http.js';
import { instrumentStore } from '../observability/http.js';
import { loadTlsFiles } from '../security/index.js';
import type { ServerConfig } from '../settings/index.js';
import { isStoreAvailable, type Store } from '../storage/index.js';
import { mcpEndpointGuard } from './downstream-identity.js';
import { type HttpSecurity, httpSecurity } from './http-security.js';
import { addIdentityProviderCheck } from './server-operations.js';

const WILDCARD_HOSTS = new Set(['', '0.0.0.0', '::']);

/**
 * Names a request may use for this server: loopback, the address it listens on, --allowed-hosts,
 * and the host of the OAuth base URL (where browsers and clients reach it through a proxy).
 */
function hostRules(config: ServerConfig, listenHost: string, port: number): HostRule[] {
  const rules = [...loopbackHostRules(port), ...config.allowedHosts.map(parseHostRule)];
  if (!WILDCARD_HOSTS.has(listenHost)) rules.push({ hostname: urlHost(listenHost), port });
  if (config.oauth) rules.push(parseHostRule(new URL(config.oauth.baseUrl).host));
  return rules;
}

/** Runs `second` after `first` lets the request through. */
function chain(first: RequestHandler, second: RequestHandler): RequestHandler {
  return (request, response, next) =>
    first(request, response, (error?: unknown) => (error ? next(error) : second(request, response, next)));
}

function mountTransport(
  app: Parameters<typeof mountSse>[0],
  runtime: ServerRuntime,
  config: ServerConfig,
  oauth: OAuthServer | undefined,
  security: HttpSecurity,
) {
  const guard =
    oauth &&
    mcpEndpointGuard(
      oauth,
      config,
      runtime.logger,
      (result) => runtime.observability?.metrics.countDownstreamAuth(result),
      { log: security.audit, clientIp: security.clientIp },
    );
  // The per-user limit and the scope check need the principal the bearer check sets.
  const authenticate =
    guard && chain(chain(guard, security.userLimit), requireToolScopes(runtime, oauth.resourceServer));
  if (config.transport === 'sse') {
    return mountSse(app, runtime, {
      sseEndpoint: config.sseEndpoint,
      messageEndpoint: config.messageEndpoint,
      ...(authenticate ? { authenticate } : {}),
    });
  }
  return mountStreamableHttp(app, runtime, {
    endpoint: config.httpEndpoint,
    stateless: config.stateless,
    jsonResponse: config.disableStreaming,
    sessionIdleTimeoutMs: config.sessionIdleTimeout,
    maxRequestSize: config.maxRequestSize,
    ...(authenticate ? { authenticate } : {}),
  });
}

/** The OAuth server, when --enable-oauth is on: loaded only then. */
async function startOAuth(
  runtime: ServerRuntime,
  config: ServerConfig,
  deps: Omit<OAuthServerDeps, 'mcpEndpoint' | 'logger'>,
  ownStore: TokenStore | undefined,
): Promise<OAuthServer | undefined> {
  if (!config.oauth) return undefined;
  if (runtime.observability) addIdentityProviderCheck(runtime.observability, config.oauth);
  const { createOAuthServer } = await import('../oauth/http.js');
  const endpoint = config.transport === 'sse' ? config.sseEndpoint : config.httpEndpoint;
  const oauth = await createOAuthServer(config.oauth, {
    ...(ownStore ? { store: ownStore.store } : {}),
    ...deps,
    mcpEndpoint: endpoint,
    logger: runtime.logger,
  });
  // A store opened here is ours to close; the OAuth server leaves a store it was given open.
  if (!ownStore) return oauth;
  return {
    ...oauth,
    close: async () => {
      await oauth.close();
      await ownStore.store.close();
    },
  };
}

interface TokenStore {
  /** Measured, for the OAuth server. */
  store: Store;
  /** The Valkey connection, which the rate limiters share so that limits hold across replicas. */
  valkey?: Valkey;
}

/**
 * The store of --oauth-storage-type (memory by default), measured, and registered as this
 * replica's critical readiness check: without its store a replica cannot serve logins.
 */
async function openTokenStore(runtime: ServerRuntime, config: ServerConfig): Promise<TokenStore | undefined> {
  if (!config.storage) return undefined;
  const { createStore } = await import('../storage/index.js');
  const opened = await createStore(config.storage, {
    onAvailabilityChange: (available, reason) =>
      available ? runtime.logger.info(reason) : runtime.logger.warn(reason),
  });
  const valkey = (opened as { connection?: Valkey }).connection;
  const observability = runtime.observability;
  if (!observability) return { store: opened, ...(valkey ? { valkey } : {}) };
  observability.health.addCriticalCheck('store', async () => {
    if (!isStoreAvailable(opened)) throw new Error('the token store is unreachable');
  });
  return { store: instrumentStore(opened, observability.metrics), ...(valkey ? { valkey } : {}) };
}

/** The HTTP transports (streamable-http, sse) on an HTTP app of their own. */
export async function serveHttp(
  runtime: ServerRuntime,
  config: ServerConfig,
  oauthDeps: Omit<OAuthServerDeps, 'mcpEndpoint' | 'logger'>,
  bodyIdleTimeoutMs?: number,
): Promise<RunningTransport> {
  const requested = parseHttpAddress(config.httpAddr);
  if (!requested) throw new Error(`--http-addr ${config.httpAddr} is not host:port`);
  const ownStore = config.oauth && !oauthDeps.store ? await openTokenStore(runtime, config) : undefined;
  const security = httpSecurity(config, ownStore?.valkey, runtime.observability?.metrics);
  const oauth = await startOAuth(
    runtime,
    config,
    { clientIp: security.clientIp, audit: security.audit, ...oauthDeps },
    ownStore,
  );
  let rules: HostRule[] = [];
  let mounted: MountedTransport | undefined;
  const app = createHttpApp({
    hostRules: () => rules,
    maxRequestSize: config.maxRequestSize,
    ...(bodyIdleTimeoutMs === undefined ? {} : { bodyIdleTimeoutMs }),
    mcpPaths: [config.httpEndpoint, config.messageEndpoint],
    ...(runtime.observability ? { observability: runtime.observability } : {}),
    beforeHostCheck: security.beforeHostCheck,
    acceptsOrigin: security.acceptsOrigin,
    afterHostCheck: security.afterHostCheck,
    ...(oauth
      ? {
          mountBeforeBody: (routes) => {
            routes.post('/oauth/register', security.registrationLimit);
            routes.use(oauth.router);
          },
        }
      : {}),
    mount: (routes) => {
      mounted = mountTransport(routes, runtime, config, oauth, security);
    },
  });
  const tls = loadTlsFiles(config);
  const listener = await listen(app, requested.host, requested.port, tls?.serverOptions).catch(
    async (error: NodeJS.ErrnoException) => {
      await oauth?.close();
      await security.audit.close();
      throw new Error(
        `cannot listen on ${config.httpAddr}: ${error.code === 'EADDRINUSE' ? 'address in use' : error.message}`,
      );
    },
  );
  rules = hostRules(config, requested.host, listener.port);
  const shownHost = WILDCARD_HOSTS.has(requested.host) ? '127.0.0.1' : urlHost(requested.host);
  const path = config.transport === 'sse' ? config.sseEndpoint : config.httpEndpoint;
  let ended: () => void = () => {};
  return {
    address: {
      host: listener.host,
      port: listener.port,
      url: `${tls ? 'https' : 'http'}://${shownHost}:${listener.port}${path}`,
    },
    ended: new Promise((resolve) => {
      ended = resolve;
    }),
    sessionCount: () => mounted?.sessionCount() ?? 0,
    stopAccepting: () => listener.stopAccepting(),
    async close() {
      await mounted?.close();
      await listener.close();
      await oauth?.close();
      await security.audit.close();
      ended();
    },
  };
}

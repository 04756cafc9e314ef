import { parseHttpAddress, urlHost } from '../config/http-address.js';
import type { ServerConfig } from '../config/server-config.js';
import { type HostRule, loopbackHostRules, parseHostRule } from '../http/host-validation.js';
import { createHttpApp } from '../http/http-app.js';
import { listen } from '../http/http-listener.js';
import type { RunningTransport } from './running-transport.js';
import type { ServerRuntime } from './server-runtime.js';
import { mountSse } from './sse-routes.js';
import { type MountedTransport, mountStreamableHttp } from './streamable-http-routes.js';

const WILDCARD_HOSTS = new Set(['', '0.0.0.0', '::']);

/** Names a request may use for this server: loopback, the address it listens on, --allowed-hosts. */
function hostRules(config: ServerConfig, listenHost: string, port: number): HostRule[] {
  const rules = [...loopbackHostRules(port), ...config.allowedHosts.map(parseHostRule)];
  if (!WILDCARD_HOSTS.has(listenHost)) rules.push({ hostname: urlHost(listenHost), port });
  return rules;
}

function mountTransport(app: Parameters<typeof mountSse>[0], runtime: ServerRuntime, config: ServerConfig) {
  if (config.transport === 'sse') {
    return mountSse(app, runtime, {
      sseEndpoint: config.sseEndpoint,
      messageEndpoint: config.messageEndpoint,
    });
  }
  return mountStreamableHttp(app, runtime, {
    endpoint: config.httpEndpoint,
    stateless: config.stateless,
    jsonResponse: config.disableStreaming,
    sessionIdleTimeoutMs: config.sessionIdleTimeout,
    maxRequestSize: config.maxRequestSize,
  });
}

/** The HTTP transports (streamable-http, sse) on an HTTP app of their own. */
export async function serveHttp(runtime: ServerRuntime, config: ServerConfig): Promise<RunningTransport> {
  const requested = parseHttpAddress(config.httpAddr);
  if (!requested) throw new Error(`--http-addr ${config.httpAddr} is not host:port`);
  let rules: HostRule[] = [];
  let mounted: MountedTransport | undefined;
  const app = createHttpApp({
    hostRules: () => rules,
    maxRequestSize: config.maxRequestSize,
    mount: (routes) => {
      mounted = mountTransport(routes, runtime, config);
    },
  });
  const listener = await listen(app, requested.host, requested.port).catch((error: NodeJS.ErrnoException) => {
    throw new Error(
      `cannot listen on ${config.httpAddr}: ${error.code === 'EADDRINUSE' ? 'address in use' : error.message}`,
    );
  });
  rules = hostRules(config, requested.host, listener.port);
  const shownHost = WILDCARD_HOSTS.has(requested.host) ? '127.0.0.1' : urlHost(requested.host);
  const path = config.transport === 'sse' ? config.sseEndpoint : config.httpEndpoint;
  let ended: () => void = () => {};
  return {
    address: { host: listener.host, port: listener.port, url: `http://${shownHost}:${listener.port}${path}` },
    ended: new Promise((resolve) => {
      ended = resolve;
    }),
    async close() {
      await mounted?.close();
      await listener.close();
      ended();
    },
  };
}

import { isLoopbackHost } from '../net/index.js';
import { flagName } from './flag-name.js';
import { parseHttpAddress } from './http-address.js';
import {
  booleanSetting,
  byteSizeSetting,
  checkedTextSetting,
  choiceSetting,
  durationSetting,
  listSetting,
  numberSetting,
  optionalCheckedTextSetting,
  textSetting,
} from './setting.js';

export const TRANSPORTS = ['stdio', 'streamable-http', 'sse'] as const;
/** When destructive calls wait for the user's yes, asked through MCP elicitation. */
export const CONFIRM_DESTRUCTIVE = ['auto', 'always', 'never'] as const;
export const DOWNSTREAM_TOKENS = ['id-token', 'access-token'] as const;
export const DOWNSTREAM_AUTH_MODES = ['token', 'impersonate'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const DEFAULT_METRICS_ADDR = '127.0.0.1:9090';

const KIB = 1024;
const MIB = 1024 * KIB;

function checkPath(value: string): string | undefined {
  return value.startsWith('/') ? undefined : `takes a path starting with "/", got ${JSON.stringify(value)}`;
}

function checkCollectorUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return undefined;
  } catch {}
  return `takes the http(s) URL of an OTLP collector such as http://otel-collector:4318, got ${JSON.stringify(value)}`;
}

function checkHttpAddress(value: string): string | undefined {
  return parseHttpAddress(value)
    ? undefined
    : `takes host:port such as 127.0.0.1:8080, [::1]:8080 or :8080 (every interface), got ${JSON.stringify(value)}`;
}

const HOST_NAME = /^(?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

function checkHostName(value: string): string | undefined {
  return HOST_NAME.test(value)
    ? undefined
    : `takes host names such as mcp.example.com or mcp.example.com:8443, got ${JSON.stringify(value)}`;
}

/**
 * The server's own settings (transports, Kubernetes access, tools, logs, metrics, shutdown): the single
 * source of their flags (the key in kebab-case), environment variables, defaults and help text. The
 * security, OAuth and token-store layers declare theirs beside their code; src/settings assembles all.
 */
export const serverSettings = {
  transport: choiceSetting(TRANSPORTS, 'stdio', {
    description: 'how clients connect: stdio, streamable-http, or sse (deprecated HTTP+SSE, for old clients)',
  }),
  httpAddr: checkedTextSetting('127.0.0.1:8080', checkHttpAddress, {
    description: 'address the HTTP transports listen on (port 0 picks a free port)',
    placeholder: 'host:port',
  }),
  httpEndpoint: checkedTextSetting('/mcp', checkPath, {
    description: 'path of the streamable-http endpoint',
    placeholder: 'path',
  }),
  sseEndpoint: checkedTextSetting('/sse', checkPath, {
    description: 'path of the event stream of the sse transport (deprecated HTTP+SSE)',
    placeholder: 'path',
  }),
  messageEndpoint: checkedTextSetting('/message', checkPath, {
    description: 'path the sse transport receives messages on (deprecated HTTP+SSE)',
    placeholder: 'path',
  }),
  disableStreaming: booleanSetting(false, {
    description: 'answer streamable-http requests with plain JSON instead of SSE streams',
  }),
  stateless: booleanSetting(false, {
    description:
      'no MCP sessions for 2025-11-25 clients either (for several replicas without sticky sessions); ' +
      'contexts are chosen per call',
  }),
  sessionIdleTimeout: durationSetting(30 * 60_000, 1000, {
    description: 'close MCP sessions that have been idle this long',
  }),
  allowedHosts: listSetting(
    {
      description:
        'extra Host/Origin names accepted besides loopback (name or name:port), against DNS rebinding',
      placeholder: 'hosts',
    },
    { check: checkHostName },
  ),
  allowUnauthenticatedHttp: booleanSetting(false, {
    description:
      'INSECURE: serve HTTP beyond loopback without authentication (anyone who can connect uses the cluster)',
  }),
  maxRequestSize: byteSizeSetting(
    4 * MIB,
    { min: KIB, max: 64 * MIB },
    {
      description: 'largest HTTP request body accepted; larger ones get 413',
      env: 'MAX_REQUEST_SIZE',
    },
  ),
  kubeconfig: textSetting({
    description: 'kubeconfig file (default: the files listed in $KUBECONFIG, else ~/.kube/config)',
    placeholder: 'path',
    // KUBECONFIG may list several files; the Kubernetes access layer reads it as kubectl does.
    env: false,
  }),
  context: textSetting({
    description: 'kubeconfig context to use by default (default: its current-context)',
    placeholder: 'name',
  }),
  inCluster: booleanSetting(false, {
    description: "use the pod's service account instead of a kubeconfig",
  }),
  allowedContexts: listSetting({
    description: 'the only kubeconfig contexts a call may name (default: all of them)',
    placeholder: 'names',
  }),
  downstreamOauth: booleanSetting(false, {
    description:
      "call Kubernetes as the logged-in user (their upstream token), not with the server's credentials " +
      '(needs --enable-oauth)',
  }),
  downstreamToken: choiceSetting(DOWNSTREAM_TOKENS, 'id-token', {
    description: 'the upstream token sent to Kubernetes: id-token (OIDC clusters) or access-token (GKE)',
  }),
  downstreamAuth: choiceSetting(DOWNSTREAM_AUTH_MODES, 'token', {
    description:
      "how the user reaches Kubernetes: token (their own token) or impersonate (the server's credential " +
      'with Impersonate-User/-Group, for clusters that do not trust the identity provider)',
  }),
  downstreamOauthInsecureFallback: booleanSetting(false, {
    description:
      "INSECURE: when a user's token is unavailable, call Kubernetes with the server's credentials instead " +
      'of asking the user to log in again',
  }),
  qpsLimit: numberSetting(
    50,
    { min: 0.1, max: 10_000, integer: false },
    {
      description: 'Kubernetes API requests per second, on average',
      placeholder: 'n',
    },
  ),
  burstLimit: numberSetting(
    100,
    { min: 1, max: 100_000, integer: true },
    {
      description: 'Kubernetes API requests allowed in a burst above --qps-limit',
      placeholder: 'n',
    },
  ),
  requestTimeout: durationSetting(30_000, 100, {
    description: 'timeout of one Kubernetes API request',
  }),
  nonDestructive: booleanSetting(true, {
    description: 'hide every tool that writes or execs (unless --dry-run makes writes harmless)',
  }),
  dryRun: booleanSetting(false, {
    description: 'send writes with dryRun=All (validated, never stored); exec stays disabled',
  }),
  confirmDestructive: choiceSetting(CONFIRM_DESTRUCTIVE, 'auto', {
    description:
      'ask the user through MCP elicitation before delete, drain and exec: auto (when the client can ' +
      "ask), always (refuse them when it can't), never",
  }),
  readOnly: booleanSetting(false, {
    description: 'hide every tool that writes, execs or forwards ports, whatever the other flags say',
  }),
  allowPortForward: booleanSetting(false, {
    description:
      "offer the port-forward tools over HTTP, where the forwarded ports open on the server's machine " +
      "(not the caller's); over stdio they are offered without it",
  }),
  maxPortForwardsPerSession: numberSetting(
    10,
    { min: 1, max: 1000, integer: true },
    { description: 'port forwards one MCP session may hold open at once', placeholder: 'n' },
  ),
  maxPortForwards: numberSetting(
    100,
    { min: 1, max: 10_000, integer: true },
    { description: 'port forwards all MCP sessions together may hold open at once', placeholder: 'n' },
  ),
  allowedNamespaces: listSetting({
    description: 'confine every call to these namespaces (default: all)',
    placeholder: 'namespaces',
  }),
  deniedResources: listSetting({
    description: 'resources no tool may touch, e.g. secrets,rbac.authorization.k8s.io/*',
    placeholder: 'resources',
  }),
  enabledTools: listSetting({
    description: 'offer only these tools (default: all that the safety flags allow)',
    placeholder: 'tools',
  }),
  disabledTools: listSetting({
    description: 'never offer these tools',
    placeholder: 'tools',
  }),
  maxOutputBytes: byteSizeSetting(
    64 * KIB,
    { min: KIB, max: 16 * MIB },
    {
      description: 'cut tool results above this size at an item boundary, with a note',
    },
  ),
  httpGetMaxBytes: byteSizeSetting(
    64 * KIB,
    { min: KIB, max: 16 * MIB },
    {
      description: 'kubernetes_http_get: cut response bodies after this size, saying so',
    },
  ),
  logLevel: choiceSetting(LOG_LEVELS, 'info', {
    description: `log level on stderr: ${LOG_LEVELS.join(', ')}`,
  }),
  debug: booleanSetting(false, {
    description: 'log at debug level (same as --log-level=debug)',
  }),
  metricsEnabled: booleanSetting(true, {
    description: 'serve Prometheus metrics, /healthz and /readyz on --metrics-addr',
  }),
  metricsAddr: optionalCheckedTextSetting(`${DEFAULT_METRICS_ADDR} with HTTP transports`, checkHttpAddress, {
    description: 'address of the metrics listener; with stdio, metrics are served only when this is given',
    placeholder: 'host:port',
  }),
  otelEndpoint: optionalCheckedTextSetting('no tracing', checkCollectorUrl, {
    description:
      'send OpenTelemetry traces (OTLP/HTTP) to this collector; a URL without a path gets /v1/traces',
    env: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    placeholder: 'url',
  }),
  shutdownDelay: durationSetting(5000, 0, {
    description: 'on SIGTERM, report not-ready this long before closing, so load balancers notice',
  }),
  shutdownTimeout: durationSetting(30_000, 0, {
    description: 'on SIGTERM, wait at most this long for running requests and tool calls to finish',
  }),
  conformanceFixtures: booleanSetting(false, {
    description:
      'for the MCP conformance suite only: also serve its test_* tools, test:// resources and test ' +
      'prompts (never in production)',
    // A flag only: an environment variable left over in a deployment must not turn the fixtures on.
    env: false,
  }),
};

export type SettingKey = keyof typeof serverSettings;

/**
 * Why serving HTTP on this address is refused, or undefined: beyond loopback, callers must be
 * authenticated (OAuth) unless the operator says something in front of the server does it.
 */
export function httpExposureProblem(
  config: { transport: string; httpAddr: string; allowUnauthenticatedHttp: boolean },
  oauthEnabled: boolean,
): string | undefined {
  if (config.transport === 'stdio' || config.allowUnauthenticatedHttp || oauthEnabled) return undefined;
  const address = parseHttpAddress(config.httpAddr);
  if (!address || isLoopbackHost(address.host)) return undefined;
  return (
    `${flagName('httpAddr')} ${config.httpAddr} listens beyond loopback without authentication: anyone who ` +
    "can reach it would use the cluster with this server's credentials. Turn on --enable-oauth, listen on " +
    '127.0.0.1, or pass --allow-unauthenticated-http if something in front of it authenticates callers'
  );
}

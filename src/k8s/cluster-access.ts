// The clusters this server may reach: from a kubeconfig (contexts, --context, --allowed-contexts)
// or from the pod it runs in. Clients are cached: one per context with the server's own
// credentials, and a bounded number per (context, identity) for downstream identities.
import { createHash } from 'node:crypto';
import { type Clock, systemClock } from './clock.js';
import type { ClusterAccess, ClusterClient, ClusterIdentity, ContextSummary } from './cluster-client.js';
import { ClusterConfigError } from './cluster-config-error.js';
import type { ClusterEndpoint } from './cluster-endpoint.js';
import { ClusterSite } from './cluster-site.js';
import { hasServiceAccount, loadInClusterConfig, SERVICE_ACCOUNT_DIR } from './in-cluster-config.js';
import { contextSummary, kubeconfigEndpoint } from './kubeconfig-context.js';
import type { Kubeconfig } from './kubeconfig-document.js';
import { loadKubeconfig } from './kubeconfig-loading.js';
import { KubernetesError } from './kubernetes-error.js';
import { LruCache } from './lru-cache.js';
import type { ApiRequestObserver } from './rest-client.js';

export interface ClusterAccessOptions {
  kubeconfigPath?: string;
  kubeconfigYaml?: string;
  context?: string;
  inCluster?: boolean;
  inClusterDir?: string;
  allowedContexts?: string[];
  /**
   * Without allowedContexts, allow the default context alone: downstream OAuth sends user tokens
   * only to clusters the operator named, and an ID token is good for every cluster that trusts it.
   */
  defaultContextOnly?: boolean;
  qps: number;
  burst: number;
  requestTimeoutMs: number;
  /** How many per-user clients are kept (least recently used ones are dropped). Default 1000. */
  identityCacheSize?: number;
  /** Told of every API request (verb, status code, latency), for metrics. */
  observeRequest?: ApiRequestObserver;
  /** For tests: the rate limiter's clock. */
  clock?: Clock;
  /** For tests: the environment read for KUBECONFIG and KUBERNETES_SERVICE_HOST/PORT. */
  env?: NodeJS.ProcessEnv;
}

const IDENTITY_CLIENT_MAX_IDLE_MS = 60 * 60_000;
const DEFAULT_IDENTITY_CACHE_SIZE = 1000;

/** Where the clusters come from: endpoints by context name, and which one is the default. */
interface ClusterSource {
  inCluster: boolean;
  contexts: ContextSummary[];
  defaultContext: string;
  endpoint(contextName: string): ClusterEndpoint;
}

function listed(names: string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}

function chooseDefaultContext(kubeconfig: Kubeconfig, requested?: string, allowed?: string[]): string {
  const defined = kubeconfig.contexts.map((context) => context.name);
  for (const name of allowed ?? []) {
    if (!defined.includes(name)) {
      throw new ClusterConfigError(
        `allowed context "${name}" is not defined in the kubeconfig (it defines ${listed(defined)})`,
      );
    }
  }
  const choice = requested ?? kubeconfig.currentContext;
  if (!choice) {
    if (allowed?.[0]) return allowed[0];
    throw new ClusterConfigError(`the kubeconfig sets no current-context; choose one of ${listed(defined)}`);
  }
  if (!defined.includes(choice)) {
    throw new ClusterConfigError(
      `context "${choice}" is not defined in the kubeconfig (it defines ${listed(defined)})`,
    );
  }
  if (allowed && !allowed.includes(choice)) {
    // The kubeconfig's current context may simply be outside the allowed ones: use the first.
    if (!requested && allowed[0]) return allowed[0];
    throw new ClusterConfigError(
      `context "${choice}" is not among the allowed contexts (${listed(allowed)})`,
    );
  }
  return choice;
}

function kubeconfigSource(kubeconfig: Kubeconfig, options: ClusterAccessOptions): ClusterSource {
  const allowed = options.allowedContexts?.length ? options.allowedContexts : undefined;
  const defaultContext = chooseDefaultContext(kubeconfig, options.context, allowed);
  // A broken default context must stop the start, not the first call.
  kubeconfigEndpoint(kubeconfig, defaultContext);
  const usable = allowed ?? (options.defaultContextOnly ? [defaultContext] : undefined);
  const contexts = kubeconfig.contexts
    .filter((context) => !usable || usable.includes(context.name))
    .map((context) => contextSummary(kubeconfig, context));
  return {
    inCluster: false,
    contexts,
    defaultContext,
    endpoint: (contextName) => kubeconfigEndpoint(kubeconfig, contextName),
  };
}

function inClusterSource(dir: string, options: ClusterAccessOptions, clock: Clock): ClusterSource {
  const config = loadInClusterConfig(dir, options.env ?? process.env, () => clock.now());
  return {
    inCluster: true,
    contexts: [config.context],
    defaultContext: config.context.name,
    endpoint: () => config.endpoint,
  };
}

function clusterSource(options: ClusterAccessOptions, clock: Clock): ClusterSource {
  const dir = options.inClusterDir ?? SERVICE_ACCOUNT_DIR;
  if (options.inCluster) return inClusterSource(dir, options, clock);
  const kubeconfig = loadKubeconfig(options, options.env ?? process.env);
  if (kubeconfig) return kubeconfigSource(kubeconfig, options);
  // Like client-go's loading rules: no kubeconfig anywhere, but running in a pod.
  if (hasServiceAccount(dir)) return inClusterSource(dir, options, clock);
  throw new ClusterConfigError(
    'no kubeconfig found: KUBECONFIG is not set and ~/.kube/config does not exist; ' +
      'pass --kubeconfig, or --in-cluster when running in a pod',
  );
}

/** The cache key of a per-user client: the context and a hash of the identity (never the token itself). */
function identityKey(contextName: string, identity: ClusterIdentity): string {
  const who =
    'bearerToken' in identity
      ? `token\n${identity.bearerToken}`
      : `impersonate\n${JSON.stringify([identity.impersonate.user, ...identity.impersonate.groups])}`;
  return `${contextName}\n${createHash('sha256').update(who).digest('base64url')}`;
}

function identityClient(site: ClusterSite, identity: ClusterIdentity): ClusterClient {
  if ('bearerToken' in identity) return site.bearerClient(identity.bearerToken);
  return site.impersonatingClient(identity.impersonate.user, identity.impersonate.groups);
}

/**
 * Loads the kubeconfig (or in-cluster configuration) and checks the chosen contexts. Throws
 * ClusterConfigError, with a message meant to be printed as is, when they cannot be used.
 */
export function createClusterAccess(options: ClusterAccessOptions): ClusterAccess {
  const clock = options.clock ?? systemClock;
  const source = clusterSource(options, clock);
  const settings = {
    qps: options.qps,
    burst: options.burst,
    requestTimeoutMs: options.requestTimeoutMs,
    clock,
    ...(options.observeRequest ? { observeRequest: options.observeRequest } : {}),
  };
  const sites = new Map<string, ClusterSite>();
  // Per-user clients are light (the connection pool is shared), but a user who stopped calling
  // should not keep one, nor its token, in memory: they go after an hour unused.
  const identityClients = new LruCache<string, ClusterClient>(
    options.identityCacheSize ?? DEFAULT_IDENTITY_CACHE_SIZE,
    { maxIdleMs: IDENTITY_CLIENT_MAX_IDLE_MS, now: () => clock.now() },
  );
  const allowedNames = source.contexts.map((context) => context.name);
  const confinementNote =
    options.defaultContextOnly && !options.allowedContexts?.length
      ? ' (user credentials go only to the default context unless --allowed-contexts names others)'
      : '';

  function site(contextName: string): ClusterSite {
    if (!allowedNames.includes(contextName)) {
      throw new KubernetesError(
        `context "${contextName}" is not allowed; the allowed contexts are ${listed(allowedNames)}${confinementNote}`,
        'not-allowed',
      );
    }
    const known = sites.get(contextName);
    if (known) return known;
    let endpoint: ClusterEndpoint;
    try {
      endpoint = source.endpoint(contextName);
    } catch (error) {
      // Another context than the default one, found broken only when first used.
      throw new KubernetesError(error instanceof Error ? error.message : String(error), 'unreachable');
    }
    const created = new ClusterSite(endpoint, settings);
    sites.set(contextName, created);
    return created;
  }

  return {
    inCluster: source.inCluster,
    contexts: () => source.contexts.map((context) => ({ ...context })),
    defaultContext: () => source.defaultContext,
    client(contextName = source.defaultContext, identity) {
      const clusterSite = site(contextName);
      if (!identity) return clusterSite.serverClient();
      const key = identityKey(contextName, identity);
      const cached = identityClients.get(key);
      if (cached) return cached;
      const created = identityClient(clusterSite, identity);
      identityClients.set(key, created);
      return created;
    },
    async close() {
      identityClients.clear();
      await Promise.all([...sites.values()].map((clusterSite) => clusterSite.close()));
      sites.clear();
    },
  };
}

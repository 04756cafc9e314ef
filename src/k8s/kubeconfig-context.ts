// One kubeconfig context as this server uses it: a summary that is safe to show (never a
// credential) and an endpoint whose TLS material we hand to our own connection pool, while
// client-node keeps doing what it is good at: exec plugins and auth providers. It is loaded only
// for those: static tokens and basic auth are the same headers it would send, without its cost.
import { readFileSync } from 'node:fs';
import type { RequestOptions as HttpsRequestOptions } from 'node:https';
import type { Cluster, Context, KubeConfig, User } from '@kubernetes/client-node';
import type { ContextSummary } from './cluster-client.js';
import { ClusterConfigError } from './cluster-config-error.js';
import type { ClusterEndpoint, TlsSettings } from './cluster-endpoint.js';
import type { Kubeconfig } from './kubeconfig-document.js';

/** The server URL without user info (a kubeconfig may embed a password there) or trailing slash. */
function displayedServer(server: string): string {
  try {
    const url = new URL(server);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return server.replace(/\/$/, '');
  }
}

export function contextSummary(kubeconfig: Kubeconfig, context: Context): ContextSummary {
  const cluster = kubeconfig.getCluster(context.cluster);
  return {
    name: context.name,
    cluster: context.cluster,
    server: cluster ? displayedServer(cluster.server) : '',
    user: context.user,
    ...(context.namespace ? { namespace: context.namespace } : {}),
  };
}

function readMaterial(contextName: string, what: string, file?: string, data?: string): Buffer | undefined {
  try {
    // client-node's rule: the file wins over the inline data.
    if (file) return readFileSync(file);
    return data ? Buffer.from(data, 'base64') : undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ClusterConfigError(`context "${contextName}": cannot read the ${what}: ${reason}`);
  }
}

function definedOnly(settings: TlsSettings): TlsSettings {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
}

/** The credential headers client-node would send (its agent is discarded: our pool connects). */
async function credentialHeaders(kubeconfig: KubeConfig): Promise<Record<string, string>> {
  const options: HttpsRequestOptions = { headers: {} };
  await kubeconfig.applyToHTTPSOptions(options);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (typeof value === 'string') headers[name.toLowerCase()] = value;
  }
  if (options.auth) headers.authorization = basicAuthorization(options.auth);
  return headers;
}

function basicAuthorization(userAndPassword: string): string {
  return `Basic ${Buffer.from(userAndPassword).toString('base64')}`;
}

/** What client-node's applyToHTTPSOptions sends for a user without exec plugin or auth provider. */
function staticCredentialHeaders(user: User): Record<string, string> {
  const headers: Record<string, string> = {};
  if (user.impersonateUser != null) headers['impersonate-user'] = user.impersonateUser;
  if (user.token) headers.authorization = `Bearer ${user.token}`;
  if (user.username) headers.authorization = basicAuthorization(`${user.username}:${user.password}`);
  return headers;
}

/**
 * Exec plugins and auth providers: a one-context client-node KubeConfig asked per request (they
 * cache). TLS and plain HTTP are our pool's business, so client-node's refusal of http:// servers
 * without insecure-skip-tls-verify must not apply.
 */
function pluginCredentialHeaders(cluster: Cluster, user: User, context: Context) {
  const credentials = once(async () => {
    const { KubeConfig } = await import('@kubernetes/client-node');
    const kubeconfig = new KubeConfig();
    kubeconfig.loadFromOptions({
      clusters: [{ ...cluster, skipTLSVerify: true }],
      users: [user],
      contexts: [context],
      currentContext: context.name,
    });
    return kubeconfig;
  });
  return async () => credentialHeaders(await credentials());
}

function once<T>(compute: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => {
    result ??= compute();
    return result;
  };
}

/** The endpoint of a context the kubeconfig defines; throws ClusterConfigError when it is broken. */
export function kubeconfigEndpoint(kubeconfig: Kubeconfig, contextName: string): ClusterEndpoint {
  const context = kubeconfig.getContextObject(contextName);
  if (!context) throw new ClusterConfigError(`the kubeconfig has no context "${contextName}"`);
  const cluster = kubeconfig.getCluster(context.cluster);
  if (!cluster) {
    throw new ClusterConfigError(
      `context "${contextName}" names cluster "${context.cluster}", which is not defined`,
    );
  }
  const user = kubeconfig.getUser(context.user);
  if (!user) {
    throw new ClusterConfigError(
      `context "${contextName}" names user "${context.user}", which is not defined`,
    );
  }
  const tls = definedOnly({
    ca: readMaterial(contextName, 'certificate authority', cluster.caFile, cluster.caData),
    cert: readMaterial(contextName, 'client certificate', user.certFile, user.certData),
    key: readMaterial(contextName, 'client key', user.keyFile, user.keyData),
    rejectUnauthorized: !cluster.skipTLSVerify,
    servername: cluster.tlsServerName,
  });
  const headers = staticCredentialHeaders(user);
  return {
    contextName,
    server: cluster.server.replace(/\/$/, ''),
    tls,
    authHeaders:
      user.exec || user.authProvider ? pluginCredentialHeaders(cluster, user, context) : async () => headers,
  };
}

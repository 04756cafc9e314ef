// The API server and credential a pod is given: KUBERNETES_SERVICE_HOST/PORT and the mounted
// service-account directory (CA, rotating token, namespace), as client-go's InClusterConfig reads.
import { existsSync, readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { join } from 'node:path';
import type { ContextSummary } from './cluster-client.js';
import { ClusterConfigError } from './cluster-config-error.js';
import type { ClusterEndpoint } from './cluster-endpoint.js';
import { serviceAccountToken } from './service-account-token.js';

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
export const IN_CLUSTER_CONTEXT = 'in-cluster';

export interface InClusterConfig {
  endpoint: ClusterEndpoint;
  context: ContextSummary;
}

function apiServerUrl(env: NodeJS.ProcessEnv): string {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) {
    throw new ClusterConfigError(
      'in-cluster configuration needs KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT, ' +
        'which Kubernetes sets in every pod; outside a cluster, use a kubeconfig instead of --in-cluster',
    );
  }
  return `https://${isIPv6(host) ? `[${host}]` : host}:${port}`;
}

function requireFile(path: string, what: string): void {
  if (!existsSync(path)) {
    throw new ClusterConfigError(
      `in-cluster configuration: the service account ${what} ${path} does not exist ` +
        '(is automountServiceAccountToken disabled for this pod?)',
    );
  }
}

/** True when a pod's service-account token is mounted, the fallback when there is no kubeconfig. */
export function hasServiceAccount(dir = SERVICE_ACCOUNT_DIR): boolean {
  return existsSync(join(dir, 'token'));
}

export function loadInClusterConfig(dir: string, env: NodeJS.ProcessEnv, now: () => number): InClusterConfig {
  const server = apiServerUrl(env);
  const caFile = join(dir, 'ca.crt');
  const tokenFile = join(dir, 'token');
  requireFile(caFile, 'CA certificate');
  requireFile(tokenFile, 'token');
  const namespaceFile = join(dir, 'namespace');
  const namespace = existsSync(namespaceFile) ? readFileSync(namespaceFile, 'utf8').trim() : undefined;
  const token = serviceAccountToken(tokenFile, now);
  return {
    endpoint: {
      contextName: IN_CLUSTER_CONTEXT,
      server,
      tls: { ca: readFileSync(caFile) },
      authHeaders: async () => ({ authorization: `Bearer ${await token()}` }),
    },
    context: {
      name: IN_CLUSTER_CONTEXT,
      cluster: IN_CLUSTER_CONTEXT,
      server,
      user: 'service-account',
      ...(namespace ? { namespace } : {}),
    },
  };
}

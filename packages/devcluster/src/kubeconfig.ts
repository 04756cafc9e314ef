import { stringify } from 'yaml';

export interface KubeconfigOptions {
  server: string;
  caCert?: string;
  token: string;
  clusterName?: string;
  userName?: string;
}

/** A kubeconfig with one cluster, one token user and one context that joins them. */
export function buildKubeconfig(options: KubeconfigOptions): string {
  const clusterName = options.clusterName ?? 'devcluster';
  const userName = options.userName ?? 'admin';
  const cluster: Record<string, string | boolean> = { server: options.server };
  if (options.caCert) cluster['certificate-authority-data'] = Buffer.from(options.caCert).toString('base64');
  // Plain HTTP has no certificate to verify; client-node refuses http:// servers without this.
  if (options.server.startsWith('http://')) cluster['insecure-skip-tls-verify'] = true;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: clusterName, cluster }],
    users: [{ name: userName, user: { token: options.token } }],
    contexts: [{ name: clusterName, context: { cluster: clusterName, user: userName } }],
    'current-context': clusterName,
    preferences: {},
  });
}

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// No conformance scenario reaches Kubernetes, but `serve` wants a kubeconfig: this one names a
// loopback port nothing listens on.
const KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{ name: none, cluster: { server: "https://127.0.0.1:9" } }]
users: [{ name: none, user: { token: unused } }]
contexts: [{ name: none, context: { cluster: none, user: none } }]
current-context: none
`;

/** Writes the kubeconfig into `directory` and returns its path. */
export async function writeUnreachableKubeconfig(directory: string): Promise<string> {
  const path = join(directory, 'kubeconfig');
  await writeFile(path, KUBECONFIG);
  return path;
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DevCluster, startDevCluster } from '@mcp-kubernetes/devcluster';

/** The simulator as an OIDC cluster: it accepts ID tokens of this provider as people's credentials. */
export type BenchClusterOidc = NonNullable<Parameters<typeof startDevCluster>[0]>['oidc'];

/** The simulator over HTTPS (kubectl and Go clients send tokens only over HTTPS) and its kubeconfig file. */
export interface BenchCluster {
  cluster: DevCluster;
  kubeconfigPath: string;
  stop(): Promise<void>;
}

/** `pods` extra running pods in namespace `load`, besides the default seed. */
export async function startBenchCluster(pods: number, oidc?: BenchClusterOidc): Promise<BenchCluster> {
  const cluster = await startDevCluster({ tls: true, pods, ...(oidc ? { oidc } : {}) });
  const dir = mkdtempSync(join(tmpdir(), 'mcp-bench-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(kubeconfigPath, cluster.kubeconfig, { mode: 0o600 });
  return {
    cluster,
    kubeconfigPath,
    async stop() {
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

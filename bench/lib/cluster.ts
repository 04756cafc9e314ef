import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DevCluster, startDevCluster } from '@mcp-kubernetes/devcluster';

/** The simulator over HTTPS (kubectl and Go clients send tokens only over HTTPS) and its kubeconfig file. */
export interface BenchCluster {
  cluster: DevCluster;
  kubeconfigPath: string;
  stop(): Promise<void>;
}

/** `pods` extra running pods in namespace `load`, besides the default seed. */
export async function startBenchCluster(pods: number): Promise<BenchCluster> {
  const cluster = await startDevCluster({ tls: true, pods });
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

// Running commands in pods over WebSocket (v5.channel.k8s.io), over plain HTTP and over TLS:
// output, exit codes, refusals and the deadline.

import { type DevCluster, startDevCluster } from '@mcp-kubernetes/devcluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterAccess, ClusterClient } from '../../../src/k8s/cluster-client.js';
import type { KubeList } from '../../../src/k8s/kube-object.js';
import { KubernetesError } from '../../../src/k8s/kubernetes-error.js';
import { accessTo } from './access-helpers.js';

describe.each([
  { transport: 'HTTP', tls: false },
  { transport: 'TLS', tls: true },
])('exec over $transport', ({ tls }) => {
  let devcluster: DevCluster;
  let access: ClusterAccess;
  let client: ClusterClient;
  let pod: string;

  beforeAll(async () => {
    devcluster = await startDevCluster({ seed: 'default', tls });
    access = accessTo(devcluster.kubeconfig);
    client = access.client();
    const pods = await client.request<KubeList>({
      path: '/api/v1/namespaces/team-a/pods',
      query: { labelSelector: 'app=web', fieldSelector: 'status.phase=Running' },
    });
    pod = pods.items[0]?.metadata?.name ?? '';
  });
  afterAll(async () => {
    await access.close();
    await devcluster.stop();
  });

  const exec = (command: string[], timeoutMs = 10_000) =>
    client.exec({ namespace: 'team-a', pod, command, timeoutMs });

  it('returns the stdout of echo hi and exit code 0', async () => {
    expect(await exec(['echo', 'hi'])).toEqual({ stdout: 'hi\n', stderr: '', exitCode: 0 });
  });

  it('reports the exit code of a command that fails', async () => {
    expect(await exec(['sh', '-c', 'exit 3'])).toMatchObject({ exitCode: 3 });
  });

  it('keeps stderr apart from stdout', async () => {
    expect(await exec(['sh', '-c', 'echo out; echo err >&2; exit 1'])).toEqual({
      stdout: 'out\n',
      stderr: 'err\n',
      exitCode: 1,
    });
  });

  it('stops waiting at the deadline and reports a timeout', async () => {
    const error = await exec(['sleep', '30'], 300).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(KubernetesError);
    expect(error).toMatchObject({
      failure: 'timeout',
      message: `the Kubernetes API server at ${devcluster.url} did not answer exec in pod team-a/${pod} within 300 ms`,
    });
  });

  it("refuses a pod that does not exist with the API server's Status", async () => {
    const error = await client
      .exec({ namespace: 'team-a', pod: 'nope', command: ['ls'], timeoutMs: 5_000 })
      .catch((reason: unknown) => reason);
    expect(error).toMatchObject({
      failure: 'api',
      status: 404,
      reason: 'NotFound',
      message: 'pods "nope" not found',
    });
  });

  it('refuses a container that does not exist', async () => {
    const error = await client
      .exec({ namespace: 'team-a', pod, container: 'nope', command: ['ls'], timeoutMs: 5_000 })
      .catch((reason: unknown) => reason);
    expect(error).toMatchObject({ failure: 'api', status: 400, reason: 'BadRequest' });
  });
});

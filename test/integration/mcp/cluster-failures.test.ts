import { type DevCluster, startDevCluster } from '@mcp-kubernetes/devcluster';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { McpKubernetesServer } from '../../../src/server/create-server.js';
import {
  call,
  closedPortUrl,
  connectStreamableHttp,
  kubeconfigYaml,
  startHttpServer,
  startSilentServer,
  type TempFiles,
  tempFiles,
} from './mcp-fixtures.js';

let devcluster: DevCluster;
let silent: Awaited<ReturnType<typeof startSilentServer>>;
let files: TempFiles;
let server: McpKubernetesServer & { url: string };
let client: Client;

beforeAll(async () => {
  devcluster = await startDevCluster({ seed: 'default' });
  silent = await startSilentServer();
  files = tempFiles();
  const token = devcluster.adminToken;
  const kubeconfig = files.write(
    'kubeconfig',
    kubeconfigYaml(
      [
        { name: 'dev', server: devcluster.url, token },
        { name: 'down', server: await closedPortUrl(), token },
        { name: 'hung', server: silent.url, token },
      ],
      'dev',
    ),
  );
  server = await startHttpServer({ kubeconfig, requestTimeout: '1s' });
  client = await connectStreamableHttp(server.url);
});

afterAll(async () => {
  await client.close();
  await server.stop();
  await silent.stop();
  await devcluster.stop();
  files.remove();
});

describe('an API server that fails', () => {
  it('reports a server that is down as a clear tool error', async () => {
    const result = await call(client, 'kubernetes_list', { resourceType: 'pods', context: 'down' });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/reach|refused|unreachable/i);
    expect(result.text).not.toContain('    at ');
  });

  it('reports a server that never answers as a timeout within --request-timeout', async () => {
    const started = Date.now();
    const result = await call(client, 'kubernetes_list', { resourceType: 'pods', context: 'hung' });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/time/i);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('keeps serving calls to a healthy cluster afterwards', async () => {
    const result = await call(client, 'kubernetes_list', { resourceType: 'namespaces' });
    expect(result).toMatchObject({ isError: false, text: expect.stringContaining('team-a') });
  });
});

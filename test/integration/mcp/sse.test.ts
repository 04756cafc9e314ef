import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { McpKubernetesServer } from '../../../src/server/create-server.js';
import { call, connectSse, startHttpServer, toolNames, useTeamCluster } from './mcp-fixtures.js';

const cluster = useTeamCluster();
let server: McpKubernetesServer & { url: string };
let client: Client;

beforeAll(async () => {
  server = await startHttpServer({ transport: 'sse', kubeconfig: cluster.kubeconfig, readOnly: true });
  client = await connectSse(server.url);
});

afterAll(async () => {
  await client.close();
  await server.stop();
});

describe('the deprecated HTTP+SSE transport', () => {
  it('serves the event stream at /sse', () => {
    expect(new URL(server.url).pathname).toBe('/sse');
    expect(client.getServerVersion()?.name).toBe('mcp-kubernetes');
  });

  it('lists the tools the safety flags allow', async () => {
    const names = await toolNames(client);
    expect(names).toContain('kubernetes_get');
    expect(names).not.toContain('kubernetes_apply');
  });

  it('calls a tool against the simulator', async () => {
    const result = await call(client, 'kubernetes_list', {
      resourceType: 'deployments',
      namespace: 'team-b',
    });
    expect(result).toMatchObject({ isError: false, text: expect.stringContaining('worker') });
  });

  it('refuses a tool hidden by --read-only', async () => {
    const result = await call(client, 'kubernetes_apply', { manifest: 'kind: ConfigMap' });
    expect(result.text).toMatch(/^kubernetes_apply is disabled: the server runs with --read-only/);
  });
});

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { McpKubernetesServer } from '../../../src/server/create-server.js';
import { call, connectStreamableHttp, startHttpServer, toolNames, useTeamCluster } from './mcp-fixtures.js';

const cluster = useTeamCluster();

describe.each([
  { mode: 'streaming, stateful', disableStreaming: false, stateless: false },
  { mode: 'plain JSON, stateful', disableStreaming: true, stateless: false },
  { mode: 'streaming, stateless', disableStreaming: false, stateless: true },
  { mode: 'plain JSON, stateless', disableStreaming: true, stateless: true },
])('streamable HTTP ($mode)', ({ disableStreaming, stateless }) => {
  let server: McpKubernetesServer & { url: string };
  let client: Client;

  beforeAll(async () => {
    server = await startHttpServer({ kubeconfig: cluster.kubeconfig, disableStreaming, stateless });
    client = await connectStreamableHttp(server.url);
  });

  afterAll(async () => {
    await client.close();
    await server.stop();
  });

  it('initializes and names itself', () => {
    expect(client.getServerVersion()?.name).toBe('mcp-kubernetes');
  });

  it('lists the read tools and hides writes and exec by default', async () => {
    const names = await toolNames(client);
    expect(names).toContain('kubernetes_list');
    expect(names).toContain('kubernetes_get');
    expect(names).not.toContain('kubernetes_delete');
    expect(names).not.toContain('kubernetes_exec');
  });

  it('takes a logging level for the session', async () => {
    expect(client.getServerCapabilities()?.logging).toEqual({});
    await expect(client.setLoggingLevel('debug')).resolves.toEqual({});
  });

  it('lists pods from the simulator', async () => {
    const result = await call(client, 'kubernetes_list', { resourceType: 'pods', namespace: 'team-a' });
    expect(result.isError).toBe(false);
    expect(result.text).toMatch(/^NAME\s+READY\s+STATUS/m);
    expect(result.text).toContain('CrashLoopBackOff');
  });

  it('rejects an unknown argument, naming it', async () => {
    const result = await call(client, 'kubernetes_list', { resourceType: 'pods', namspace: 'team-a' });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('unknown argument "namspace"');
  });

  it('rejects an argument of the wrong type, naming it', async () => {
    const result = await call(client, 'kubernetes_list', { resourceType: 'pods', limit: 'ten' });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('"limit" must be number, got string "ten"');
  });

  it('refuses a hidden tool, saying which flag hides it', async () => {
    const result = await call(client, 'kubernetes_delete', { resourceType: 'pods', name: 'x' });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^kubernetes_delete is disabled: the server runs with --non-destructive/);
  });

  it('keeps serving after errors', async () => {
    const result = await call(client, 'kubernetes_get', {
      resourceType: 'deployments',
      name: 'web',
      namespace: 'team-a',
    });
    expect(result.isError).toBe(false);
    expect(result.text).toContain('web');
  });
});

describe('sessions over streamable HTTP', () => {
  let server: McpKubernetesServer & { url: string };

  beforeAll(async () => {
    server = await startHttpServer({ kubeconfig: cluster.kubeconfig });
  });

  afterAll(async () => {
    await server.stop();
  });

  it('switches the context of one session only', async () => {
    const [first, second] = [
      await connectStreamableHttp(server.url),
      await connectStreamableHttp(server.url),
    ];
    const switched = await call(first, 'kubernetes_context_use', { name: 'team-b' });
    expect(switched.isError).toBe(false);
    expect((await call(first, 'kubernetes_context_get_current')).text).toContain('team-b');
    expect((await call(second, 'kubernetes_context_get_current')).text).toContain('team-a');
    // The default namespace follows the context: each session lists its own team's deployments.
    expect((await call(first, 'kubernetes_list', { resourceType: 'deployments' })).text).toContain('worker');
    expect((await call(second, 'kubernetes_list', { resourceType: 'deployments' })).text).not.toContain(
      'worker',
    );
    await Promise.all([first.close(), second.close()]);
  });
});

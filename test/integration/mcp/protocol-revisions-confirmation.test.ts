import type { ElicitRequest, ElicitResult } from '@modelcontextprotocol/client';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { McpKubernetesServer } from '../../../src/server/create-server.js';
import { call, connectStreamableHttp, startHttpServer, useTeamCluster } from './mcp-fixtures.js';
import { modernCall, modernClient } from './modern-client.js';

// The confirmation of destructive calls with a stateless 2026-07-28 client: the server answers the
// first round "input required" with its question, the v2 client asks its user (its elicitation
// handler) and retries the call with the answer; nothing is deleted without a yes.

const cluster = useTeamCluster();

describe('confirming a destructive call over 2026-07-28', () => {
  let server: McpKubernetesServer & { url: string };
  let counter = 0;

  beforeAll(async () => {
    server = await startHttpServer({ kubeconfig: cluster.kubeconfig, nonDestructive: false });
  });
  afterAll(() => server?.stop());

  async function freshConfigMap(): Promise<string> {
    counter += 1;
    const name = `doomed-2026-${counter}`;
    const legacy = await connectStreamableHttp(server.url);
    const manifest = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
    expect((await call(legacy, 'kubernetes_create', { namespace: 'team-a', manifest })).isError).toBe(false);
    await legacy.close();
    return name;
  }

  async function deleteAnswering(name: string, answer: ElicitResult, asked: ElicitRequest[]) {
    const client = modernClient({ elicitation: { form: {} } });
    client.setRequestHandler('elicitation/create', async (request) => {
      asked.push(request);
      return answer;
    });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    try {
      const deleted = await modernCall(client, 'kubernetes_delete', {
        resourceType: 'configmaps',
        name,
        namespace: 'team-a',
      });
      const after = await modernCall(client, 'kubernetes_get', {
        resourceType: 'configmaps',
        name,
        namespace: 'team-a',
      });
      return { deleted, stillThere: !after.isError };
    } finally {
      await client.close();
    }
  }

  it('asks what will happen, and deletes on a yes', async () => {
    const name = await freshConfigMap();
    const asked: ElicitRequest[] = [];
    const { deleted, stillThere } = await deleteAnswering(
      name,
      { action: 'accept', content: { confirm: true } },
      asked,
    );
    expect(asked).toHaveLength(1);
    expect(asked[0]?.params.message).toBe(`Delete configmaps "${name}" in namespace "team-a". Go ahead?`);
    expect(deleted.isError).toBe(false);
    expect(stillThere).toBe(false);
  });

  it('does nothing when the user declines', async () => {
    const name = await freshConfigMap();
    const asked: ElicitRequest[] = [];
    const { deleted, stillThere } = await deleteAnswering(name, { action: 'decline' }, asked);
    expect(asked).toHaveLength(1);
    expect(deleted.isError).toBe(true);
    expect(deleted.text).toContain('The user declined; nothing was changed.');
    expect(stillThere).toBe(true);
  });
});

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, AuditFields } from '../../../src/security/audit-log.js';
import { MemoryStore } from '../../../src/storage/index.js';
import { registerClient, tokensOf } from '../oauth/oauth-harness.js';
import { allowExchange, exchange } from '../oauth/token-exchange-helpers.js';
import { type OAuthServer, type OAuthStack, startOAuthStack } from './oauth-stack.js';

// An agent acting for a person through the whole server: the person logs in with the SDK's client, an
// operator allows the agent to exchange tokens for the MCP endpoint, the agent exchanges the person's
// token and calls a tool with it; the audit log names the agent as the actor.

describe('token exchange through the MCP server', () => {
  let stack: OAuthStack;
  let served: OAuthServer;
  const store = new MemoryStore();
  const recorded: { event: AuditEvent; fields: AuditFields }[] = [];

  beforeAll(async () => {
    stack = await startOAuthStack();
    served = await stack.serve(
      {},
      { oauth: { store, audit: { record: (event, fields) => recorded.push({ event, fields }) } } },
    );
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
    await store.close();
  });

  it('lets an allowed agent call a tool for the person, recorded with the actor', async () => {
    const { token, client } = await served.logIn('alice');
    await client.close();
    const agent = await registerClient(served, {
      client_name: 'Agent',
      token_endpoint_auth_method: 'client_secret_basic',
    });
    await allowExchange(store, agent.client_id, [served.mcpUrl.href]);
    const exchanged = await tokensOf(await exchange(served, agent, token));

    const transport = new StreamableHTTPClientTransport(served.mcpUrl, {
      requestInit: { headers: { authorization: `Bearer ${exchanged.access_token}` } },
    });
    const asAgent = new Client({ name: 'agent', version: '1.0.0' });
    await asAgent.connect(transport);
    const result = (await asAgent.callTool({
      name: 'kubernetes_list',
      arguments: { resourceType: 'pods', namespace: 'team-a' },
    })) as CallToolResult;
    await asAgent.close();
    expect(result.isError).toBeFalsy();
    const delegated = recorded.filter(({ event }) => event === 'delegated_access');
    expect(delegated.length).toBeGreaterThan(0);
    for (const { fields } of delegated) expect(fields.actor).toEqual([agent.client_id]);
    expect(JSON.stringify(recorded)).not.toContain(exchanged.access_token);
  });
});

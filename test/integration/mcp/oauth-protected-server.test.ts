import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OAuthServer, type OAuthStack, startOAuthStack } from './oauth-stack.js';

// `serve --transport=streamable-http --enable-oauth` end to end: the SDK's real client finds the
// authorization server from the 401, registers, and logs in through consent and a local OpenID
// provider; tool calls then run, each MCP session bound to the person who opened it.

describe('the MCP endpoint behind OAuth', () => {
  let stack: OAuthStack;
  let served: OAuthServer;
  let baseUrl: string;
  let mcpUrl: URL;

  beforeAll(async () => {
    stack = await startOAuthStack();
    served = await stack.serve();
    ({ baseUrl, mcpUrl } = served);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses a call without a token, pointing at the protected-resource metadata', async () => {
    const answer = await fetch(mcpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }),
    });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toContain(
      `resource_metadata="${baseUrl}/.well-known/oauth-protected-resource/mcp"`,
    );
  });

  it('logs a user in through the real client flow and serves her tool calls', async () => {
    const { client } = await served.logIn('alice');
    try {
      const result = (await client.callTool({
        name: 'kubernetes_list',
        arguments: { resourceType: 'pods', namespace: 'team-a' },
      })) as CallToolResult;
      expect(result.isError).not.toBe(true);
      expect(JSON.stringify(result.content)).toContain('CrashLoopBackOff');
    } finally {
      await client.close();
    }
  });

  it("refuses another user's token on a session she opened", async () => {
    const alice = await served.logIn('alice');
    const bob = await served.logIn('bob');
    try {
      const sessionId = alice.transport.sessionId ?? '';
      expect(sessionId).not.toBe('');
      const hijack = await fetch(mcpUrl, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${bob.token}`,
          'mcp-session-id': sessionId,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/list', params: {} }),
      });
      expect(hijack.status).toBe(404);
      const own = (await alice.client.listTools()).tools.map((tool) => tool.name);
      expect(own).toContain('kubernetes_list');
    } finally {
      await alice.client.close();
      await bob.client.close();
    }
  });

  it('refuses a token sent in the query string', async () => {
    const answer = await fetch(`${mcpUrl.href}?access_token=whatever`, { method: 'POST', body: '{}' });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('invalid_request');
  });
});

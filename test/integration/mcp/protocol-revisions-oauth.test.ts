import { FormBrowser } from '@mcp-kubernetes/devidp/testing';
import { StreamableHTTPClientTransport, UnauthorizedError } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserDrivenProvider, fetchWithRegistrationToken } from '../oauth/sdk-oauth-client.js';
import { call } from './mcp-fixtures.js';
import { connectModernHttp, MODERN_REVISION, modernCall, modernClient } from './modern-client.js';
import { type OAuthServer, type OAuthStack, startOAuthStack } from './oauth-stack.js';

// Both protocol revisions behind --enable-oauth: the v2 client sends its access token with every
// stateless 2026-07-28 request (the bearer check, the per-user limit and the scope check run on each);
// a v1 SDK client's 2025-11-25 session runs beside it.

describe('both protocol revisions behind OAuth', () => {
  let stack: OAuthStack;
  let served: OAuthServer;

  beforeAll(async () => {
    stack = await startOAuthStack();
    served = await stack.serve();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses a 2026-07-28 request without a token, pointing at the protected-resource metadata', async () => {
    const answer = await fetch(served.mcpUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': MODERN_REVISION,
        'mcp-method': 'tools/list',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/list',
        params: { _meta: { 'io.modelcontextprotocol/protocolVersion': MODERN_REVISION } },
      }),
    });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toContain('resource_metadata=');
  });

  it("serves the v2 client's 2026-07-28 calls beside a 2025-11-25 session", async () => {
    const login = await served.authorize('alice');
    const modern = await connectModernHttp(served.mcpUrl, {
      token: async () => login.tokens()?.access_token,
    });
    const { client: legacy } = await served.logIn('bob');
    try {
      expect(modern.getNegotiatedProtocolVersion()).toBe(MODERN_REVISION);
      expect((await modern.listTools()).tools.map((tool) => tool.name)).toContain('kubernetes_list');
      expect((await modern.listPrompts()).prompts.map((prompt) => prompt.name)).toContain('diagnose-pod');
      const args = { resourceType: 'pods', namespace: 'team-a' };
      const fromModern = await modernCall(modern, 'kubernetes_list', args);
      expect(fromModern.isError).toBe(false);
      expect(fromModern.text).toContain('CrashLoopBackOff');
      expect((await call(legacy, 'kubernetes_list', args)).text).toContain('CrashLoopBackOff');
    } finally {
      await modern.close();
      await legacy.close();
    }
  });

  it("logs in with the v2 client's own OAuth flow, which checks RFC 9207's iss, and calls a tool", async () => {
    const provider = new BrowserDrivenProvider(stack.listener.url, new FormBrowser(), 'alice');
    const options = { authProvider: provider, fetch: fetchWithRegistrationToken };
    const first = new StreamableHTTPClientTransport(new URL(served.mcpUrl), options);
    await expect(modernClient().connect(first)).rejects.toBeInstanceOf(UnauthorizedError);
    const callback = stack.listener.received.at(-1);
    expect(callback?.get('iss')).toBeTruthy();
    // The whole callback: the client checks its iss against the issuer it discovered.
    await first.finishAuth(callback ?? new URLSearchParams());
    const client = modernClient();
    await client.connect(new StreamableHTTPClientTransport(new URL(served.mcpUrl), options));
    try {
      const listed = await modernCall(client, 'kubernetes_list', {
        resourceType: 'pods',
        namespace: 'team-a',
      });
      expect(listed.isError, listed.text).toBe(false);
      expect(listed.text).toContain('CrashLoopBackOff');
    } finally {
      await client.close();
    }
  });
});

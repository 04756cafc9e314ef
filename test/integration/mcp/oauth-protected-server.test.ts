import { createServer as createTcpServer } from 'node:net';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevCluster, startDevCluster } from '../../../src/devcluster/start.js';
import { type DevIdentityProvider, startDevIdentityProvider } from '../../../src/devidp/index.js';
import { createServer, type McpKubernetesServer } from '../../../src/mcp/create-server.js';
import { FormBrowser } from '../devidp/form-browser.js';
import { REGISTRATION_TOKEN, USERS, type UserName } from '../oauth/oauth-harness.js';
import {
  BrowserDrivenProvider,
  fetchWithRegistrationToken,
  type RedirectListener,
  startRedirectListener,
} from '../oauth/sdk-oauth-client.js';
import { kubeconfigYaml, TEST_SERVER_DEFAULTS, type TempFiles, tempFiles } from './mcp-fixtures.js';

// `serve --transport=streamable-http --enable-oauth` end to end: the SDK's real client finds the
// authorization server from the 401, registers, and logs in through consent and a local OpenID
// provider; tool calls then run, each MCP session bound to the person who opened it.

async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const UPSTREAM = { clientId: 'mcp-kubernetes', clientSecret: 'upstream-secret-for-tests' };

describe('the MCP endpoint behind OAuth', () => {
  let devcluster: DevCluster;
  let idp: DevIdentityProvider;
  let server: McpKubernetesServer;
  let files: TempFiles;
  let listener: RedirectListener;
  let baseUrl: string;
  let mcpUrl: URL;

  beforeAll(async () => {
    files = tempFiles();
    devcluster = await startDevCluster();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    mcpUrl = new URL(`${baseUrl}/mcp`);
    idp = await startDevIdentityProvider({
      users: Object.values(USERS),
      clients: [{ ...UPSTREAM, redirectUris: [`${baseUrl}/oauth/callback`] }],
    });
    const kubeconfig = files.write(
      'kubeconfig',
      kubeconfigYaml([{ name: 'demo', server: devcluster.url, token: devcluster.adminToken }], 'demo'),
    );
    server = createServer({
      transport: 'streamable-http',
      httpAddr: `127.0.0.1:${port}`,
      kubeconfig,
      ...TEST_SERVER_DEFAULTS,
      oauth: {
        enableOauth: true,
        oauthBaseUrl: baseUrl,
        oauthProvider: 'oidc',
        oidcIssuerUrl: idp.issuer,
        oidcClientId: UPSTREAM.clientId,
        oidcClientSecret: UPSTREAM.clientSecret,
        registrationToken: REGISTRATION_TOKEN,
      },
    });
    await server.start();
    listener = await startRedirectListener();
  });
  afterAll(async () => {
    listener?.server.close();
    await server?.stop();
    await idp?.stop();
    await devcluster?.stop();
    files?.remove();
  });

  /** Logs `user` in with the SDK's client exactly as an MCP client does, and connects. */
  async function logIn(
    user: UserName,
  ): Promise<{ client: Client; transport: StreamableHTTPClientTransport; token: string }> {
    const provider = new BrowserDrivenProvider(listener.url, new FormBrowser(), user);
    const options = { authProvider: provider, fetch: fetchWithRegistrationToken };
    const first = new Client({ name: 'oauth-test', version: '1.0.0' });
    const firstTransport = new StreamableHTTPClientTransport(mcpUrl, options);
    await expect(first.connect(firstTransport)).rejects.toBeInstanceOf(UnauthorizedError);
    const code = listener.received.at(-1)?.get('code');
    if (!code) throw new Error('no authorization code reached the client');
    await firstTransport.finishAuth(code);
    const client = new Client({ name: 'oauth-test', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(mcpUrl, options);
    await client.connect(transport);
    return { client, transport, token: provider.tokens()?.access_token ?? '' };
  }

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
    const { client } = await logIn('alice');
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
    const alice = await logIn('alice');
    const bob = await logIn('bob');
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

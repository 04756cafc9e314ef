import { FormBrowser } from '@mcp-kubernetes/devidp/testing';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USERS } from '../oauth/oauth-harness.js';
import { BrowserDrivenProvider, fetchWithRegistrationToken } from '../oauth/sdk-oauth-client.js';
import { type OAuthServer, type OAuthStack, startOAuthStack } from './oauth-stack.js';

// Our scopes end to end: the person unticks a scope on the consent page, the token lacks it, a tool
// call that needs it is refused with 403 insufficient_scope, and the SDK's client steps up by itself:
// it authorizes again with the scopes of the challenge, the person is asked again, and the call runs.

const SCALE = { name: 'kubernetes_scale', arguments: { name: 'web', namespace: 'team-a', replicas: 2 } };

/**
 * An MCP client that asks for no refresh token (the SDK refreshes instead of stepping up when it holds
 * one), and whose user unticks the scopes in `untick` on the first consent page only.
 */
class ConsentingProvider extends BrowserDrivenProvider {
  readonly consentPages: string[] = [];

  constructor(
    redirectUri: string,
    private readonly person: FormBrowser,
    private readonly untick: string[],
  ) {
    super(redirectUri, person);
  }

  override get clientMetadata(): OAuthClientMetadata {
    return { ...super.clientMetadata, grant_types: ['authorization_code'] };
  }

  override async redirectToAuthorization(authorizationUrl: URL): Promise<void> {
    const consent = await this.person.navigate(authorizationUrl.href, () => false);
    expect(consent.status).toBe(200);
    this.consentPages.push(consent.body);
    const unticked = this.consentPages.length === 1 ? this.untick : [];
    const body = unticked.reduce(
      (html, scope) => html.replace(new RegExp(`<input type="checkbox" name="allow:${scope}"[^>]*>`), ''),
      consent.body,
    );
    const login = await this.person.submitForm({ ...consent, body }, 'Approve', () => false);
    // Signed in at the provider before, the person goes straight back to the client.
    const signIn = `Sign in as ${USERS.alice.name}`;
    const landing = login.body.includes(signIn)
      ? await this.person.submitForm(login, signIn, () => false)
      : login;
    expect(landing.status).toBe(200);
  }
}

describe('Kubernetes scopes on the MCP endpoint', () => {
  let stack: OAuthStack;
  let served: OAuthServer;

  beforeAll(async () => {
    stack = await startOAuthStack();
    served = await stack.serve({ nonDestructive: false, allowPortForward: true });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** Connects with the SDK's client, finishing each authorization the server sends it through. */
  async function connect(provider: ConsentingProvider) {
    const newTransport = () =>
      new StreamableHTTPClientTransport(served.mcpUrl, {
        authProvider: provider,
        fetch: fetchWithRegistrationToken,
      });
    const first = newTransport();
    await expect(new Client({ name: 'scope-test', version: '1.0.0' }).connect(first)).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    await first.finishAuth(lastCode());
    const transport = newTransport();
    const client = new Client({ name: 'scope-test', version: '1.0.0' });
    await client.connect(transport);
    return { client, transport };
  }

  function lastCode(): string {
    const code = stack.listener.received.at(-1)?.get('code');
    if (!code) throw new Error('no authorization code reached the client');
    return code;
  }

  it('refuses a call the token lacks the scope for, and the SDK client steps up to it', async () => {
    const provider = new ConsentingProvider(stack.listener.url, new FormBrowser(), ['kubernetes:write']);
    const { client, transport } = await connect(provider);
    try {
      expect(provider.tokens()?.scope?.split(' ')).toEqual(
        expect.arrayContaining(['kubernetes:read', 'kubernetes:exec']),
      );
      expect(provider.tokens()?.scope).not.toContain('kubernetes:write');
      const read = (await client.callTool({
        name: 'kubernetes_list',
        arguments: { resourceType: 'pods', namespace: 'team-a' },
      })) as CallToolResult;
      expect(read.isError).not.toBe(true);

      const firstToken = provider.tokens()?.access_token;
      await expect(client.callTool(SCALE)).rejects.toBeInstanceOf(UnauthorizedError);
      expect(provider.consentPages).toHaveLength(2);
      expect(provider.consentPages[1]).toContain('name="allow:kubernetes:write"');
      await transport.finishAuth(lastCode());
      expect(provider.tokens()?.access_token).not.toBe(firstToken);
      expect(provider.tokens()?.scope?.split(' ')).toEqual(
        expect.arrayContaining(['kubernetes:read', 'kubernetes:write', 'kubernetes:exec']),
      );
      const scaled = (await client.callTool(SCALE)) as CallToolResult;
      expect(scaled.isError).not.toBe(true);
    } finally {
      await client.close();
    }
  });

  it('answers 403 insufficient_scope naming every scope needed, without offline_access', async () => {
    const provider = new ConsentingProvider(stack.listener.url, new FormBrowser(), [
      'kubernetes:write',
      'kubernetes:exec',
    ]);
    const { client } = await connect(provider);
    await client.close();
    const token = provider.tokens()?.access_token ?? '';
    const answer = await fetch(served.mcpUrl, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: SCALE }),
    });
    expect(answer.status).toBe(403);
    const challenge = answer.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain(
      `resource_metadata="${served.baseUrl}/.well-known/oauth-protected-resource/mcp"`,
    );
    const scope = /scope="([^"]*)"/.exec(challenge)?.[1]?.split(' ') ?? [];
    expect(scope).toEqual(expect.arrayContaining(['kubernetes:read', 'kubernetes:write']));
    expect(scope).not.toContain('kubernetes:exec');
    expect(scope).not.toContain('offline_access');
    expect(await answer.json()).toEqual({
      error: 'insufficient_scope',
      error_description:
        'kubernetes_scale needs the kubernetes:write scope, which this access token was not granted: ' +
        'authorize again, asking for it',
    });
  });

  it('refuses port forwarding to a token that did not ask for kubernetes:port-forward', async () => {
    const provider = new ConsentingProvider(stack.listener.url, new FormBrowser(), []);
    const { client } = await connect(provider);
    await client.close();
    expect(provider.tokens()?.scope).not.toContain('kubernetes:port-forward');
    const answer = await fetch(served.mcpUrl, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${provider.tokens()?.access_token ?? ''}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 10,
        method: 'tools/call',
        params: { name: 'kubernetes_port_forward_list', arguments: {} },
      }),
    });
    expect(answer.status).toBe(403);
    expect(answer.headers.get('www-authenticate')).toContain('kubernetes:port-forward');
    expect(await answer.json()).toEqual({
      error: 'insufficient_scope',
      error_description:
        'kubernetes_port_forward_list needs the kubernetes:port-forward scope, which this access token was ' +
        'not granted: authorize again, asking for it',
    });
  });

  it('challenges for read, write and exec first, which a client that follows it gets', async () => {
    const unauthenticated = await fetch(served.mcpUrl, { method: 'POST', body: '{}' });
    expect(unauthenticated.headers.get('www-authenticate')).toContain(
      'scope="kubernetes:read kubernetes:write kubernetes:exec"',
    );
    const { client } = await served.logIn('alice');
    try {
      const scaled = (await client.callTool(SCALE)) as CallToolResult;
      expect(scaled.isError).not.toBe(true);
    } finally {
      await client.close();
    }
  });
});

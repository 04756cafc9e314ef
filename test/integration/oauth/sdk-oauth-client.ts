import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FormBrowser } from '@mcp-kubernetes/devidp/testing';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { expect } from 'vitest';
import { approveAndSignIn, REGISTRATION_TOKEN, type UserName } from './oauth-harness.js';

// The MCP SDK's OAuth client as a user's MCP client runs it: a loopback redirect listener, and a
// browser (FormBrowser) that approves the consent page and signs in at the identity provider.

export interface RedirectListener {
  url: string;
  received: URLSearchParams[];
  server: Server;
}

/** The client's redirect URI: a loopback listener that captures what our callback sends it. */
export async function startRedirectListener(): Promise<RedirectListener> {
  const received: URLSearchParams[] = [];
  const server = createServer((req, res) => {
    received.push(new URL(req.url ?? '/', 'http://127.0.0.1').searchParams);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('You can close this window.');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`, received, server };
}

/** The SDK's OAuth client, with the browser part driven by a FormBrowser that logs in as `user`. */
export class BrowserDrivenProvider implements OAuthClientProvider {
  information: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  private verifier = '';
  readonly sentStates: string[] = [];

  constructor(
    private readonly redirectUri: string,
    private readonly browser: FormBrowser,
    private readonly user: UserName = 'alice',
  ) {}

  get redirectUrl(): string {
    return this.redirectUri;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'SDK test client',
      redirect_uris: [this.redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  state(): string {
    const state = randomBytes(16).toString('base64url');
    this.sentStates.push(state);
    return state;
  }

  clientInformation() {
    return this.information;
  }

  saveClientInformation(information: OAuthClientInformationMixed): void {
    this.information = information;
  }

  tokens() {
    return this.saved;
  }

  saveTokens(tokens: OAuthTokens): void {
    this.saved = tokens;
  }

  async redirectToAuthorization(authorizationUrl: URL): Promise<void> {
    const landing = await approveAndSignIn(this.browser, authorizationUrl, this.user, () => false);
    expect(landing.status).toBe(200);
  }

  saveCodeVerifier(codeVerifier: string): void {
    this.verifier = codeVerifier;
  }

  codeVerifier(): string {
    return this.verifier;
  }
}

/** The registration endpoint wants the registration token; the SDK's fetch is given it. */
export const fetchWithRegistrationToken: typeof fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : input);
  if (!url.pathname.endsWith('/oauth/register')) return fetch(input, init);
  const headers = new Headers(init?.headers);
  headers.set('authorization', `Bearer ${REGISTRATION_TOKEN}`);
  return fetch(input, { ...init, headers });
};

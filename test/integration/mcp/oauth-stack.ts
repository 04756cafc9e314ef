import { type DevCluster, startDevCluster } from '@mcp-kubernetes/devcluster';
import { type DevIdentityProvider, startDevIdentityProvider } from '@mcp-kubernetes/devidp';
import { FormBrowser } from '@mcp-kubernetes/devidp/testing';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { expect } from 'vitest';
import {
  type CreateServerOptions,
  createServer,
  type McpKubernetesServer,
} from '../../../src/server/create-server.js';
import type { ServerConfigInput } from '../../../src/settings/server-config.js';
import { freeLoopbackPort } from '../../helpers/free-port.js';
import { REGISTRATION_TOKEN, USERS, type UserName } from '../oauth/oauth-harness.js';
import {
  BrowserDrivenProvider,
  fetchWithRegistrationToken,
  type RedirectListener,
  startRedirectListener,
} from '../oauth/sdk-oauth-client.js';
import { kubeconfigYaml, TEST_SERVER_DEFAULTS } from './mcp-fixtures.js';

// What the `--enable-oauth` tests share: a cluster simulator, the development identity provider as the
// upstream, a listener for the client's redirects, and servers a user logs in to with the SDK's client.

const UPSTREAM = { clientId: 'mcp-kubernetes', clientSecret: 'upstream-secret-for-tests' };

export interface OAuthStackOptions {
  /** How many servers the stack can start: each gets a port whose callback the provider accepts. */
  readonly servers?: number;
  /** Lifetime of the provider's ID tokens. */
  readonly idTokenTtlSeconds?: number;
  /** Runs the simulator as a TLS OIDC cluster trusting the provider (user name: email), for downstream OAuth. */
  readonly clusterTrustsProvider?: boolean;
  /** Kubeconfig contexts, each the simulator's admin; the first is the current one. */
  readonly contexts?: readonly string[];
  /** Settings every server of the stack starts with. */
  readonly config?: ServerConfigInput;
}

export interface LoggedIn {
  client: Client;
  transport: StreamableHTTPClientTransport;
  /** Our access token, as the client sends it. */
  token: string;
}

export interface OAuthServer {
  readonly server: McpKubernetesServer;
  /** `http://127.0.0.1:<port>`, the server's public URL. */
  readonly baseUrl: string;
  readonly mcpUrl: URL;
  /** Runs the SDK client's login for `user` up to the issued tokens, which the returned provider holds. */
  authorize(user: UserName): Promise<BrowserDrivenProvider>;
  /** Logs `user` in with the SDK's client exactly as an MCP client does, and connects. */
  logIn(user: UserName): Promise<LoggedIn>;
}

export interface OAuthStack {
  readonly devcluster: DevCluster;
  readonly idp: DevIdentityProvider;
  readonly listener: RedirectListener;
  /** Starts a server behind OAuth on the next reserved port; stop() stops it. */
  serve(config?: ServerConfigInput, options?: CreateServerOptions): Promise<OAuthServer>;
  stop(): Promise<void>;
}

export async function startOAuthStack(options: OAuthStackOptions = {}): Promise<OAuthStack> {
  const ports: number[] = [];
  for (let index = 0; index < (options.servers ?? 1); index++) ports.push(await freeLoopbackPort());
  const idp = await startDevIdentityProvider({
    users: Object.values(USERS),
    clients: [{ ...UPSTREAM, redirectUris: ports.map((port) => `http://127.0.0.1:${port}/oauth/callback`) }],
    ...(options.idTokenTtlSeconds ? { idTokenTtlSeconds: options.idTokenTtlSeconds } : {}),
  });
  const devcluster = await startDevCluster(
    options.clusterTrustsProvider
      ? {
          tls: true,
          oidc: {
            issuerUrl: idp.issuer,
            clientId: UPSTREAM.clientId,
            usernameClaim: 'email',
            signingAlgs: ['RS256'],
            groupsClaim: 'groups',
          },
        }
      : {},
  );
  const listener = await startRedirectListener();
  const contexts = options.contexts ?? ['demo'];
  const kubeconfig = kubeconfigYaml(
    contexts.map((name) => ({ name, server: devcluster.url, token: devcluster.adminToken })),
    contexts[0] ?? 'demo',
  );
  const started: McpKubernetesServer[] = [];

  async function authorize(mcpUrl: URL, user: UserName): Promise<BrowserDrivenProvider> {
    const provider = new BrowserDrivenProvider(listener.url, new FormBrowser(), user);
    const transport = new StreamableHTTPClientTransport(mcpUrl, {
      authProvider: provider,
      fetch: fetchWithRegistrationToken,
    });
    const client = new Client({ name: 'oauth-test', version: '1.0.0' });
    await expect(client.connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);
    const code = listener.received.at(-1)?.get('code');
    if (!code) throw new Error('no authorization code reached the client');
    await transport.finishAuth(code);
    return provider;
  }

  async function logIn(mcpUrl: URL, user: UserName): Promise<LoggedIn> {
    const provider = await authorize(mcpUrl, user);
    const client = new Client({ name: 'oauth-test', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(mcpUrl, {
      authProvider: provider,
      fetch: fetchWithRegistrationToken,
    });
    await client.connect(transport);
    return { client, transport, token: provider.tokens()?.access_token ?? '' };
  }

  return {
    devcluster,
    idp,
    listener,
    async serve(config = {}, serverOptions = {}) {
      const port = ports.shift();
      if (port === undefined) throw new Error('no port left for another server');
      const baseUrl = `http://127.0.0.1:${port}`;
      const server = createServer(
        {
          transport: 'streamable-http',
          httpAddr: `127.0.0.1:${port}`,
          ...TEST_SERVER_DEFAULTS,
          ...options.config,
          ...config,
          oauth: {
            enableOauth: true,
            oauthBaseUrl: baseUrl,
            oauthProvider: 'oidc',
            oidcIssuerUrl: idp.issuer,
            oidcClientId: UPSTREAM.clientId,
            oidcClientSecret: UPSTREAM.clientSecret,
            registrationToken: REGISTRATION_TOKEN,
          },
        },
        { kubeconfigYaml: kubeconfig, ...serverOptions },
      );
      await server.start();
      started.push(server);
      const mcpUrl = new URL(`${baseUrl}/mcp`);
      return {
        server,
        baseUrl,
        mcpUrl,
        authorize: (user) => authorize(mcpUrl, user),
        logIn: (user) => logIn(mcpUrl, user),
      };
    },
    async stop() {
      await Promise.all(started.map((server) => server.stop()));
      listener.server.close();
      await idp.stop();
      await devcluster.stop();
    },
  };
}

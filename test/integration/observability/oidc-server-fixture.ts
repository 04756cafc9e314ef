import { type DevIdentityProvider, startDevIdentityProvider } from '@mcp-kubernetes/devidp';
import type { Logger } from 'pino';
import { createServer, type McpKubernetesServer } from '../../../src/server/create-server.js';
import { freeLoopbackPort } from '../../helpers/free-port.js';
import { kubeconfigYaml, TEST_SERVER_DEFAULTS } from '../mcp/mcp-fixtures.js';

export const REGISTRATION_TOKEN = 'a-registration-token-for-these-tests-0123456789';

export interface OidcServer {
  /** `http://127.0.0.1:<port>`: the server's public URL, the base of its OAuth endpoints. */
  base: string;
  idp: DevIdentityProvider;
  server: McpKubernetesServer;
  stop(): Promise<void>;
}

/**
 * Our HTTP server with its OAuth server on, the development OpenID provider as its upstream, and no
 * reachable cluster (these tests are about the server itself). `logger`: where its lines go.
 */
export async function startOidcServer(logger?: Logger): Promise<OidcServer> {
  const base = `http://127.0.0.1:${await freeLoopbackPort()}`;
  const idp = await startDevIdentityProvider({
    users: [{ email: 'alice@example.com', name: 'Alice' }],
    clients: [
      { clientId: 'mcp', clientSecret: 'secret-for-tests', redirectUris: [`${base}/oauth/callback`] },
    ],
  });
  const server = createServer(
    {
      transport: 'streamable-http',
      httpAddr: new URL(base).host,
      ...TEST_SERVER_DEFAULTS,
      ...(logger ? { logLevel: 'info' as const } : {}),
      metricsEnabled: false,
      oauth: {
        enableOauth: true,
        oauthBaseUrl: base,
        oauthProvider: 'oidc',
        oidcIssuerUrl: idp.issuer,
        oidcClientId: 'mcp',
        oidcClientSecret: 'secret-for-tests',
        registrationToken: REGISTRATION_TOKEN,
      },
    },
    {
      kubeconfigYaml: kubeconfigYaml([{ name: 'c', server: 'http://127.0.0.1:1', token: 't' }], 'c'),
      ...(logger ? { logger } : {}),
    },
  );
  await server.start();
  return {
    base,
    idp,
    server,
    async stop() {
      await server.stop();
      await idp.stop();
    },
  };
}

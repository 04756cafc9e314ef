import { createServer as createTcpServer } from 'node:net';
import { type DevIdentityProvider, startDevIdentityProvider } from '@mcp-kubernetes/devidp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type McpKubernetesServer } from '../../../src/server/create-server.js';
import { kubeconfigYaml, TEST_SERVER_DEFAULTS } from '../mcp/mcp-fixtures.js';

// The identity provider is shared by every replica: when it is down, /readyz?verbose says so as
// degraded, but the replica stays ready (taking every replica out at once would help no one).

async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('the identity provider in readiness', () => {
  let idp: DevIdentityProvider;
  let server: McpKubernetesServer;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    idp = await startDevIdentityProvider({
      users: [{ email: 'alice@example.com', name: 'Alice' }],
      clients: [
        { clientId: 'mcp', clientSecret: 'secret-for-tests', redirectUris: [`${base}/oauth/callback`] },
      ],
    });
    server = createServer(
      {
        transport: 'streamable-http',
        httpAddr: `127.0.0.1:${port}`,
        ...TEST_SERVER_DEFAULTS,
        metricsEnabled: false,
        oauth: {
          enableOauth: true,
          oauthBaseUrl: base,
          oauthProvider: 'oidc',
          oidcIssuerUrl: idp.issuer,
          oidcClientId: 'mcp',
          oidcClientSecret: 'secret-for-tests',
          registrationToken: 'a-registration-token-for-these-tests-0123456789',
        },
      },
      {
        kubeconfigYaml: kubeconfigYaml([{ name: 'c', server: 'http://127.0.0.1:1', token: 't' }], 'c'),
      },
    );
    await server.start();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('reports the provider ok, then degraded once it is down, and stays ready', async () => {
    const verbose = async () => {
      const answer = await fetch(`${base}/readyz?verbose`);
      return { status: answer.status, body: await answer.text() };
    };
    expect((await verbose()).body).toContain('[+]identity-provider ok');
    await idp.stop();
    await expect
      .poll(async () => (await verbose()).body, { timeout: 20_000, interval: 500 })
      .toContain('[!]identity-provider degraded');
    expect((await verbose()).status).toBe(200);
  }, 30_000);
});

import { type DevIdentityProvider, startDevIdentityProvider } from '@mcp-kubernetes/devidp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/observability/logger.js';
import { createServer, type McpKubernetesServer } from '../../../src/server/create-server.js';
import { freeLoopbackPort } from '../../helpers/redis-server.js';
import { kubeconfigYaml, TEST_SERVER_DEFAULTS } from '../mcp/mcp-fixtures.js';

// Each OAuth endpoint names its request on its own log lines (no AsyncLocalStorage does it for
// them): a line that forgets to is caught here, with the request id a proxy sent.

const REGISTRATION_TOKEN = 'a-registration-token-for-these-tests-0123456789';

describe("the OAuth endpoints' log lines", () => {
  let idp: DevIdentityProvider;
  let server: McpKubernetesServer;
  let base: string;
  const lines: string[] = [];

  beforeAll(async () => {
    base = `http://127.0.0.1:${await freeLoopbackPort()}`;
    idp = await startDevIdentityProvider({
      users: [{ email: 'alice@example.com', name: 'Alice' }],
      clients: [
        { clientId: 'mcp', clientSecret: 'secret-for-tests', redirectUris: [`${base}/oauth/callback`] },
      ],
    });
    server = createServer(
      {
        transport: 'streamable-http',
        httpAddr: new URL(base).host,
        ...TEST_SERVER_DEFAULTS,
        logLevel: 'info',
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
        logger: createLogger({ logLevel: 'info', debug: false }, { write: (line) => void lines.push(line) }),
      },
    );
    await server.start();
  });
  afterAll(async () => {
    await server?.stop();
    await idp?.stop();
  });

  function linesSaying(message: string): Record<string, unknown>[] {
    return lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((record) => record.msg === message || String(record.msg).startsWith(message));
  }

  it('names the request on a registration and on a refused token request', async () => {
    const registered = await fetch(`${base}/oauth/register`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${REGISTRATION_TOKEN}`,
        'x-request-id': 'register-7',
      },
      body: JSON.stringify({
        client_name: 'request id test',
        redirect_uris: ['http://127.0.0.1:9/callback'],
        token_endpoint_auth_method: 'none',
      }),
    });
    expect(registered.status).toBe(201);
    const refused = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-request-id': 'token-8' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: 'no-such-code',
        client_id: 'nobody',
      }),
    });
    expect(refused.status).toBe(401);

    expect(linesSaying('client registered').map((record) => record.requestId)).toEqual(['register-7']);
    expect(linesSaying('OAuth request refused').map((record) => record.requestId)).toEqual(['token-8']);
  });
});

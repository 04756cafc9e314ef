import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/observability/logger.js';
import { type OidcServer, REGISTRATION_TOKEN, startOidcServer } from './oidc-server-fixture.js';

// Each OAuth endpoint names its request on its own log lines (no AsyncLocalStorage does it for
// them): a line that forgets to is caught here, with the request id a proxy sent.

describe("the OAuth endpoints' log lines", () => {
  let oidc: OidcServer;
  let base: string;
  const lines: string[] = [];

  beforeAll(async () => {
    oidc = await startOidcServer(
      createLogger({ logLevel: 'info', debug: false }, { write: (line) => void lines.push(line) }),
    );
    base = oidc.base;
  });
  afterAll(() => oidc?.stop());

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

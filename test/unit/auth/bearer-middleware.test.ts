import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessTokenVerifier } from '../../../src/auth/access-token-verifier.js';
import { requireBearerToken } from '../../../src/auth/bearer-middleware.js';
import { InvalidToken } from '../../../src/oauth/errors.js';
import { StoreUnavailableError } from '../../../src/storage/store-unavailable-error.js';

// The resource server's check depends on one question to the authorization server. This verifier
// answers it from a table: the real one (OAuthServer.resourceServer) is tested over HTTP in
// test/integration/oauth/resource-server.test.ts.
const GOOD = 'a'.repeat(43);
const STORE_DOWN = 'b'.repeat(43);
const verifier: AccessTokenVerifier = {
  async verifyAccessToken(token) {
    if (token === GOOD) {
      return {
        principal: { subject: 'alice', groups: [], scopes: ['openid'], clientId: 'client-1' },
        grantId: 'grant-1',
      };
    }
    if (token === STORE_DOWN) throw new StoreUnavailableError('valkey', 'connection refused');
    throw new InvalidToken('the access token is invalid, expired or revoked');
  },
};

const audited: { event: string; fields: Record<string, unknown> }[] = [];
let server: ReturnType<ReturnType<typeof express>['listen']>;
let url = '';

beforeAll(async () => {
  const app = express();
  app.use(express.json());
  app.post(
    '/mcp',
    requireBearerToken({
      verifier,
      resourceMetadataUrl: 'https://mcp.example/.well-known/oauth-protected-resource/mcp',
      scopes: ['openid'],
      audit: { record: (event, fields) => audited.push({ event, fields: { ...fields } }) },
    }),
    (req, res) => res.json({ principal: req.principal }),
  );
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

function post(headers: Record<string, string>, body: unknown = {}, path = url): Promise<Response> {
  return fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('requireBearerToken', () => {
  it('hands the verified principal and its grant to the request', async () => {
    const response = await post({ authorization: `Bearer ${GOOD}` });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      principal: {
        subject: 'alice',
        groups: [],
        scopes: ['openid'],
        clientId: 'client-1',
        grantId: 'grant-1',
      },
    });
  });

  it('answers a request without a token with 401 and a challenge naming the resource metadata', async () => {
    const response = await post({});
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer resource_metadata="https://mcp.example/.well-known/oauth-protected-resource/mcp", scope="openid"',
    );
  });

  it('refuses a token the verifier rejects with invalid_token, and audits it', async () => {
    audited.length = 0;
    const response = await post({ authorization: `Bearer ${'c'.repeat(43)}` });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(await response.json()).toMatchObject({ error: 'invalid_token' });
    expect(audited.map(({ event }) => event)).toEqual(['auth_failure']);
  });

  it('refuses a token sent in the query instead of the header (RFC 6750 §2)', async () => {
    const response = await post({}, {}, `${url}?access_token=${GOOD}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('asks the client to retry when the token store cannot answer', async () => {
    const response = await post({ authorization: `Bearer ${STORE_DOWN}` });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toMatchObject({ error: 'temporarily_unavailable' });
  });
});

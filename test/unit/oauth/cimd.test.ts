import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fetchClientMetadataDocument,
  isClientMetadataDocumentUrl,
  type MetadataDocumentClient,
} from '../../../src/oauth/client-metadata-document.js';
import { ClientMetadataDocumentCache } from '../../../src/oauth/client-metadata-document-cache.js';

const SCOPES = ['openid', 'email'];
let server: Server;
let base: string;
let requests = 0;

function documentFor(path: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    client_id: `${base}${path}`,
    client_name: 'Loopback Test Client',
    redirect_uris: ['http://127.0.0.1:4000/callback'],
    ...overrides,
  };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    const path = req.url ?? '/';
    const json = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (path === '/clients/good') return json(documentFor(path));
    if (path === '/clients/mismatch') return json(documentFor(path, { client_id: `${base}/clients/other` }));
    if (path === '/clients/secret')
      return json(documentFor(path, { token_endpoint_auth_method: 'client_secret_basic' }));
    if (path === '/clients/javascript')
      return json(documentFor(path, { redirect_uris: ['javascript:alert(1)'] }));
    if (path === '/clients/huge') return json(documentFor(path, { padding: 'x'.repeat(5000) }));
    if (path === '/clients/huge-streamed') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(JSON.stringify(documentFor(path)).slice(0, -1));
      res.end(`, "padding": "${'x'.repeat(5000)}"}`);
      return;
    }
    if (path === '/clients/redirect') {
      res.writeHead(302, { location: '/clients/good' });
      return res.end();
    }
    if (path === '/clients/html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(JSON.stringify(documentFor(path)));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const allowlisted = { allowedScopes: SCOPES, allowHosts: ['127.0.0.1'], maxBytes: 2048 };

describe('client metadata documents', () => {
  it('accepts a loopback document on the test allowlist as a public client', async () => {
    const client = await fetchClientMetadataDocument(`${base}/clients/good`, allowlisted);
    expect(client).toEqual({
      clientId: `${base}/clients/good`,
      metadata: expect.objectContaining({
        clientName: 'Loopback Test Client',
        redirectUris: ['http://127.0.0.1:4000/callback'],
        tokenEndpointAuthMethod: 'none',
      }),
    });
  });

  it.each([
    ['/clients/mismatch', /client_id in its metadata document is not the URL/],
    ['/clients/huge', /larger than 2048 bytes/],
    ['/clients/huge-streamed', /larger than 2048 bytes/],
    ['/clients/redirect', /behind a redirect/],
    ['/clients/html', /not served as application\/json/],
    ['/clients/secret', /token_endpoint_auth_method must be none/],
    ['/clients/javascript', /forbidden scheme/],
    ['/clients/missing', /answered 404/],
  ])('refuses %s', async (path, reason) => {
    const refusal = fetchClientMetadataDocument(`${base}${path}`, allowlisted);
    await expect(refusal).rejects.toMatchObject({ error: 'invalid_client' });
    await expect(refusal).rejects.toThrow(reason);
  });

  it('refuses a name resolving to loopback when the connection is made, without the allowlist', async () => {
    const port = new URL(base).port;
    const before = requests;
    await expect(
      fetchClientMetadataDocument(`https://localhost:${port}/clients/good`, { allowedScopes: SCOPES }),
    ).rejects.toThrow(/localhost resolves to a loopback address/);
    expect(requests).toBe(before);
  });

  it.each([
    'https://127.0.0.1/clients/good',
    'https://10.1.2.3/clients/good',
    'https://169.254.169.254/latest/meta-data',
    'https://[::1]/clients/good',
    'https://[fd00::1]/clients/good',
    'https://[::ffff:192.168.1.1]/clients/good',
  ])('refuses the non-public address %s before connecting', async (clientId) => {
    await expect(fetchClientMetadataDocument(clientId, { allowedScopes: SCOPES })).rejects.toThrow(
      /is a (loopback|private, link-local, multicast or reserved) address/,
    );
  });

  it.each([
    ['http://clients.example.com/app', /must use https/],
    ['https://clients.example.com/', /must have a path/],
    ['https://clients.example.com/app#x', /no fragment/],
    ['https://user:pw@clients.example.com/app', /no fragment or credentials/],
    ['https://clients.example.com/a/../app', /dot segments/],
  ])('refuses the client_id URL %s', async (clientId, reason) => {
    await expect(fetchClientMetadataDocument(clientId, { allowedScopes: SCOPES })).rejects.toThrow(reason);
  });

  it('tells metadata document client ids from registered ones', () => {
    expect(isClientMetadataDocumentUrl('https://app.example.com/client.json')).toBe(true);
    expect(isClientMetadataDocumentUrl('Yk3p9Q0bXn2r')).toBe(false);
  });
});

describe('client metadata document cache', () => {
  const client: MetadataDocumentClient = {
    clientId: 'https://app.example.com/client.json',
    metadata: {
      redirectUris: [],
      grantTypes: ['authorization_code'],
      responseTypes: ['code'],
      tokenEndpointAuthMethod: 'none',
    },
  };

  it('fetches a document once within its lifetime and again after', async () => {
    let now = 0;
    let fetches = 0;
    const cache = new ClientMetadataDocumentCache({
      allowedScopes: SCOPES,
      cacheTtlMs: 1000,
      now: () => now,
      fetchDocument: async () => {
        fetches++;
        return client;
      },
    });
    await Promise.all([cache.get(client.clientId), cache.get(client.clientId)]);
    now = 999;
    await cache.get(client.clientId);
    expect(fetches).toBe(1);
    now = 1000;
    await cache.get(client.clientId);
    expect(fetches).toBe(2);
  });

  it('does not keep a refusal', async () => {
    let fetches = 0;
    const cache = new ClientMetadataDocumentCache({
      allowedScopes: SCOPES,
      fetchDocument: async () => {
        fetches++;
        if (fetches === 1) throw new Error('refused');
        return client;
      },
    });
    await expect(cache.get(client.clientId)).rejects.toThrow('refused');
    await expect(cache.get(client.clientId)).resolves.toBe(client);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  exchangeCode,
  type Harness,
  type RegisteredClient,
  signIn,
  startHarness,
} from './oauth-harness.js';

const REDIRECT_URI = 'http://127.0.0.1:9/callback';
let documents: Server;
let documentBase: string;

/** The documents the test serves on loopback, by path. */
function serveDocuments(): Promise<void> {
  documents = createServer((req, res) => {
    const clientId = `${documentBase}${req.url}`;
    const document = { client_id: clientId, client_name: 'Document client', redirect_uris: [REDIRECT_URI] };
    const json = (body: unknown) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.url === '/clients/good')
      return json({ ...document, grant_types: ['authorization_code', 'refresh_token'] });
    if (req.url === '/clients/mismatch')
      return json({ ...document, client_id: `${documentBase}/clients/other` });
    if (req.url === '/clients/huge') return json({ ...document, padding: 'x'.repeat(1_100_000) });
    if (req.url === '/clients/moved') return res.writeHead(302, { location: '/clients/good' }).end();
    res.writeHead(404).end();
  });
  return new Promise((resolve) =>
    documents.listen(0, '127.0.0.1', () => {
      documentBase = `http://127.0.0.1:${(documents.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

function documentClient(path: string): RegisteredClient {
  return {
    client_id: `${documentBase}${path}`,
    redirect_uris: [REDIRECT_URI],
    token_endpoint_auth_method: 'none',
  };
}

async function errorPageOf(harness: Harness, client: RegisteredClient) {
  const response = await fetch(authorizeUrl(harness, client), { redirect: 'manual' });
  return { status: response.status, body: await response.text() };
}

describe('Client ID Metadata Documents (--enable-cimd)', () => {
  let harness: Harness;
  beforeAll(async () => {
    await serveDocuments();
    harness = await startHarness({
      flags: { enableCimd: true },
      testOnly: { metadataDocumentHosts: ['127.0.0.1'] },
    });
  });
  afterAll(async () => {
    documents?.close();
    await harness?.stop();
  });

  it('logs in a client described by an allowlisted loopback document', async () => {
    const client = documentClient('/clients/good');
    const consent = await (await fetch(authorizeUrl(harness, client))).text();
    expect(consent).toContain('Document client');
    const signedIn = await signIn(harness, client);
    const tokens = await exchangeCode(harness, client, signedIn);
    expect(tokens.status).toBe(200);
  });

  it.each([
    [
      'whose client_id differs from its URL',
      '/clients/mismatch',
      'the client_id in its metadata document is not the URL',
    ],
    ['over the size limit', '/clients/huge', 'its metadata document is larger than 1048576 bytes'],
    ['behind a redirect', '/clients/moved', 'its metadata document is behind a redirect'],
  ])('refuses a document %s with an error page', async (_case, path, reason) => {
    const answer = await errorPageOf(harness, documentClient(path));
    expect(answer.status).toBe(400);
    expect(answer.body).toContain(reason);
  });

  it('is not advertised, and https client ids are unknown clients, when CIMD is off', async () => {
    const plain = await startHarness();
    try {
      const metadata = (await (
        await fetch(`${plain.baseUrl}/.well-known/oauth-authorization-server`)
      ).json()) as Record<string, unknown>;
      expect(metadata.client_id_metadata_document_supported).toBeUndefined();
      const answer = await errorPageOf(plain, {
        ...documentClient('/clients/good'),
        client_id: 'https://app.example/c',
      });
      expect(answer.body).toContain('this client is not registered with this server');
    } finally {
      await plain.stop();
    }
  });
});

describe('Client ID Metadata Documents without the test allowlist', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ flags: { enableCimd: true } });
  });
  afterAll(() => harness?.stop());

  it.each([
    ['a loopback address', 'https://127.0.0.1:8443/clients/good', 'is a loopback address'],
    [
      'a private address',
      'https://10.1.2.3/clients/good',
      'is a private, link-local, multicast or reserved address',
    ],
    [
      'a name resolving to loopback',
      'https://localhost:8443/clients/good',
      'localhost resolves to a loopback address',
    ],
  ])('refuses a document at %s', async (_case, clientId, reason) => {
    const answer = await errorPageOf(harness, { ...documentClient('/x'), client_id: clientId });
    expect(answer.status).toBe(400);
    expect(answer.body).toContain(reason);
  });
});

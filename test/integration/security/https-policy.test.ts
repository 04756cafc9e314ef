import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateServingCertificates } from '@mcp-kubernetes/devcluster';
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireHttps } from '../../../src/security/https-policy.js';
import { loadTlsFiles, TlsFilesError } from '../../../src/security/tls-files.js';
import { TrustedProxies } from '../../../src/security/trusted-proxies.js';
import { newApp, type RunningApp, serve } from './security-app.js';

const running: RunningApp[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.close()));
});

let folder: string;
let files: { cert: string; key: string; otherKey: string; caCert: string };
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'tls-files-'));
  const serving = await generateServingCertificates(['127.0.0.1']);
  const other = await generateServingCertificates(['127.0.0.1']);
  const write = (name: string, content: string) => {
    writeFileSync(join(folder, name), content);
    return join(folder, name);
  };
  files = {
    cert: write('tls.crt', serving.cert),
    key: write('tls.key', serving.key),
    otherKey: write('other.key', other.key),
    caCert: serving.caCert,
  };
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function app(baseUrl: string, trustedProxies: string[] = []) {
  const express = newApp();
  express.use(
    requireHttps({ baseUrl, trustedProxies: TrustedProxies.parse(trustedProxies), mcpPaths: ['/mcp'] }),
  );
  express.get('/oauth/token', (_req, res) => res.json({ ok: true }));
  express.post('/mcp', (_req, res) => res.json({ ok: true }));
  express.get('/healthz', (_req, res) => res.send('ok'));
  return express;
}

async function start(baseUrl: string, trustedProxies: string[] = []) {
  const served = await serve(app(baseUrl, trustedProxies));
  running.push(served);
  return served.url;
}

describe('the HTTPS rule', () => {
  it('refuses plain HTTP with an https base URL, in the shape of each endpoint', async () => {
    const url = await start('https://mcp.example.com');
    const oauth = await fetch(`${url}/oauth/token`);
    expect(oauth.status).toBe(403);
    expect(await oauth.json()).toMatchObject({
      error: 'invalid_request',
      error_description: expect.stringContaining('https://mcp.example.com'),
    });
    const mcp = await fetch(`${url}/mcp`, { method: 'POST' });
    expect(await mcp.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 } });
  });

  it('lets the kubelet probe over plain HTTP', async () => {
    const url = await start('https://mcp.example.com');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('accepts plain HTTP from a trusted proxy that says X-Forwarded-Proto: https', async () => {
    const url = await start('https://mcp.example.com', ['127.0.0.1/32']);
    expect((await fetch(`${url}/oauth/token`, { headers: { 'x-forwarded-proto': 'https' } })).status).toBe(
      200,
    );
    expect(
      (await fetch(`${url}/oauth/token`, { headers: { 'x-forwarded-proto': 'https, http' } })).status,
    ).toBe(403);
    expect((await fetch(`${url}/oauth/token`)).status).toBe(403);
  });

  it('does not believe X-Forwarded-Proto from a peer that is not a trusted proxy', async () => {
    const url = await start('https://mcp.example.com', ['10.0.0.0/8']);
    expect((await fetch(`${url}/oauth/token`, { headers: { 'x-forwarded-proto': 'https' } })).status).toBe(
      403,
    );
  });

  it('allows plain HTTP for a loopback base URL', async () => {
    const url = await start('http://127.0.0.1:8080');
    expect((await fetch(`${url}/oauth/token`)).status).toBe(200);
  });

  it('accepts requests to its own TLS listener, loaded from --tls-cert-file and --tls-key-file', async () => {
    const tls = loadTlsFiles({ tlsCertFile: files.cert, tlsKeyFile: files.key });
    if (!tls) throw new Error('expected TLS files');
    const handler = app('https://mcp.example.com');
    const served = await serve(handler, createServer(tls.serverOptions, handler));
    running.push(served);
    const dispatcher = new Agent({ connect: { ca: files.caCert } });
    const { fetch: undiciFetch } = await import('undici');
    const answer = await undiciFetch(`${served.url}/oauth/token`, { dispatcher });
    expect(answer.status).toBe(200);
    await dispatcher.close();
  });
});

describe('TLS files', () => {
  it('are optional: neither given means no TLS here', () => {
    expect(loadTlsFiles({})).toBeUndefined();
  });

  it('go together', () => {
    expect(() => loadTlsFiles({ tlsCertFile: files.cert })).toThrow(
      /--tls-cert-file and --tls-key-file go together/,
    );
  });

  it('must be readable, naming the file', () => {
    expect(() => loadTlsFiles({ tlsCertFile: join(folder, 'missing.crt'), tlsKeyFile: files.key })).toThrow(
      /--tls-cert-file .*missing\.crt cannot be read \(ENOENT\)/,
    );
  });

  it('must hold a certificate and a key', () => {
    expect(() => loadTlsFiles({ tlsCertFile: files.key, tlsKeyFile: files.cert })).toThrow(TlsFilesError);
    expect(() => loadTlsFiles({ tlsCertFile: files.key, tlsKeyFile: files.cert })).toThrow(
      /holds no PEM certificate[\s\S]*holds no unencrypted PEM private key/,
    );
  });

  it('refuse a key that does not belong to the certificate', () => {
    expect(() => loadTlsFiles({ tlsCertFile: files.cert, tlsKeyFile: files.otherKey })).toThrow(
      /other\.key is not the private key of the certificate/,
    );
  });

  it('report when the certificate expires', () => {
    const tls = loadTlsFiles({ tlsCertFile: files.cert, tlsKeyFile: files.key });
    expect(tls?.notAfter.getTime()).toBeGreaterThan(Date.now() + 300 * 86_400_000);
  });
});

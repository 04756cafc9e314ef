import { request } from 'node:http';
import { type DevCluster, startDevCluster } from '@mcp-kubernetes/devcluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { McpKubernetesServer } from '../../../src/server/create-server.js';
import { kubeconfigYaml, startHttpServer, type TempFiles, teamContexts, tempFiles } from './mcp-fixtures.js';

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

interface RawAnswer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A raw POST, free to send any Host and Origin (fetch would not let us set Host). */
function post(url: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...headers,
        },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: text, headers: response.headers }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

let devcluster: DevCluster;
let files: TempFiles;
let server: McpKubernetesServer & { url: string };

beforeAll(async () => {
  devcluster = await startDevCluster({ seed: 'default' });
  files = tempFiles();
  const kubeconfig = files.write('kubeconfig', kubeconfigYaml(teamContexts(devcluster), 'team-a'));
  server = await startHttpServer({ kubeconfig, allowedHosts: ['mcp.example.com'], sessionIdleTimeout: '1s' });
});

afterAll(async () => {
  await server.stop();
  await devcluster.stop();
  files.remove();
});

describe('HTTP safety', () => {
  it('accepts loopback names with the bound port', async () => {
    const port = new URL(server.url).port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) {
      expect((await post(server.url, INITIALIZE, { host })).status).toBe(200);
    }
  });

  it('refuses a foreign Host (DNS rebinding) with a JSON-RPC error', async () => {
    const answer = await post(server.url, INITIALIZE, { host: 'attacker.example:80' });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({
      jsonrpc: '2.0',
      id: null,
      error: { message: expect.stringContaining('Host "attacker.example:80" is not allowed') },
    });
  });

  it('refuses a foreign Origin even with a good Host', async () => {
    const answer = await post(server.url, INITIALIZE, { origin: 'http://attacker.example' });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).error.message).toContain(
      'Origin "http://attacker.example" is not allowed',
    );
  });

  it('accepts a name given with --allowed-hosts', async () => {
    expect(
      (await post(server.url, INITIALIZE, { host: 'mcp.example.com', origin: 'https://mcp.example.com' }))
        .status,
    ).toBe(200);
  });

  it('answers 413 to a body above the limit, before parsing it', async () => {
    const answer = await post(server.url, Buffer.alloc(5 * 1024 * 1024, 0x20));
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.message).toContain('larger than 4 MiB');
  });

  it('refuses a request that names an unknown session', async () => {
    const answer = await post(server.url, INITIALIZE, { 'mcp-session-id': 'not-a-session' });
    expect(answer.status).toBe(404);
  });

  it('gives sessions unguessable ids', async () => {
    const ids = await Promise.all(
      [1, 2].map(async () => (await post(server.url, INITIALIZE)).headers['mcp-session-id']),
    );
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('closes sessions idle for --session-idle-timeout', async () => {
    const id = String((await post(server.url, INITIALIZE)).headers['mcp-session-id']);
    const listTools = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    expect((await post(server.url, listTools, { 'mcp-session-id': id })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await post(server.url, listTools, { 'mcp-session-id': id })).status).toBe(404);
  });
});

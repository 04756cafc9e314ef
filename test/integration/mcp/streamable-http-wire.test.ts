import { connect as connectTcp } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { McpKubernetesServer } from '../../../src/server/create-server.js';
import { startHttpServer, useTeamCluster } from './mcp-fixtures.js';

// What the streamable HTTP answers look like on the wire (src/mcp/web-request-bridge.ts): an SSE
// answer leaves as one write (status line, headers, the event and the chunked end together), and
// a plain JSON answer carries its Content-Length.

const cluster = useTeamCluster();
const ACCEPT = 'application/json, text/event-stream';

function rpc(id: number, method: string, params: Record<string, unknown> = {}): string {
  return JSON.stringify({ jsonrpc: '2.0', id, method, params });
}

/** One HTTP/1.1 request over a raw socket; every chunk the socket read, as it read them. */
function rawPost(url: URL, headers: Record<string, string>, body: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp(Number(url.port), url.hostname);
    const chunks: string[] = [];
    socket.on('data', (chunk) => {
      chunks.push(chunk.toString('latin1'));
      const all = chunks.join('');
      const ended = all.includes('\r\n0\r\n\r\n') || /content-length: \d+/i.test(all);
      if (ended && all.indexOf('\r\n\r\n') < all.length - 4) socket.end();
    });
    socket.on('end', () => resolve(chunks));
    socket.on('error', reject);
    const head = Object.entries({ ...headers, 'content-length': String(Buffer.byteLength(body)) })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.write(
      `POST ${url.pathname} HTTP/1.1\r\nhost: ${url.host}\r\n${head}connection: close\r\n\r\n${body}`,
    );
  });
}

describe.each([
  { mode: 'streaming', disableStreaming: false },
  { mode: 'plain JSON', disableStreaming: true },
])('streamable HTTP answers on the wire ($mode)', ({ disableStreaming }) => {
  let server: McpKubernetesServer & { url: string };
  let sessionHeaders: Record<string, string>;

  beforeAll(async () => {
    server = await startHttpServer({ kubeconfig: cluster.kubeconfig, disableStreaming });
    const initialize = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT },
      body: rpc(1, 'initialize', {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'wire-test', version: '1.0.0' },
      }),
    });
    await initialize.text();
    sessionHeaders = {
      'content-type': 'application/json',
      accept: ACCEPT,
      'mcp-session-id': initialize.headers.get('mcp-session-id') ?? '',
      'mcp-protocol-version': '2025-06-18',
    };
  });

  afterAll(async () => {
    await server.stop();
  });

  it('answers a request in one write with the session header', async () => {
    const chunks = await rawPost(new URL(server.url), sessionHeaders, rpc(2, 'ping'));
    expect(chunks).toHaveLength(1);
    const [answer = ''] = chunks;
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer.toLowerCase()).toContain(`mcp-session-id: ${sessionHeaders['mcp-session-id']}`);
    if (disableStreaming) {
      expect(answer.toLowerCase()).toMatch(/content-type: application\/json/);
      expect(answer.toLowerCase()).toMatch(/content-length: \d+/);
      expect(answer).toContain('{"result":{},"jsonrpc":"2.0","id":2}');
    } else {
      expect(answer.toLowerCase()).toContain('content-type: text/event-stream');
      expect(answer).toContain('event: message\ndata: {"result":{},"jsonrpc":"2.0","id":2}\n\n');
      expect(answer.endsWith('\r\n0\r\n\r\n')).toBe(true);
    }
  });

  it('accepts a notification with 202 and no body', async () => {
    const notification = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' });
    const chunks = await rawPost(new URL(server.url), sessionHeaders, notification);
    const answer = chunks.join('');
    expect(answer).toMatch(/^HTTP\/1\.1 202 /);
    expect(answer.toLowerCase()).toContain('content-length: 0');
  });
});

// The least an MCP server on Node.js can do for kubernetes_list: take a JSON-RPC request, make the
// same Table request, answer the rows as text. No validation, no SDK, no rendering rules.
// `relay.ts` measures it against the floor: what the second process costs, apart from the server.
// Over stdio (the default) it reads lines; with RELAY_HTTP=1 it serves JSON-RPC POSTs on a free
// loopback port (printed as its first line), checks the bearer token in constant time and answers
// each POST with plain JSON: the HTTP hop and nothing of an MCP endpoint's layers.
import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { Pool } from 'undici';
import { bufferedExchange } from '../../src/k8s/buffered-exchange.js';

interface RelayTarget {
  url: string;
  caCert: string;
  token: string;
  path: string;
  accept: string;
  /** The bearer token an HTTP relay requires of its clients. */
  clientToken?: string;
}

interface JsonRpcRequest {
  id?: number;
  method: string;
}

const target = JSON.parse(process.env.RELAY_TARGET ?? '{}') as RelayTarget;
const pool = new Pool(target.url, { connect: { ca: target.caCert } });
const headers = { authorization: `Bearer ${target.token}`, accept: target.accept };

/** undici's `request()`: a Readable body, read whole. */
async function viaRequest(): Promise<string> {
  const answer = await pool.request({ path: target.path, method: 'GET', headers });
  return answer.body.text();
}

/** Our REST layer's way (src/k8s/buffered-exchange.ts): undici's dispatcher, the chunks collected. */
async function viaExchange(): Promise<string> {
  const answer = await bufferedExchange(pool, {
    path: target.path,
    method: 'GET',
    headers,
    maxBytes: Number.POSITIVE_INFINITY,
    timeoutMs: 30_000,
  });
  return answer.body.toString('utf8');
}

const fetchTable = process.env.RELAY_MODE === 'exchange' ? viaExchange : viaRequest;

async function answer(message: JsonRpcRequest): Promise<string> {
  let result: unknown;
  if (message.method === 'tools/call') {
    const table = JSON.parse(await fetchTable()) as { rows: { cells: unknown[] }[] };
    const text = table.rows.map((row) => row.cells.join('  ')).join('\n');
    result = { content: [{ type: 'text', text }] };
  } else {
    result = {
      protocolVersion: '2025-11-25',
      capabilities: { tools: {} },
      serverInfo: { name: 'relay', version: '0' },
    };
  }
  return JSON.stringify({ jsonrpc: '2.0', id: message.id, result });
}

function serveStdio(): void {
  createInterface({ input: process.stdin }).on('line', async (line) => {
    const message = JSON.parse(line) as JsonRpcRequest;
    if (message.id === undefined) return;
    process.stdout.write(`${await answer(message)}\n`);
  });
}

function serveHttp(): void {
  const expected = Buffer.from(`Bearer ${target.clientToken ?? ''}`);
  const authorized = (header: string | undefined) => {
    const given = Buffer.from(header ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const server = createServer((request, response) => {
    if (!authorized(request.headers.authorization)) {
      response.writeHead(401).end();
      return;
    }
    // The client ends its session with a DELETE; a relay keeps none.
    if (request.method !== 'POST') {
      response.writeHead(204).end();
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const message = JSON.parse(Buffer.concat(chunks).toString('utf8')) as JsonRpcRequest;
      if (message.id === undefined) {
        response.writeHead(202).end();
        return;
      }
      const body = await answer(message);
      response.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': 'relay' }).end(body);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (address && typeof address === 'object') process.stdout.write(`${address.port}\n`);
  });
}

if (process.env.RELAY_HTTP === '1') serveHttp();
else serveStdio();

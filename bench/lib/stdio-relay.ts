// The least a stdio MCP server on Node.js can do for kubernetes_list: read a JSON-RPC line, make
// the same Table request, answer the rows as text. No validation, no SDK, no rendering rules.
// `relay.ts` measures it against the floor: what the process hop costs, apart from the server.
import { createInterface } from 'node:readline';
import { Pool } from 'undici';
import { bufferedExchange } from '../../src/k8s/buffered-exchange.js';

interface RelayTarget {
  url: string;
  caCert: string;
  token: string;
  path: string;
  accept: string;
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

async function answer(message: { id: number; method: string }): Promise<unknown> {
  if (message.method !== 'tools/call') {
    return {
      protocolVersion: '2025-11-25',
      capabilities: { tools: {} },
      serverInfo: { name: 'relay', version: '0' },
    };
  }
  const table = JSON.parse(await fetchTable()) as { rows: { cells: unknown[] }[] };
  const text = table.rows.map((row) => row.cells.join('  ')).join('\n');
  return { content: [{ type: 'text', text }] };
}

createInterface({ input: process.stdin }).on('line', async (line) => {
  const message = JSON.parse(line) as { id?: number; method: string };
  if (message.id === undefined) return;
  const result = await answer(message as { id: number; method: string });
  process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', id: message.id, result })}\n`);
});

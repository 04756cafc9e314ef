// The least a stdio MCP server on Node.js can do for kubernetes_list: read a JSON-RPC line, make
// the same Table request, answer the rows as text. No validation, no SDK, no rendering rules.
// `relay.ts` measures it against the floor: what the process hop costs, apart from the server.
import { createInterface } from 'node:readline';
import { type Dispatcher, Pool } from 'undici';

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

/** undici's dispatcher API: the chunks collected by a handler, as src/k8s/buffered-exchange.ts does. */
function viaDispatch(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const handler: Dispatcher.DispatchHandler = {
      // undici takes a handler without onRequestStart for one of its older API.
      onRequestStart: () => {},
      onResponseData: (_controller, chunk) => void chunks.push(chunk),
      onResponseEnd: () => resolve(Buffer.concat(chunks).toString('utf8')),
      onResponseError: (_controller, error) => reject(error),
    };
    pool.dispatch({ path: target.path, method: 'GET', headers }, handler);
  });
}

const fetchTable = process.env.RELAY_MODE === 'dispatch' ? viaDispatch : viaRequest;

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

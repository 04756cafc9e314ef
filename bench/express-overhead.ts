// What Express itself costs a request, apart from everything our server does: a POST with an
// MCP-sized JSON body answered with one SSE event, sequential on one keep-alive connection, served
// by a bare node:http handler, by the same handler after swapping the request's and response's
// prototypes (what Express does to every request), by an Express 5 app with that one route, and by
// that app on a server that builds requests and responses with the app's prototypes from the start
// (src/http/app-born-messages.ts, as our listener does).
// Prints the server's CPU per request (bench/README.md, "Sixth round" and "Seventh round"); not a measurement for
// results.md. The servers run in child processes (this file, with `serve <variant>`).
import { spawn } from 'node:child_process';
import { createServer, IncomingMessage, type RequestListener, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import { Pool } from 'undici';
import { appBornMessages } from '../src/http/app-born-messages.js';
import { markdownTable } from './lib/markdown.js';
import { benchOptions } from './lib/options.js';
import { cpuTimeMs } from './lib/process-usage.js';

const VARIANTS = [
  'node:http',
  'node:http, prototypes swapped',
  'express',
  'express, app-born requests and responses',
] as const;
type Variant = (typeof VARIANTS)[number];

function answer(response: ServerResponse, id: unknown): void {
  response.setHeader('content-type', 'text/event-stream');
  response.end(`event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', id, result: {} })}\n\n`);
}

/** Reads the JSON body and the bearer header, then answers, as an MCP POST needs at the least. */
const bareHandler: RequestListener = (request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString()) as { id: unknown };
    void request.headers.authorization;
    answer(response, body.id);
  });
};

async function handlerOf(variant: Variant): Promise<RequestListener> {
  if (variant === 'node:http') return bareHandler;
  if (variant === 'express' || variant === 'express, app-born requests and responses') {
    const express = (await import('express')).default;
    const app = express();
    app.post('/mcp', bareHandler);
    return app;
  }
  const requestPrototype = Object.create(IncomingMessage.prototype) as object;
  const responsePrototype = Object.create(ServerResponse.prototype) as object;
  return (request, response) => {
    Object.setPrototypeOf(request, requestPrototype);
    Object.setPrototypeOf(response, responsePrototype);
    bareHandler(request, response);
  };
}

async function serve(variant: Variant): Promise<void> {
  const handler = await handlerOf(variant);
  const server =
    variant === 'express, app-born requests and responses'
      ? createServer(appBornMessages(handler as Express), handler)
      : createServer(handler);
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
}

/** Server CPU per request in microseconds, over `requests` after as many untimed ones. */
async function measure(variant: Variant, requests: number): Promise<number> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), 'serve', variant],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<string>((resolve) =>
    child.stdout.once('data', (data) => resolve(String(data).trim())),
  );
  const pool = new Pool(`http://127.0.0.1:${port}`);
  const headers = {
    authorization: `Bearer ${'x'.repeat(43)}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-session-id': '6f1c0e0a-3a55-4a4f-9a55-1f2a3b4c5d6e',
    'mcp-protocol-version': '2025-11-25',
  };
  const params = { name: 'kubernetes_list', arguments: { resourceType: 'pods', namespace: 'load' } };
  const post = async (id: number) => {
    const body = JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params });
    await (await pool.request({ path: '/mcp', method: 'POST', headers, body })).body.text();
  };
  try {
    for (let id = 0; id < requests; id++) await post(id);
    const before = cpuTimeMs(child.pid as number);
    for (let id = 0; id < requests; id++) await post(id);
    return (1000 * (cpuTimeMs(child.pid as number) - before)) / requests;
  } finally {
    await pool.close();
    child.kill();
  }
}

const { positionals, values: options } = benchOptions({
  allowPositionals: true,
  options: { requests: { type: 'string', default: '5000' }, rounds: { type: 'string', default: '2' } },
});
if (positionals[0] === 'serve') {
  await serve(positionals[1] as Variant);
} else {
  const rows: string[][] = [];
  for (let round = 1; round <= Number(options.rounds); round++) {
    for (const variant of VARIANTS) {
      rows.push([String(round), variant, (await measure(variant, Number(options.requests))).toFixed(0)]);
    }
  }
  console.log(markdownTable(['round', 'server', 'server CPU us/request'], rows));
}

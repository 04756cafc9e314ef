import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardRequestBodies } from '../../../src/http/request-body-guard.js';

// Whether the guard holds a request back for one turn of the event loop shows in the route: a body
// sent in the same write as its headers has arrived (`req.complete`) after the turn, not before it.

let server: Server;
let port: number;
beforeAll(async () => {
  const app = express();
  app.use(guardRequestBodies(5000, ['/mcp']));
  app.post(/.*/, (req, res) => {
    res.json({ completeOnArrival: req.complete });
    req.resume();
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** A POST whose headers and body leave in one write; the route's view of it. */
function post(path: string, contentType: string): Promise<{ completeOnArrival: boolean }> {
  const body = '{"jsonrpc":"2.0","id":1,"method":"ping"}';
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      received += chunk.toString();
      const start = received.indexOf('\r\n\r\n');
      const json = start >= 0 ? received.slice(start + 4) : '';
      if (json.endsWith('}')) {
        socket.destroy();
        resolve(JSON.parse(json) as { completeOnArrival: boolean });
      }
    });
    socket.write(
      `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: ${contentType}\r\n` +
        `content-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}

describe('the request body guard', () => {
  it('lets a JSON POST to an MCP endpoint go on at once, its body still in the parser', async () => {
    expect(await post('/mcp', 'application/json')).toEqual({ completeOnArrival: false });
    expect(await post('/mcp', 'application/json; charset=utf-8')).toEqual({ completeOnArrival: false });
  });

  it('holds other requests back until the body that came with the headers has arrived', async () => {
    expect(await post('/oauth/register', 'application/json')).toEqual({ completeOnArrival: true });
    expect(await post('/mcp', 'text/plain')).toEqual({ completeOnArrival: true });
  });
});

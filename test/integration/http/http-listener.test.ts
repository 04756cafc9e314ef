import { connect, type Socket } from 'node:net';
import { generateServingCertificates } from '@mcp-kubernetes/devcluster';
import express, { type Express } from 'express';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { type HttpListener, listen, TLS_HANDSHAKE_TIMEOUT_MS } from '../../../src/http/http-listener.js';

const listeners: HttpListener[] = [];
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((listener) => listener.close(0)));
});

interface Seen {
  /** The prototype of the class the request and response were built from. */
  requestBornWith: unknown;
  responseBornWith: unknown;
  app: unknown;
}

/** An app whose route reports what it found in the request and answers through Express's helpers. */
function reportingApp(): { app: Express; seen: Seen[] } {
  const app = express();
  const seen: Seen[] = [];
  app.use((request, _response, next) => {
    seen.push({
      requestBornWith: request.constructor.prototype,
      responseBornWith: _response.constructor.prototype,
      app: request.app,
    });
    next();
  });
  app.post('/echo', express.json(), (request, response) => {
    response
      .status(201)
      .set('x-seen-header', request.get('x-test') ?? '')
      .json({ body: request.body });
  });
  return { app, seen };
}

/** `app` listening on a free loopback port (closed after the test). */
async function listening(app: Express, tls?: { cert: string; key: string }): Promise<HttpListener> {
  const listener = await listen(app, '127.0.0.1', 0, tls);
  listeners.push(listener);
  return listener;
}

async function started(app: Express, tls?: { cert: string; key: string }) {
  return `${tls ? 'https' : 'http'}://127.0.0.1:${(await listening(app, tls)).port}`;
}

async function postEcho(url: string, dispatcher?: Agent) {
  const response = await fetch(`${url}/echo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test': 'yes' },
    body: JSON.stringify({ n: 1 }),
    ...(dispatcher ? { dispatcher } : {}),
  } as RequestInit);
  return {
    status: response.status,
    header: response.headers.get('x-seen-header'),
    body: await response.json(),
  };
}

/** A TCP connection that never starts its TLS handshake, and when the server closed it. */
async function silentConnection(port: number): Promise<{ socket: Socket; closedAt: Promise<number> }> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  const closedAt = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
  return { socket, closedAt };
}

/** Settles with `promise`, or with 'still waiting' after `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | 'still waiting'> {
  return Promise.race([
    promise,
    new Promise<'still waiting'>((resolve) => setTimeout(resolve, ms, 'still waiting')),
  ]);
}

describe('the HTTP listener', () => {
  it("builds each request and response with the app's prototypes, so Express has none to swap", async () => {
    const { app, seen } = reportingApp();
    const url = await started(app);
    expect(await postEcho(url)).toEqual({ status: 201, header: 'yes', body: { body: { n: 1 } } });
    expect(await postEcho(url)).toMatchObject({ status: 201 });
    expect(seen).toHaveLength(2);
    for (const request of seen) {
      expect(request.requestBornWith).toBe(app.request);
      expect(request.responseBornWith).toBe(app.response);
      expect(request.app).toBe(app);
    }
  });

  it('does the same over TLS', async () => {
    const serving = await generateServingCertificates(['127.0.0.1']);
    const { app, seen } = reportingApp();
    const url = await started(app, { cert: serving.cert, key: serving.key });
    const dispatcher = new Agent({ connect: { ca: serving.caCert } });
    try {
      expect(await postEcho(url, dispatcher)).toEqual({
        status: 201,
        header: 'yes',
        body: { body: { n: 1 } },
      });
    } finally {
      await dispatcher.close();
    }
    expect(seen[0]?.requestBornWith).toBe(app.request);
    expect(seen[0]?.responseBornWith).toBe(app.response);
  });

  describe('a client that opens a TLS connection and never starts its handshake', () => {
    const httpsListener = async () => {
      const serving = await generateServingCertificates(['127.0.0.1']);
      return listening(express(), { cert: serving.cert, key: serving.key });
    };

    it('is cut when the listener closes, which then takes its grace time, not the handshake timeout', async () => {
      const listener = await httpsListener();
      const { socket, closedAt } = await silentConnection(listener.port);
      const started = Date.now();
      expect(await within(listener.close(200), 3000)).toBeUndefined();
      expect((await closedAt) - started).toBeLessThan(3000);
      socket.destroy();
    });

    it(`is dropped after ${TLS_HANDSHAKE_TIMEOUT_MS / 1000} s, not Node's 120 s`, async () => {
      const listener = await httpsListener();
      const { socket, closedAt } = await silentConnection(listener.port);
      const opened = Date.now();
      const closed = await within(closedAt, TLS_HANDSHAKE_TIMEOUT_MS + 3000);
      socket.destroy();
      expect(closed).not.toBe('still waiting');
      expect((closed as number) - opened).toBeGreaterThanOrEqual(TLS_HANDSHAKE_TIMEOUT_MS - 100);
    }, 20_000);
  });

  it('serves one app listened on twice, the latest listener building with its prototypes', async () => {
    const { app, seen } = reportingApp();
    const first = await started(app);
    const second = await started(app);
    expect(await postEcho(first)).toMatchObject({ status: 201, body: { body: { n: 1 } } });
    expect(await postEcho(second)).toMatchObject({ status: 201, body: { body: { n: 1 } } });
    expect(seen[1]?.requestBornWith).toBe(app.request);
    expect(seen[1]?.responseBornWith).toBe(app.response);
    expect(seen.every((request) => request.app === app)).toBe(true);
  });

  it("still answers 404 and a body that does not parse through Express's own handlers", async () => {
    const { app } = reportingApp();
    const url = await started(app);
    const missing = await fetch(`${url}/nothing`);
    expect(missing.status).toBe(404);
    const broken = await fetch(`${url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(broken.status).toBe(400);
  });
});

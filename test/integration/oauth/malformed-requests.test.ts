import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OAuthStack, startOAuthStack } from '../mcp/oauth-stack.js';

// Every endpoint, whatever the body: an answer within a second, and no connection left open by a body
// the server does not read. The body idle timeout is short here so that cut-off bodies answer in time.

const BODY_IDLE_TIMEOUT_MS = 300;
const ANSWER_WITHIN_MS = 1000;

interface Shape {
  readonly name: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The body sent is shorter than announced (or never ends): the server must close the connection. */
  readonly cutOff?: boolean;
}

const MULTIPART = 'multipart/form-data; boundary=x';
const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

const SHAPES: readonly Shape[] = [
  {
    name: 'multipart',
    headers: { 'content-type': MULTIPART },
    body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n',
  },
  { name: 'UTF-16 JSON', headers: { 'content-type': `${JSON_TYPE}; charset=utf-16` }, body: '{"a":1}' },
  { name: 'Latin-1 form', headers: { 'content-type': `${FORM}; charset=latin1` }, body: 'a=1' },
  { name: 'unknown charset form', headers: { 'content-type': `${FORM}; charset=x-none` }, body: 'a=1' },
  { name: 'text', headers: { 'content-type': 'text/plain' }, body: 'hello' },
  { name: 'no content type', headers: {}, body: 'hello' },
  { name: 'empty JSON', headers: { 'content-type': JSON_TYPE }, body: '' },
  { name: 'empty form', headers: { 'content-type': FORM }, body: '' },
  { name: 'invalid JSON', headers: { 'content-type': JSON_TYPE }, body: '{"a":' },
  {
    name: 'gzip JSON that is not gzip',
    headers: { 'content-type': JSON_TYPE, 'content-encoding': 'gzip' },
    body: 'not gzip',
  },
  { name: 'junk bearer', headers: { 'content-type': FORM, authorization: 'Bearer' }, body: 'a=1' },
  { name: 'junk basic', headers: { 'content-type': FORM, authorization: 'Basic !!!:::' }, body: 'a=1' },
  {
    name: 'junk scheme',
    headers: { 'content-type': JSON_TYPE, authorization: 'Negotiate x y z' },
    body: '{}',
  },
  {
    name: 'declared 100 MB JSON',
    headers: { 'content-type': JSON_TYPE, 'content-length': '100000000' },
    body: '{',
    cutOff: true,
  },
  {
    name: 'cut-off JSON',
    headers: { 'content-type': JSON_TYPE, 'content-length': '100' },
    body: '{"a":',
    cutOff: true,
  },
  {
    name: 'cut-off form',
    headers: { 'content-type': FORM, 'content-length': '100' },
    body: 'grant_type=',
    cutOff: true,
  },
  {
    name: 'cut-off gzip JSON',
    headers: { 'content-type': JSON_TYPE, 'content-encoding': 'gzip', 'content-length': '100' },
    body: 'xx',
    cutOff: true,
  },
  {
    name: 'cut-off text',
    headers: { 'content-type': 'text/plain', 'content-length': '100' },
    body: 'abc',
    cutOff: true,
  },
  {
    name: 'cut-off multipart',
    headers: { 'content-type': MULTIPART, 'content-length': '100' },
    body: '--x',
    cutOff: true,
  },
  {
    name: 'unfinished chunked JSON',
    headers: { 'content-type': JSON_TYPE, 'transfer-encoding': 'chunked' },
    body: '3\r\n{"a\r\n',
    cutOff: true,
  },
];

const OAUTH_ENDPOINTS = [
  'POST /oauth/register',
  'POST /oauth/token',
  'POST /oauth/revoke',
  'POST /oauth/introspect',
  'POST /oauth/authorize',
  'GET /oauth/authorize',
  'GET /oauth/callback',
  'GET /.well-known/oauth-authorization-server',
  'GET /.well-known/oauth-protected-resource',
  'POST /not-an-endpoint',
];
const STREAMABLE_HTTP_ENDPOINTS = [...OAUTH_ENDPOINTS, 'POST /mcp', 'GET /mcp', 'DELETE /mcp'];
const SSE_ENDPOINTS = ['GET /sse', 'POST /message?sessionId=x'];

interface RawAnswer {
  status: number;
  headers: string;
  body: string;
  elapsedMs: number;
  /** Whether the server closed the connection within a second of its answer. */
  closed: Promise<boolean>;
}

/** One request over its own socket, written as given (so headers and bodies may lie). */
function rawRequest(port: number, endpoint: string, shape: Shape): Promise<RawAnswer> {
  const [method, path] = endpoint.split(' ');
  const headers: Record<string, string> = { host: `127.0.0.1:${port}`, ...shape.headers };
  if (!headers['transfer-encoding'] && !headers['content-length'])
    headers['content-length'] = String(Buffer.byteLength(shape.body));
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const closed = new Promise<boolean>((resolveClosed) => {
      socket.once('close', () => resolveClosed(true));
      socket.once('end', () => resolveClosed(true));
      socket.once('data', () => setTimeout(() => resolveClosed(false), 1000).unref());
    }).finally(() => socket.destroy());
    const noAnswer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`${endpoint} [${shape.name}]: no answer within ${ANSWER_WITHIN_MS} ms`));
    }, ANSWER_WITHIN_MS);
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString();
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      clearTimeout(noAnswer);
      resolve({
        status: Number(received.slice(9, 12)),
        headers: received.slice(0, end).toLowerCase(),
        body: received.slice(end + 4),
        elapsedMs: Date.now() - started,
        closed,
      });
    });
    socket.on('error', () => undefined);
    socket.write(`${method} ${path} HTTP/1.1\r\n${head.join('')}\r\n${shape.body}`);
  });
}

let stack: OAuthStack;
let streamableHttpPort: number;
let ssePort: number;

beforeAll(async () => {
  stack = await startOAuthStack({ servers: 2 });
  const options = { bodyIdleTimeoutMs: BODY_IDLE_TIMEOUT_MS };
  const streamable = await stack.serve({ rateLimitRegistration: 0 }, options);
  const sse = await stack.serve({ transport: 'sse', rateLimitRegistration: 0 }, options);
  streamableHttpPort = Number(new URL(streamable.baseUrl).port);
  ssePort = Number(new URL(sse.baseUrl).port);
}, 60_000);
afterAll(() => stack?.stop());

async function expectAnsweredInTime(port: number, endpoint: string, shape: Shape): Promise<RawAnswer> {
  const answer = await rawRequest(port, endpoint, shape);
  const what = `${endpoint} [${shape.name}] answered ${answer.status}`;
  expect(answer.status, what).toBeGreaterThanOrEqual(200);
  expect(answer.status, what).toBeLessThan(500);
  if (shape.cutOff) {
    expect(answer.headers, what).toContain('connection: close');
    expect(await answer.closed, `${what}: connection left open`).toBe(true);
  }
  return answer;
}

/** Node.js's keep-alive timeout, which our server keeps: an idle connection is closed after it. */
const KEEP_ALIVE_TIMEOUT_MS = 5000;

/**
 * A JSON POST whose body is written a moment after its headers, as a client that sends them in two
 * writes does: the answer, and how long after it the server closed the idle connection (undefined
 * if it was still open `waitMs` later).
 */
function bodyAfterHeaders(port: number, path: string, waitMs: number) {
  const body = '{"jsonrpc":"2.0","id":1,"method":"ping"}';
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  socket.write(
    `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: ${JSON_TYPE}\r\n` +
      `accept: application/json, text/event-stream\r\ncontent-length: ${body.length}\r\n\r\n`,
  );
  setTimeout(() => socket.write(body), BODY_IDLE_TIMEOUT_MS / 3);
  return new Promise<{ head: string; closedAfterMs: number | undefined }>((resolve) => {
    let received = '';
    let answeredAt: number | undefined;
    const done = (closedAfterMs: number | undefined) => {
      socket.destroy();
      resolve({ head: received.slice(0, received.indexOf('\r\n\r\n')).toLowerCase(), closedAfterMs });
    };
    const giveUp = setTimeout(() => done(undefined), waitMs);
    socket.on('data', (chunk) => {
      received += chunk.toString();
      answeredAt ??= Date.now();
    });
    socket.once('close', () => {
      clearTimeout(giveUp);
      done(answeredAt === undefined ? undefined : Date.now() - answeredAt);
    });
  });
}

describe('malformed requests', () => {
  it.each([
    ['streamable HTTP', STREAMABLE_HTTP_ENDPOINTS, () => streamableHttpPort],
    ['SSE', SSE_ENDPOINTS, () => ssePort],
  ] as const)(
    'every %s endpoint answers every shape within a second',
    async (_name, endpoints, port) => {
      await Promise.all(
        endpoints.map(async (endpoint) => {
          for (const shape of SHAPES) await expectAnsweredInTime(port(), endpoint, shape);
        }),
      );
    },
    60_000,
  );

  const shape = (name: string) => {
    const found = SHAPES.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no shape ${name}`);
    return found;
  };
  const answerOf = async (endpoint: string, name: string) => {
    const answer = await expectAnsweredInTime(streamableHttpPort, endpoint, shape(name));
    return { status: answer.status, ...(answer.body.startsWith('{') ? JSON.parse(answer.body) : {}) };
  };

  it('refuses a body of another type with 415 and the endpoint own error code, unread', async () => {
    expect(await answerOf('POST /oauth/register', 'text')).toEqual({
      status: 415,
      error: 'invalid_client_metadata',
      error_description: 'the request body must be application/json',
    });
    expect(await answerOf('POST /oauth/register', 'cut-off multipart')).toMatchObject({
      status: 415,
      error: 'invalid_client_metadata',
    });
    expect(await answerOf('POST /oauth/token', 'cut-off text')).toEqual({
      status: 415,
      error: 'invalid_request',
      error_description: `the request body must be ${FORM}`,
    });
  });

  it('refuses a charset other than UTF-8 and any content encoding with 415 before reading', async () => {
    for (const name of ['Latin-1 form', 'unknown charset form', 'cut-off gzip JSON']) {
      const endpoint = name.includes('JSON') ? 'POST /oauth/register' : 'POST /oauth/token';
      expect(await answerOf(endpoint, name)).toMatchObject({
        status: 415,
        error: endpoint === 'POST /oauth/register' ? 'invalid_client_metadata' : 'invalid_request',
      });
    }
  });

  it('refuses a declared body above the limit with 413 at once, without waiting for it', async () => {
    expect(await answerOf('POST /oauth/register', 'declared 100 MB JSON')).toMatchObject({
      status: 413,
      error: 'invalid_client_metadata',
    });
    expect(await answerOf('POST /oauth/token', 'declared 100 MB JSON')).toMatchObject({ status: 413 });
    expect((await answerOf('POST /mcp', 'declared 100 MB JSON')).status).toBe(413);
  });

  it('refuses a body that stops arriving with 408 after the idle timeout, and closes the connection', async () => {
    for (const endpoint of ['POST /oauth/register', 'POST /oauth/token', 'POST /mcp']) {
      const answer = await rawRequest(streamableHttpPort, endpoint, shape('cut-off JSON'));
      if (endpoint === 'POST /oauth/token') {
        expect(answer.status).toBe(415);
        continue;
      }
      expect(answer.status).toBe(408);
      expect(answer.elapsedMs).toBeGreaterThanOrEqual(BODY_IDLE_TIMEOUT_MS - 50);
      expect(JSON.parse(answer.body)).toMatchObject({ error: 'invalid_request' });
      expect(await answer.closed).toBe(true);
    }
    const form = await rawRequest(streamableHttpPort, 'POST /oauth/token', shape('cut-off form'));
    expect(form.status).toBe(408);
  });

  it('closes an idle connection after the keep-alive timeout when its last body came after its headers', async () => {
    // The body watch turns the socket's timeout off once the body has arrived; it used to do that
    // again after the answer too, which turned off the keep-alive timeout: the connection stayed open.
    const answers = await Promise.all(
      ['/mcp', '/oauth/register'].map((path) =>
        bodyAfterHeaders(streamableHttpPort, path, KEEP_ALIVE_TIMEOUT_MS + 3000),
      ),
    );
    for (const { head, closedAfterMs } of answers) {
      expect(head).toMatch(/^http\/1\.1 4\d\d/);
      expect(head).not.toContain('connection: close');
      expect(closedAfterMs).toBeGreaterThanOrEqual(KEEP_ALIVE_TIMEOUT_MS - 500);
    }
  }, 15_000);

  it('keeps the connection of a complete but unread body open for the next request', async () => {
    const answer = await rawRequest(streamableHttpPort, 'POST /oauth/token', shape('text'));
    expect(answer.status).toBe(415);
    expect(answer.headers).not.toContain('connection: close');
    expect(await answer.closed).toBe(false);
  });
});

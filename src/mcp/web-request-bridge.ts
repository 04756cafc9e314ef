import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { AuthInfo, WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/server';
import { shareRequestContext } from '../observability/index.js';

// The SDK's Node.js adapter turns every request into a WHATWG Request and back through
// @hono/node-server, and writes an SSE answer's headers before its event, a second socket write.
// Profiled, that was the largest part of an HTTP tool call's server CPU (bench/README.md, "Where
// the time goes"). The web-standard transport underneath reads only a request's method, url and
// headers (its body when none was parsed), and so does the 2026-07-28 handler, so they get exactly those, and its Response is written
// back with the headers, the events and the end coalesced into one write when they are ready together.

export type NodeRequest = IncomingMessage & { body?: unknown; auth?: AuthInfo };

function headersOf(request: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = request.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    // HTTP/2 pseudo-headers (`:path`) are not header names a Headers object accepts.
    if (!name.startsWith(':')) headers.append(name, raw[i + 1] as string);
  }
  return headers;
}

/**
 * What the SDK reads of a Request; the body was read (and parsed) already. `signal` aborts when the
 * client goes away before its answer (the 2026-07-28 handler cancels the call then). It carries the
 * request's context, so a tool call's log lines name the request (`ctx.http.req`).
 */
export function webRequestOf(request: NodeRequest, signal?: AbortSignal): Request {
  const scheme = (request.socket as TLSSocket).encrypted ? 'https' : 'http';
  const url = `${scheme}://${request.headers.host ?? 'localhost'}${request.url ?? '/'}`;
  const web = { method: request.method, url, headers: headersOf(request), body: null, signal };
  shareRequestContext(request, web);
  return web as unknown as Request;
}

/** Aborts when the client goes away before its answer is complete. */
export function abortedWhenGone(response: ServerResponse): AbortSignal {
  const gone = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) gone.abort();
  });
  return gone.signal;
}

/** Status and headers set but not sent: a body given to `end` then gets its Content-Length. */
function setHead(response: ServerResponse, answer: Response): void {
  response.statusCode = answer.status;
  answer.headers.forEach((value, name) => {
    response.setHeader(name, value);
  });
}

/**
 * Writes `stream` to `response` as its chunks arrive. Chunks produced in one turn of the event loop
 * (the last event and the stream's end, typically) leave in one socket write: the response is
 * corked until the pending callbacks have run.
 */
async function pipeStream(stream: ReadableStream<Uint8Array>, response: ServerResponse): Promise<void> {
  const reader = stream.getReader();
  // A client that goes away cancels the stream, which is how the transport forgets it.
  const cancel = () => void reader.cancel().catch(() => {});
  response.once('close', cancel);
  let corked = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (response.destroyed) return;
      if (!corked) {
        corked = true;
        response.cork();
        process.nextTick(() => {
          corked = false;
          response.uncork();
        });
      }
      response.write(value);
    }
    response.end();
  } catch {
    // The stream failed after the headers left: all that can be done is to end the answer.
    response.destroy();
  } finally {
    response.off('close', cancel);
  }
}

/** Writes the SDK's answer to the Node.js response, events as they come. */
export async function writeWebResponse(
  answer: Response,
  request: NodeRequest,
  response: ServerResponse,
): Promise<void> {
  setHead(response, answer);
  if (!answer.body) {
    response.end();
    return;
  }
  if (answer.headers.get('content-type')?.startsWith('text/event-stream')) {
    // A GET stream may stay quiet for long: its head leaves now, so the client knows it is open.
    if (request.method === 'GET') response.flushHeaders();
    return pipeStream(answer.body, response);
  }
  response.end(Buffer.from(await answer.arrayBuffer()));
}

/** Lets `transport` answer a Node.js request whose JSON body `express.json` has parsed. */
export async function serveWebTransport(
  transport: WebStandardStreamableHTTPServerTransport,
  web: Request,
  request: NodeRequest,
  response: ServerResponse,
): Promise<void> {
  const answer = await transport.handleRequest(web, {
    parsedBody: request.body,
    ...(request.auth ? { authInfo: request.auth } : {}),
  });
  return writeWebResponse(answer, request, response);
}

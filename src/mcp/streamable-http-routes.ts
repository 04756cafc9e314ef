import { randomUUID } from 'node:crypto';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Express, Request, RequestHandler, Response } from 'express';
import { sessionOwnerMatches, sessionOwnerOf } from '../auth/index.js';
import { sendJsonRpcError } from '../http/index.js';
import { QUESTIONS_WITH_THE_CALL, type QuestionChannel } from './destructive-confirmation.js';
import { IdleSessions } from './idle-sessions.js';
import type { ServerRuntime } from './server-runtime.js';
import { createSessionServer } from './session-server.js';
import { serveWebTransport } from './web-request-bridge.js';

export interface StreamableHttpOptions {
  endpoint: string;
  stateless: boolean;
  /** Plain JSON answers instead of SSE streams (--disable-streaming). */
  jsonResponse: boolean;
  sessionIdleTimeoutMs: number;
  maxRequestSize: number;
  /** The bearer check (OAuth); it sets `req.principal`, to which each session is bound. */
  authenticate?: RequestHandler;
}

export interface MountedTransport {
  close(): Promise<void>;
  /** Open MCP sessions, for the sessions gauge. */
  sessionCount(): number;
}

interface HttpSession {
  transport: WebStandardStreamableHTTPServerTransport;
  server: Server;
  /** The client's GET event streams now open: with plain JSON answers, the only way to ask it. */
  getStreams: { open: number };
  /** The subject of the token that opened the session, when OAuth is on. */
  owner: string | undefined;
  close(): Promise<void>;
}

const SESSION_HEADER = 'mcp-session-id';

function responseFinished(response: Response): Promise<void> {
  return new Promise((resolve) => response.once('close', resolve));
}

function newTransport(
  options: StreamableHttpOptions,
  sessions?: { sessionIdGenerator: () => string; onsessioninitialized: (id: string) => void },
) {
  return new WebStandardStreamableHTTPServerTransport({
    ...sessions,
    enableJsonResponse: options.jsonResponse,
    maxRequestBodySize: options.maxRequestSize,
  });
}

/** Stateless: every POST gets a server and a session of its own, closed with the response. */
function mountStateless(
  app: Express,
  runtime: ServerRuntime,
  options: StreamableHttpOptions,
): MountedTransport {
  const guards = options.authenticate ? [options.authenticate] : [];
  app.post(options.endpoint, ...guards, async (request: Request, response: Response) => {
    const transport = newTransport(options);
    const server = createSessionServer(runtime, undefined, { on: 'nowhere' });
    void responseFinished(response).then(() => server.close());
    await server.connect(transport);
    await serveWebTransport(transport, request, response);
  });
  const noSessions = (_request: Request, response: Response) =>
    sendJsonRpcError(response, 405, 'Method not allowed: the server runs with --stateless (no MCP sessions)');
  app.get(options.endpoint, ...guards, noSessions);
  app.delete(options.endpoint, ...guards, noSessions);
  return { close: async () => {}, sessionCount: () => 0 };
}

/** Stateful: `initialize` opens a session (a CSPRNG id); its later requests name it in a header. */
function mountStateful(
  app: Express,
  runtime: ServerRuntime,
  options: StreamableHttpOptions,
): MountedTransport {
  const sessions = new IdleSessions<HttpSession>(options.sessionIdleTimeoutMs, (id) =>
    runtime.logger.debug({ session: id }, 'idle MCP session closed'),
  );

  async function openSession(request: Request, response: Response): Promise<void> {
    const owner = request.principal && sessionOwnerOf(request.principal);
    const getStreams = { open: 0 };
    const questions: QuestionChannel = options.jsonResponse
      ? { on: 'session-stream', isOpen: () => getStreams.open > 0 }
      : QUESTIONS_WITH_THE_CALL;
    const server = createSessionServer(runtime, undefined, questions);
    // Registered before the initialize answer leaves, so the client's next request finds it.
    const transport = newTransport(options, {
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (id) =>
        sessions.add(id, { transport, server, getStreams, owner, close: () => server.close() }),
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.forget(transport.sessionId);
    };
    await server.connect(transport);
    await serveWebTransport(transport, request, response);
  }

  async function handle(request: Request, response: Response): Promise<void> {
    const id = request.header(SESSION_HEADER);
    if (!id) {
      if (request.method === 'POST' && isInitializeRequest(request.body))
        return openSession(request, response);
      return sendJsonRpcError(
        response,
        400,
        `Bad Request: no ${SESSION_HEADER} header; send initialize first`,
      );
    }
    const session = sessions.get(id);
    if (!session) return sendJsonRpcError(response, 404, 'Session not found: it expired or was closed');
    // A session belongs to the person who opened it: another user's token cannot ride on its id.
    if (session.owner !== undefined && !sessionOwnerMatches(session.owner, request.principal)) {
      return sendJsonRpcError(response, 404, 'Session not found: it expired or was closed');
    }
    const finished = responseFinished(response);
    if (request.method === 'GET') {
      session.getStreams.open += 1;
      void finished.then(() => {
        session.getStreams.open -= 1;
      });
    }
    await sessions.serve(id, () => serveWebTransport(session.transport, request, response), finished);
  }

  const guards = options.authenticate ? [options.authenticate] : [];
  app.post(options.endpoint, ...guards, handle);
  app.get(options.endpoint, ...guards, handle);
  app.delete(options.endpoint, ...guards, handle);
  return { close: () => sessions.closeAll(), sessionCount: () => sessions.size };
}

export function mountStreamableHttp(
  app: Express,
  runtime: ServerRuntime,
  options: StreamableHttpOptions,
): MountedTransport {
  return options.stateless ? mountStateless(app, runtime, options) : mountStateful(app, runtime, options);
}

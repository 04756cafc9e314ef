import { randomUUID } from 'node:crypto';
import {
  isInitializeRequest,
  isJSONRPCRequest,
  type Server,
  WebStandardStreamableHTTPServerTransport,
} from '@modelcontextprotocol/server';
import type { Express, Request, RequestHandler, Response } from 'express';
import { sessionOwnerMatches, sessionOwnerOf } from '../auth/index.js';
import { sendJsonRpcError } from '../http/index.js';
import { QUESTIONS_WITH_THE_CALL, type QuestionChannel } from './destructive-confirmation.js';
import { IdleSessions } from './idle-sessions.js';
import type { ServerRuntime } from './server-runtime.js';
import { createSessionServer } from './session-server.js';
import { statelessRevisionEndpoint } from './stateless-revision-routes.js';
import { createToolSession } from './tool-session.js';
import { abortedWhenGone, serveWebTransport, webRequestOf } from './web-request-bridge.js';

export interface StreamableHttpOptions {
  endpoint: string;
  /** 2025-11-25 clients without sessions too (--stateless); 2026-07-28 clients never have one. */
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

/** How the 2025-11-25 revision is served: one request, with the SDK's Request made of it. */
type LegacyHandler = (web: globalThis.Request, request: Request, response: Response) => Promise<void>;

interface LegacyServing extends MountedTransport {
  handle: LegacyHandler;
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

/**
 * With plain JSON answers a call has no stream of its own, and the SDK drops a request it sends
 * "related to" the call (the confirmation question): such requests go on the session's GET stream.
 */
function questionsOnSessionStream(transport: WebStandardStreamableHTTPServerTransport): void {
  const send = transport.send.bind(transport);
  transport.send = (message, sendOptions) =>
    isJSONRPCRequest(message)
      ? send(message, { ...sendOptions, relatedRequestId: undefined })
      : send(message, sendOptions);
}

/** --stateless: every 2025-11-25 POST gets a server and a session of its own, closed with the response. */
function statelessLegacy(runtime: ServerRuntime, options: StreamableHttpOptions): LegacyServing {
  return {
    async handle(web, request, response) {
      if (request.method !== 'POST') {
        return sendJsonRpcError(
          response,
          405,
          'Method not allowed: the server runs with --stateless (no MCP sessions)',
        );
      }
      const transport = newTransport(options);
      const server = createSessionServer(runtime, undefined, { on: 'nowhere' });
      void responseFinished(response).then(() => server.close());
      await server.connect(transport);
      await serveWebTransport(transport, web, request, response);
    },
    close: async () => {},
    sessionCount: () => 0,
  };
}

/** 2025-11-25 sessions: `initialize` opens one (a CSPRNG id); its later requests name it in a header. */
function sessionfulLegacy(runtime: ServerRuntime, options: StreamableHttpOptions): LegacyServing {
  const sessions = new IdleSessions<HttpSession>(options.sessionIdleTimeoutMs, (id) =>
    runtime.logger.debug({ session: id }, 'idle MCP session closed'),
  );

  async function openSession(web: globalThis.Request, request: Request, response: Response): Promise<void> {
    const owner = request.principal && sessionOwnerOf(request.principal);
    const getStreams = { open: 0 };
    const questions: QuestionChannel = options.jsonResponse
      ? { on: 'session-stream', isOpen: () => getStreams.open > 0 }
      : QUESTIONS_WITH_THE_CALL;
    // A connection through one of the session's port forwards keeps it from idling out.
    const toolSession = createToolSession(() =>
      transport.sessionId ? sessions.hold(transport.sessionId) : () => {},
    );
    const server = createSessionServer(runtime, toolSession, questions);
    // Registered before the initialize answer leaves, so the client's next request finds it.
    const transport = newTransport(options, {
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (id) =>
        sessions.add(id, { transport, server, getStreams, owner, close: () => server.close() }),
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.forget(transport.sessionId);
    };
    if (options.jsonResponse) questionsOnSessionStream(transport);
    await server.connect(transport);
    await serveWebTransport(transport, web, request, response);
  }

  async function handle(web: globalThis.Request, request: Request, response: Response): Promise<void> {
    const id = request.header(SESSION_HEADER);
    if (!id) {
      if (request.method === 'POST' && isInitializeRequest(request.body))
        return openSession(web, request, response);
      return sendJsonRpcError(
        response,
        400,
        `Bad Request: no ${SESSION_HEADER} header; send initialize first (protocol 2025-11-25), or ` +
          'send each request with its protocol version (2026-07-28)',
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
    await sessions.serve(id, () => serveWebTransport(session.transport, web, request, response), finished);
  }

  return { handle, close: () => sessions.closeAll(), sessionCount: () => sessions.size };
}

/**
 * The MCP endpoint, serving both protocol revisions, chosen per request: a POST that carries the
 * 2026-07-28 envelope (or its MCP-Protocol-Version header) goes to the stateless 2026-07-28
 * handler; everything else is 2025-11-25, with sessions unless --stateless.
 */
export function mountStreamableHttp(
  app: Express,
  runtime: ServerRuntime,
  options: StreamableHttpOptions,
): MountedTransport {
  const legacy = options.stateless ? statelessLegacy(runtime, options) : sessionfulLegacy(runtime, options);
  const modern = statelessRevisionEndpoint(runtime, options);
  async function handle(request: Request, response: Response): Promise<void> {
    const web = webRequestOf(request, request.method === 'POST' ? abortedWhenGone(response) : undefined);
    if (await modern.claims(request, web)) return modern.serve(web, request, response);
    return legacy.handle(web, request, response);
  }
  const guards = options.authenticate ? [options.authenticate] : [];
  app.post(options.endpoint, ...guards, handle);
  app.get(options.endpoint, ...guards, handle);
  app.delete(options.endpoint, ...guards, handle);
  return {
    close: async () => {
      await Promise.all([legacy.close(), modern.close()]);
    },
    sessionCount: legacy.sessionCount,
  };
}

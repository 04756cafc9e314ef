import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import type { Server } from '@modelcontextprotocol/server';
import type { Express, Request, RequestHandler, Response } from 'express';
import { sessionOwnerMatches, sessionOwnerOf } from '../auth/index.js';
import { sendJsonRpcError } from '../http/index.js';
import type { ServerRuntime } from './server-runtime.js';
import { createSessionServer } from './session-server.js';
import type { MountedTransport } from './streamable-http-routes.js';
import { webRequestOf } from './web-request-bridge.js';

export interface SseOptions {
  sseEndpoint: string;
  messageEndpoint: string;
  /** The bearer check (OAuth); it sets `req.principal`, to which each session is bound. */
  authenticate?: RequestHandler;
}

/**
 * The deprecated HTTP+SSE transport (protocol 2024-11-05), for clients that have not moved to
 * streamable HTTP: a GET opens the event stream and the session, POSTs carry the messages.
 */
export function mountSse(app: Express, runtime: ServerRuntime, options: SseOptions): MountedTransport {
  const sessions = new Map<
    string,
    { transport: SSEServerTransport; server: Server; owner: string | undefined }
  >();
  const guards = options.authenticate ? [options.authenticate] : [];
  // The SDK 1.x transport hands a message the headers of its POST, not a Request: through them the
  // session server finds a Request made of the POST, with its context (the id its log lines carry).
  const postsByHeaders = new WeakMap<object, globalThis.Request>();

  app.get(options.sseEndpoint, ...guards, async (request: Request, response: Response) => {
    const transport = new SSEServerTransport(options.messageEndpoint, response);
    const server = createSessionServer(runtime);
    const owner = request.principal && sessionOwnerOf(request.principal);
    sessions.set(transport.sessionId, { transport, server, owner });
    response.once('close', () => {
      sessions.delete(transport.sessionId);
      void server.close();
    });
    await server.connect(transport);
    const deliver = transport.onmessage;
    transport.onmessage = (message, extra) => {
      const post = extra?.requestInfo && postsByHeaders.get(extra.requestInfo.headers);
      // `request` is where the v2 Server (its MessageExtraInfo) looks for the HTTP request.
      deliver?.(message, post ? ({ ...extra, request: post } as typeof extra) : extra);
    };
  });

  app.post(options.messageEndpoint, ...guards, async (request: Request, response: Response) => {
    const id = request.query.sessionId;
    const session = typeof id === 'string' ? sessions.get(id) : undefined;
    const ownerMismatch =
      session?.owner !== undefined && !sessionOwnerMatches(session.owner, request.principal);
    if (!session || ownerMismatch) {
      return sendJsonRpcError(response, 404, 'Session not found: open the event stream first');
    }
    postsByHeaders.set(request.headers, webRequestOf(request));
    await session.transport.handlePostMessage(request, response, request.body);
  });

  return {
    sessionCount: () => sessions.size,
    async close() {
      await Promise.allSettled([...sessions.values()].map(({ server }) => server.close()));
      sessions.clear();
    },
  };
}

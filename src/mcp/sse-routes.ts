import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import type { Express } from 'express';
import { sendJsonRpcError } from '../http/json-rpc-error.js';
import type { ServerRuntime } from './server-runtime.js';
import { createSessionServer } from './session-server.js';
import type { MountedTransport } from './streamable-http-routes.js';

export interface SseOptions {
  sseEndpoint: string;
  messageEndpoint: string;
}

/**
 * The deprecated HTTP+SSE transport (protocol 2024-11-05), for clients that have not moved to
 * streamable HTTP: a GET opens the event stream and the session, POSTs carry the messages.
 */
export function mountSse(app: Express, runtime: ServerRuntime, options: SseOptions): MountedTransport {
  const sessions = new Map<string, { transport: SSEServerTransport; server: Server }>();

  app.get(options.sseEndpoint, async (_request, response) => {
    const transport = new SSEServerTransport(options.messageEndpoint, response);
    const server = createSessionServer(runtime);
    sessions.set(transport.sessionId, { transport, server });
    response.once('close', () => {
      sessions.delete(transport.sessionId);
      void server.close();
    });
    await server.connect(transport);
  });

  app.post(options.messageEndpoint, async (request, response) => {
    const id = request.query.sessionId;
    const session = typeof id === 'string' ? sessions.get(id) : undefined;
    if (!session) return sendJsonRpcError(response, 404, 'Session not found: open the event stream first');
    await session.transport.handlePostMessage(request, response, request.body);
  });

  return {
    async close() {
      await Promise.allSettled([...sessions.values()].map(({ server }) => server.close()));
      sessions.clear();
    },
  };
}

import type { ServerResponse } from 'node:http';
import { createMcpHandler, isLegacyRequest } from '@modelcontextprotocol/server';
import type { ServerRuntime } from './server-runtime.js';
import { createSessionServer } from './session-server.js';
import { sessionlessToolSession } from './tool-session.js';
import { type NodeRequest, writeWebResponse } from './web-request-bridge.js';

// MCP 2026-07-28 over streamable HTTP: no initialize, no session; every request carries its
// protocol revision, client capabilities and identity in `_meta`, and the MCP-Protocol-Version,
// Mcp-Method and Mcp-Name headers must say the same as the body. The SDK's handler checks all that
// and answers each request from a server of its own; 2025-11-25 traffic never reaches it.

export interface StatelessRevisionOptions {
  /** Plain JSON answers instead of SSE streams (--disable-streaming): progress is then dropped. */
  jsonResponse: boolean;
  maxRequestSize: number;
}

export interface StatelessRevisionEndpoint {
  /** Whether a request is for the 2026-07-28 revision (also when it names one we do not serve). */
  claims(request: NodeRequest, web: Request): Promise<boolean>;
  serve(web: Request, request: NodeRequest, response: ServerResponse): Promise<void>;
  close(): Promise<void>;
}

export function statelessRevisionEndpoint(
  runtime: ServerRuntime,
  options: StatelessRevisionOptions,
): StatelessRevisionEndpoint {
  const handler = createMcpHandler(() => createSessionServer(runtime, sessionlessToolSession()), {
    legacy: 'reject',
    responseMode: options.jsonResponse ? 'json' : 'auto',
    maxRequestBodySize: options.maxRequestSize,
    onerror: (error) => runtime.logger.debug({ err: error }, 'MCP 2026-07-28 request refused or failed'),
  });
  return {
    // Only a POST with a JSON body can carry the per-request envelope; the rest is 2025-11-25.
    claims: async (request, web) =>
      request.method === 'POST' && request.body !== undefined && !(await isLegacyRequest(web, request.body)),
    async serve(web, request, response) {
      const answer = await handler.fetch(web, {
        parsedBody: request.body,
        ...(request.auth ? { authInfo: request.auth } : {}),
      });
      await writeWebResponse(answer, request, response);
    },
    close: () => handler.close(),
  };
}

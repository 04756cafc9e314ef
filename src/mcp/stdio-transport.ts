import type { Readable, Writable } from 'node:stream';
import { serveStdio as serveMcpStdio } from '@modelcontextprotocol/server/stdio';
import type { RunningTransport } from './running-transport.js';
import type { ServerRuntime } from './server-runtime.js';
import { createSessionServer } from './session-server.js';
import { StdioWire } from './stdio-wire.js';
import { createToolSession } from './tool-session.js';

/**
 * One MCP connection over the process's stdin and stdout, ending when the client closes stdin. The
 * client's first message picks the protocol revision for the whole connection: `initialize` for
 * 2025-11-25, `server/discover` or a request carrying the 2026-07-28 envelope for 2026-07-28. Either
 * way the process is one session: kubernetes_context_use holds for the connection.
 */
export async function serveStdio(
  runtime: ServerRuntime,
  stdin: Readable,
  stdout: Writable,
): Promise<RunningTransport> {
  const session = createToolSession();
  const wire = new StdioWire(stdin, stdout);
  // The SDK may build a probe server and discard it before the connection settles on a revision:
  // the session (its port forwards) ends with the wire, not with a server.
  const unendedByServers = { ...session, end: () => {} };
  const handle = serveMcpStdio(() => createSessionServer(runtime, unendedByServers), {
    transport: wire,
    onerror: (error) => runtime.logger.debug({ err: error }, 'stdio MCP error'),
  });
  const ended = new Promise<void>((resolve) => {
    // serveMcpStdio owns the wire's close handler; it runs first.
    const ownClose = wire.onclose;
    wire.onclose = () => {
      ownClose?.();
      session.end();
      resolve();
    };
  });
  return { ended, close: () => handle.close(), sessionCount: () => 1 };
}

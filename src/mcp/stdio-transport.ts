import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { RunningTransport } from './running-transport.js';
import type { ServerRuntime } from './server-runtime.js';
import { createSessionServer } from './session-server.js';

/** One MCP session over the process's stdin and stdout, ending when the client closes stdin. */
export async function serveStdio(
  runtime: ServerRuntime,
  stdin: Readable,
  stdout: Writable,
): Promise<RunningTransport> {
  const server = createSessionServer(runtime);
  const ended = new Promise<void>((resolve) => {
    const endSession = server.onclose;
    server.onclose = () => {
      endSession?.();
      resolve();
    };
    stdin.once('end', () => void server.close());
  });
  await server.connect(new StdioServerTransport(stdin, stdout));
  return { ended, close: () => server.close(), sessionCount: () => 1 };
}

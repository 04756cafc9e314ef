import { createServer } from 'node:net';

/**
 * Checks that `port` is free on `host` (0: finds a free one) and returns it. The OAuth issuer URL must
 * name the MCP port before the server starts (the identity provider is told its callback first), and a
 * port in use is better reported before anything has started.
 */
export async function availableLoopbackPort(host: string, port: number): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${port} on ${host} is in use: choose another with --port, or --port 0 for any`)
          : error,
      ),
    );
    probe.listen(port, host, resolve);
  });
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (!address || typeof address === 'string') throw new Error(`no free port on ${host}`);
  return address.port;
}

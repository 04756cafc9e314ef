import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions as TlsServerOptions } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Express } from 'express';
import { appBornMessages } from './app-born-messages.js';

export interface HttpListener {
  host: string;
  port: number;
  /** Stops accepting connections and closes idle ones; running requests go on. */
  stopAccepting(): void;
  /** Stops accepting connections, lets running requests finish for `graceMs`, then cuts the rest. */
  close(graceMs?: number): Promise<void>;
}

function listening(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // An empty host listens on every interface, as Go's `:8080` does.
    server.listen(port, host === '' ? undefined : host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * How long a client may take to finish its TLS handshake; Node's default is 120 s, so a client that
 * opened connections and said nothing held each of them that long, and a shutdown waited for them.
 */
export const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;

/** Listens over HTTP, or HTTPS when `tls` (certificate and key) is given. */
export async function listen(
  app: Express,
  host: string,
  port: number,
  tls?: TlsServerOptions,
): Promise<HttpListener> {
  const messages = appBornMessages(app);
  const server: Server = tls
    ? createHttpsServer({ ...tls, handshakeTimeout: TLS_HANDSHAKE_TIMEOUT_MS, ...messages }, app)
    : createServer(messages, app);
  // Every connection, also those still in their TLS handshake, which the HTTP server does not count
  // as its connections yet (closeAllConnections would leave them, and close would wait for them).
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const address = await listening(server, host, port);
  let closed: Promise<void> | undefined;
  const stopAccepting = () => {
    closed ??= new Promise((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    return closed;
  };
  return {
    host: address.address,
    port: address.port,
    stopAccepting: () => void stopAccepting(),
    async close(graceMs = 5000) {
      const cutOff = setTimeout(() => {
        for (const socket of sockets) socket.destroy();
      }, graceMs).unref();
      await stopAccepting();
      clearTimeout(cutOff);
    },
  };
}

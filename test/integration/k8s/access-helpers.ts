import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { type ClusterAccessOptions, createClusterAccess } from '../../../src/k8s/cluster-access.js';
import type { ClusterAccess } from '../../../src/k8s/cluster-client.js';

/** Access to a simulator through its admin kubeconfig, with test-friendly limits. */
export function accessTo(kubeconfigYaml: string, options: Partial<ClusterAccessOptions> = {}): ClusterAccess {
  return createClusterAccess({
    kubeconfigYaml,
    qps: 1000,
    burst: 1000,
    requestTimeoutMs: 10_000,
    ...options,
  });
}

export interface TcpServer {
  port: number;
  /** How many connections clients opened. */
  connections(): number;
  /** How many of them have closed. */
  closed(): number;
  close(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

async function tcpServer(onConnection: (socket: Socket) => void): Promise<TcpServer> {
  let count = 0;
  let closed = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on('close', () => {
      closed++;
      sockets.delete(socket);
    });
    onConnection(socket);
  });
  const port = await listen(server);
  return {
    port,
    connections: () => count,
    closed: () => closed,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A TCP relay to `targetPort` that counts the connections made through it (TLS passes through). */
export function countingRelay(targetPort: number): Promise<TcpServer> {
  return tcpServer((socket) => {
    const upstream = connect(targetPort, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
    socket.on('close', () => upstream.destroy());
  });
}

/** Accepts connections, reads what comes and never answers: a hung API server. */
export function silentServer(): Promise<TcpServer> {
  return tcpServer((socket) => socket.resume());
}

/** A loopback port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

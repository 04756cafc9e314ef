// One port forward's local end: a TCP listener on 127.0.0.1 whose every connection is carried to
// the pod's port through a tunnel of its own, as kubectl port-forward does. A tunnel that fails
// (nothing listens in the pod, the API server refuses) drops that connection only: the listener
// keeps accepting, and the failure is kept to be shown in the session's list.
import { createServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ClusterClient } from '../../k8s/index.js';

/** Only loopback: a forward must never be reachable from another machine. */
export const LOOPBACK = '127.0.0.1';

export interface ForwardEnd {
  client: ClusterClient;
  namespace: string;
  pod: string;
  remotePort: number;
  timeoutMs: number;
}

export interface ForwardActivity {
  /** Connections being carried now. */
  open: number;
  /** Connections accepted since the start. */
  total: number;
  /** The last tunnel failure, with its time. */
  lastError?: { at: Date; message: string };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class ForwardListener {
  readonly activity: ForwardActivity = { open: 0, total: 0 };
  private readonly streams = new Set<Socket | Duplex>();

  private constructor(
    private readonly server: Server,
    private readonly end: ForwardEnd,
    readonly localPort: number,
    private readonly inUse: () => () => void,
  ) {
    server.on('connection', (socket) => this.carry(socket));
  }

  /**
   * Listens on 127.0.0.1:`localPort` (0: any free port); rejects when the port is taken. Each
   * connection holds `inUse()` until it closes: its session is in use meanwhile.
   */
  static open(end: ForwardEnd, localPort: number, inUse: () => () => void): Promise<ForwardListener> {
    // Half-open: a client that shuts its sending side after its request (`nc -N`) still reads the
    // answer, as through kubectl port-forward; the tunnel ends the connection when the pod does.
    const server = createServer({ pauseOnConnect: true, allowHalfOpen: true });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: LOOPBACK, port: localPort, exclusive: true }, () => {
        server.off('error', reject);
        const address = server.address();
        const port = typeof address === 'object' && address ? address.port : localPort;
        resolve(new ForwardListener(server, end, port, inUse));
      });
    });
  }

  /** Stops listening and drops every connection it carries. */
  close(): Promise<void> {
    for (const stream of this.streams) stream.destroy();
    this.streams.clear();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private track(stream: Socket | Duplex): void {
    this.streams.add(stream);
    stream.once('close', () => this.streams.delete(stream));
  }

  private recordFailure(error: unknown): void {
    this.activity.lastError = { at: new Date(), message: messageOf(error) };
  }

  private carry(socket: Socket): void {
    this.activity.open += 1;
    this.activity.total += 1;
    this.track(socket);
    const release = this.inUse();
    socket.once('close', () => {
      this.activity.open -= 1;
      release();
    });
    // A client that resets its end is no failure of the forward.
    socket.on('error', () => {});
    const { client, namespace, pod, remotePort, timeoutMs } = this.end;
    // Whatever the client throws, even synchronously, fails this connection alone.
    Promise.resolve()
      .then(() => client.portForward({ namespace, pod, port: remotePort, timeoutMs }))
      .then(
        (tunnel) => this.join(socket, tunnel),
        (error: unknown) => {
          this.recordFailure(error);
          socket.destroy();
        },
      );
  }

  private join(socket: Socket, tunnel: Duplex): void {
    if (tunnel.errored) this.recordFailure(tunnel.errored);
    if (socket.destroyed || tunnel.destroyed) {
      tunnel.destroy();
      socket.destroy();
      return;
    }
    this.track(tunnel);
    tunnel.on('error', (error) => this.recordFailure(error));
    // A tunnel that ended cleanly has ended the socket through the pipe, which flushes what is left.
    tunnel.once('close', () => {
      if (!tunnel.readableEnded) socket.destroy();
    });
    socket.once('close', () => tunnel.destroy());
    // The pod cannot be told that the client is done sending (the channel framing has no
    // half-close), so a keep-alive server there would hold the connection for ever: the answer
    // gets the request timeout to arrive, then the connection closes.
    socket.once('end', () => {
      const answerDeadline = setTimeout(() => socket.destroy(), this.end.timeoutMs).unref();
      socket.once('close', () => clearTimeout(answerDeadline));
    });
    socket.pipe(tunnel);
    tunnel.pipe(socket);
    socket.resume();
  }
}

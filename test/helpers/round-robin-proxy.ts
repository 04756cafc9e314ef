import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';

/**
 * A load balancer without affinity, as in front of replicas: each HTTP request goes to the next
 * backend in turn, headers (Host included) and bodies passed through, responses streamed back.
 */
export class RoundRobinProxy {
  /** How many requests each backend was sent, by its URL. */
  readonly requestsPerBackend = new Map<string, number>();
  private next = 0;

  private constructor(
    private readonly server: Server,
    private readonly backends: readonly string[],
  ) {}

  static async start(port: number, backends: readonly string[]): Promise<RoundRobinProxy> {
    let proxy: RoundRobinProxy | undefined;
    const server = createServer((req, res) => proxy?.forward(req, res));
    proxy = new RoundRobinProxy(server, backends);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    return proxy;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const backend = new URL(this.backends[this.next++ % this.backends.length] ?? '');
    this.requestsPerBackend.set(backend.origin, (this.requestsPerBackend.get(backend.origin) ?? 0) + 1);
    const upstream = request(
      { host: backend.hostname, port: backend.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.once('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  }
}

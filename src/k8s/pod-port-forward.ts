// pods/portforward over a WebSocket with the kubelet's channel framing (v4.channel.k8s.io), one
// WebSocket per forwarded connection as client libraries open them: `?ports=P` gives data channel 0
// and error channel 1, and each channel starts with the port as two little-endian bytes. What the
// error channel says (nothing listens on that port in the pod...) ends the connection with it.
import { Duplex } from 'node:stream';
import WebSocket from 'ws';
import type { PortForwardOptions } from './cluster-client.js';
import { KubernetesError } from './kubernetes-error.js';
import { withQuery } from './query-string.js';
import { answerError, timeoutError, unreachableError } from './request-errors.js';
import { readBody, type UpgradeConnection } from './websocket-upgrade.js';

const PROTOCOL = 'v4.channel.k8s.io';
const DATA = 0;
const ERROR = 1;
const PORT_PREAMBLE_BYTES = 2;

export function portForwardPath(options: PortForwardOptions): string {
  const pod = `/namespaces/${encodeURIComponent(options.namespace)}/pods/${encodeURIComponent(options.pod)}`;
  return `/api/v1${pod}/portforward`;
}

/** One forwarded connection: what is written goes to the pod's port, what it answers is read. */
class ChannelTunnel extends Duplex {
  /** Preamble bytes still to skip, by channel. */
  private readonly preambleLeft = [PORT_PREAMBLE_BYTES, PORT_PREAMBLE_BYTES];

  constructor(
    private readonly socket: WebSocket,
    private readonly what: string,
  ) {
    super();
    // The error channel may speak before the caller has listened (in the same read as the
    // upgrade): such a failure must not crash the process. It stays in `errored` for the caller.
    this.on('error', () => {});
    socket.on('message', (message: Buffer) => this.receive(message));
    socket.on('close', () => this.push(null));
    socket.on('error', (error) =>
      this.destroy(new KubernetesError(`${what}: ${error.message}`, 'unreachable')),
    );
  }

  private receive(message: Buffer): void {
    const channel = message[0];
    if (channel !== DATA && channel !== ERROR) return;
    const skip = Math.min(this.preambleLeft[channel] ?? 0, message.length - 1);
    this.preambleLeft[channel] = (this.preambleLeft[channel] ?? 0) - skip;
    const payload = message.subarray(1 + skip);
    if (payload.length === 0) return;
    if (channel === ERROR) {
      this.destroy(new KubernetesError(`${this.what}: ${payload.toString('utf8').trim()}`, 'api'));
    } else if (!this.push(payload)) {
      this.socket.pause();
    }
  }

  override _read(): void {
    if (this.socket.isPaused) this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.socket.readyState !== WebSocket.OPEN) {
      callback(new Error(`${this.what}: the tunnel is closed`));
      return;
    }
    this.socket.send(Buffer.concat([Buffer.from([DATA]), chunk]), callback);
  }

  override _final(callback: () => void): void {
    // The channel framing cannot half-close: the tunnel stays open until either side closes it.
    callback();
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    this.socket.terminate();
    callback(error);
  }
}

/**
 * Opens one forwarded connection to `options.port` of a pod. Rejects with a KubernetesError when
 * the API server refuses (Forbidden, NotFound...) or cannot be reached within `timeoutMs`.
 */
export function openPortForward(connection: UpgradeConnection, options: PortForwardOptions): Promise<Duplex> {
  const path = portForwardPath(options);
  const what = `port-forward to port ${options.port} of pod ${options.namespace}/${options.pod}`;
  const url = withQuery(`${connection.server.replace(/^http/, 'ws')}${path}`, {
    ports: String(options.port),
  });
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, [PROTOCOL], {
      ...connection.tls,
      headers: connection.headers as Record<string, string>,
    });
    const fail = (error: unknown) => {
      clearTimeout(timer);
      socket.terminate();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(timeoutError(connection.server, what, options.timeoutMs)),
      options.timeoutMs,
    );
    socket.once('open', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(new ChannelTunnel(socket, what));
    });
    socket.on('unexpected-response', (request, response) => {
      void readBody(response).then((body) => {
        fail(answerError(response.statusCode ?? 0, body, { server: connection.server, method: 'GET', path }));
        request.destroy();
      });
    });
    socket.on('error', (error) => fail(unreachableError(connection.server, error)));
  });
}

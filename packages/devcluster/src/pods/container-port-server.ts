// A TCP connection into a simulated container: the ports its containers declare (containerPort,
// TCP) answer HTTP/1.1 with keep-alive; any other port refuses the connection. Port-forward
// carries a client's bytes here; a services/pods proxy could use the same entry point.
import type { KubeObject } from '../types.js';
import {
  badRequestAnswer,
  type HttpAnswer,
  type HttpResponder,
  httpResponder,
} from './container-http-answers.js';
import { type ContainerSpec, findContainerStatus, podSpec } from './pod-shape.js';

/** One accepted connection. The caller sets `onData`/`onEnd` and feeds the client's bytes in. */
export interface ContainerConnection {
  /** Bytes the container sends back. */
  onData: (data: Buffer) => void;
  /** The container closed the connection: no more `onData`. */
  onEnd: () => void;
  /** Bytes from the client. */
  write(data: Buffer): void;
  /** The client sends no more; the container answers what it has, then closes. */
  end(): void;
  /** The client went away: drop everything. */
  destroy(): void;
}

/** A request head larger than this is refused, as nginx refuses one over its header buffers. */
const MAX_HEAD_BYTES = 16 * 1024;
const HEAD_END = '\r\n\r\n';

interface DeclaredPort {
  containerPort: number;
  protocol?: string;
}

/** The running container that declares `port` over TCP, if any. */
function listeningContainer(pod: KubeObject, port: number): ContainerSpec | undefined {
  return podSpec(pod).containers.find(
    (container) =>
      ((container.ports ?? []) as DeclaredPort[]).some(
        (declared) => declared.containerPort === port && (declared.protocol ?? 'TCP') === 'TCP',
      ) && findContainerStatus(pod, container.name)?.state?.running !== undefined,
  );
}

function serialize(answer: HttpAnswer, method: string, keepAlive: boolean, now: Date): Buffer {
  const body = Buffer.from(answer.body);
  const headers: [string, string][] = [
    ...answer.headers.filter(([name]) => name === 'Server'),
    ['Date', now.toUTCString()],
    ...answer.headers.filter(([name]) => name !== 'Server'),
    ['Content-Length', String(body.length)],
    ['Connection', keepAlive ? 'keep-alive' : 'close'],
  ];
  const head = `HTTP/1.1 ${answer.status} ${answer.reason}\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), method === 'HEAD' ? Buffer.alloc(0) : body]);
}

interface ParsedHead {
  method: string;
  target: string;
  keepAlive: boolean;
  bodyLength: number;
}

/** The request line and the headers that matter here, or undefined for bytes that are not HTTP/1.x. */
function parseHead(head: string): ParsedHead | undefined {
  const [requestLine = '', ...headerLines] = head.split('\r\n');
  const match = /^([A-Z]+) (\S+) HTTP\/1\.([01])$/.exec(requestLine);
  if (!match) return undefined;
  const headers = new Map<string, string>();
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  // Chunked request bodies are not simulated: such a request is refused rather than misread.
  if (headers.has('transfer-encoding')) return undefined;
  const length = headers.get('content-length') ?? '0';
  if (!/^\d{1,9}$/.test(length)) return undefined;
  const connection = (headers.get('connection') ?? '').toLowerCase();
  const keepAlive = match[3] === '1' ? connection !== 'close' : connection === 'keep-alive';
  return { method: match[1] ?? 'GET', target: match[2] ?? '/', keepAlive, bodyLength: Number(length) };
}

/** An HTTP/1.1 server on one connection: requests answered in order, until one asks to close. */
class HttpConnection implements ContainerConnection {
  onData: (data: Buffer) => void = () => {};
  onEnd: () => void = () => {};
  private buffered = Buffer.alloc(0);
  private bodyToSkip = 0;
  private closed = false;

  constructor(
    private readonly container: ContainerSpec,
    private readonly respond: HttpResponder,
    private readonly now: () => Date,
  ) {}

  write(data: Buffer): void {
    if (this.closed) return;
    this.buffered = Buffer.concat([this.buffered, data]);
    this.answerBuffered();
  }

  end(): void {
    // Whatever is still buffered is an incomplete request: nothing more will complete it.
    this.close();
  }

  destroy(): void {
    this.closed = true;
  }

  private answerBuffered(): void {
    while (!this.closed) {
      if (this.bodyToSkip > 0) {
        const skipped = Math.min(this.bodyToSkip, this.buffered.length);
        this.bodyToSkip -= skipped;
        this.buffered = this.buffered.subarray(skipped);
        if (this.bodyToSkip > 0) return;
      }
      const headEnd = this.buffered.indexOf(HEAD_END);
      if (headEnd < 0) {
        if (this.buffered.length > MAX_HEAD_BYTES) this.refuse();
        return;
      }
      const request = parseHead(this.buffered.toString('latin1', 0, headEnd));
      this.buffered = this.buffered.subarray(headEnd + HEAD_END.length);
      if (!request) {
        this.refuse();
        return;
      }
      this.bodyToSkip = request.bodyLength;
      const answer = this.respond({ method: request.method, target: request.target });
      this.onData(serialize(answer, request.method, request.keepAlive, this.now()));
      if (!request.keepAlive) this.close();
    }
  }

  private refuse(): void {
    this.onData(serialize(badRequestAnswer(this.container), 'GET', false, this.now()));
    this.close();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onEnd();
  }
}

/**
 * A new connection to `port` of `pod`, or undefined when nothing listens there (the kernel's
 * "connection refused"): only ports a running container declares answer.
 */
export function answerContainerConnection(
  pod: KubeObject,
  port: number,
  now: () => Date = () => new Date(),
): ContainerConnection | undefined {
  const container = listeningContainer(pod, port);
  if (!container) return undefined;
  return new HttpConnection(container, httpResponder(pod, container, port), now);
}

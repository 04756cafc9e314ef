import type { Readable, Writable } from 'node:stream';
import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/server';
import { oversizedLineAnswer, readLine } from './json-rpc-rejection.js';

const NEWLINE = 0x0a;
/** The SDK's stdio limit on one message. */
export const DEFAULT_MAX_LINE_BYTES = 10 * 1024 * 1024;

/**
 * Newline-delimited JSON-RPC over stdin and stdout, as the SDK's stdio transport, except in what it
 * does with a line it cannot take: the SDK drops it (its sender waits for an answer that never
 * comes) or, past its size limit, closes the connection. Here every such line is answered with the
 * JSON-RPC error its sender can act on, and the connection carries on.
 */
export class StdioWire implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private partial: Buffer[] = [];
  private partialBytes = 0;
  /** Set while the rest of an oversized line is skipped, up to its newline. */
  private skipping = false;
  private closed = false;
  private drained: Promise<void> | undefined;

  constructor(
    private readonly stdin: Readable,
    private readonly stdout: Writable,
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  ) {}

  async start(): Promise<void> {
    this.stdin.on('data', this.onData);
    this.stdin.on('error', this.onStreamError);
    this.stdin.on('end', this.onEnd);
    this.stdin.on('close', this.onEnd);
    this.stdout.on('error', this.onStdoutError);
    if (this.stdin.readableEnded || this.stdin.destroyed) setImmediate(this.onEnd);
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the stdio connection is closed'));
    return new Promise((resolve, reject) => {
      const written = this.stdout.write(`${JSON.stringify(message)}\n`, (error) => {
        if (error) reject(error);
      });
      if (written) resolve();
      else void this.whenDrained().then(resolve);
    });
  }

  /**
   * One wait for stdout to drain, shared by every send made meanwhile (one listener, not one per
   * message), and over when stdout closes instead: a failed write rejects through its callback.
   */
  private whenDrained(): Promise<void> {
    this.drained ??= new Promise((resolve) => {
      const over = () => {
        this.stdout.off('drain', over).off('close', over);
        this.drained = undefined;
        resolve();
      };
      this.stdout.on('drain', over).on('close', over);
    });
    return this.drained;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stdin.off('data', this.onData);
    this.stdin.off('error', this.onStreamError);
    this.stdin.off('end', this.onEnd);
    this.stdin.off('close', this.onEnd);
    // Left on: a write still queued when the client went away must not become an uncaught error.
    this.stdout.off('error', this.onStdoutError).on('error', () => {});
    if (this.stdin.listenerCount('data') === 0) this.stdin.pause();
    this.partial = [];
    this.onclose?.();
  }

  private readonly onData = (chunk: Buffer | string): void => {
    let data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    for (let end = data.indexOf(NEWLINE); end >= 0 && !this.closed; end = data.indexOf(NEWLINE)) {
      this.endLine(data.subarray(0, end));
      data = data.subarray(end + 1);
    }
    if (data.length > 0 && !this.closed) this.keepPartial(data);
  };

  private keepPartial(data: Buffer): void {
    if (this.skipping) return;
    this.partialBytes += data.length;
    if (this.partialBytes > this.maxLineBytes) {
      this.partial = [];
      this.partialBytes = 0;
      this.skipping = true;
      return;
    }
    this.partial.push(data);
  }

  private endLine(tail: Buffer): void {
    if (this.skipping || this.partialBytes + tail.length > this.maxLineBytes) {
      this.skipping = false;
      this.partial = [];
      this.partialBytes = 0;
      this.reject(oversizedLineAnswer(this.maxLineBytes), 'a message over the size limit');
      return;
    }
    const bytes = this.partial.length > 0 ? Buffer.concat([...this.partial, tail]) : tail;
    this.partial = [];
    this.partialBytes = 0;
    const line = bytes.toString('utf8').replace(/\r$/, '');
    // Blank lines are framing noise, not messages.
    if (line.trim() === '') return;
    const verdict = readLine(line);
    if ('message' in verdict) this.onmessage?.(verdict.message);
    else this.reject(verdict.rejection, verdict.reason);
  }

  private reject(answer: JSONRPCMessage | undefined, reason: string): void {
    this.onerror?.(new Error(`stdio: ${reason}`));
    if (answer) this.send(answer).catch((error: Error) => this.onerror?.(error));
  }

  private readonly onStreamError = (error: Error): void => {
    this.onerror?.(error);
  };

  private readonly onStdoutError = (error: Error): void => {
    this.onerror?.(error);
    void this.close();
  };

  private readonly onEnd = (): void => {
    void this.close();
  };
}

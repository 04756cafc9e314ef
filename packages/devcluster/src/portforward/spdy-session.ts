// The server side of a SPDY/3.1 session, as the kubelet's port-forward server runs one: the client
// opens every stream (SYN_STREAM), the server accepts with SYN_REPLY or refuses with RST_STREAM,
// answers PINGs, and ends on GOAWAY. Like Go's spdystream, no flow-control windows are enforced:
// WINDOW_UPDATE and SETTINGS are read and ignored.
import {
  encodeFrame,
  FLAG_FIN,
  FrameReader,
  RstStatus,
  type SpdyFrame,
  SpdyProtocolError,
} from './spdy-frames.js';
import { decodeHeaderBlock, encodeHeaderBlock, type SpdyHeaders } from './spdy-header-block.js';
import { HeaderCompressor, HeaderDecompressor } from './spdy-header-compression.js';

/** Where a session's bytes go: a socket, or a WebSocket carrying them as binary messages. */
export interface ByteTransport {
  write(bytes: Buffer): void;
  close(): void;
}

/** Larger writes are split so that one stream cannot hold the connection for long. */
const MAX_DATA_FRAME = 32 * 1024;
const GOAWAY_PROTOCOL_ERROR = 1;

/** One stream a client opened. Set the `on*` handlers before `accept`. */
export class SpdyStream {
  onData: (data: Buffer) => void = () => {};
  /** The client will send no more (a DATA frame with FIN). */
  onEnd: () => void = () => {};
  /** The client or the session ended the stream abruptly. */
  onReset: () => void = () => {};
  private localEnded = false;
  private remoteEnded = false;
  private wasReset = false;

  constructor(
    readonly id: number,
    readonly headers: SpdyHeaders,
    private readonly session: SpdyServerSession,
    remoteFin: boolean,
  ) {
    this.remoteEnded = remoteFin;
  }

  /** Accepts the stream with an empty SYN_REPLY, as the kubelet does. */
  accept(): void {
    this.session.sendReply(this.id);
    // A stream opened with FIN has nothing more to say; tell the handler once it is listening.
    if (this.remoteEnded) queueMicrotask(() => this.onEnd());
  }

  write(data: Buffer): void {
    if (this.localEnded || this.wasReset) return;
    for (let offset = 0; offset < data.length; offset += MAX_DATA_FRAME) {
      const chunk = data.subarray(offset, offset + MAX_DATA_FRAME);
      this.session.send({ type: 'data', streamId: this.id, flags: 0, data: chunk });
    }
  }

  /** Half-closes our side with an empty DATA frame carrying FIN. */
  end(): void {
    if (this.localEnded || this.wasReset) return;
    this.localEnded = true;
    this.session.send({ type: 'data', streamId: this.id, flags: FLAG_FIN, data: Buffer.alloc(0) });
    this.forgetIfDone();
  }

  reset(status: number = RstStatus.CANCEL): void {
    if (this.wasReset) return;
    this.session.send({ type: 'rst_stream', streamId: this.id, status });
    this.resetLocally();
  }

  /** @internal called by the session */
  receiveData(data: Buffer, fin: boolean): void {
    if (this.remoteEnded || this.wasReset) return;
    if (data.length > 0) this.onData(data);
    if (fin) {
      this.remoteEnded = true;
      this.onEnd();
      this.forgetIfDone();
    }
  }

  /** @internal called by the session */
  resetLocally(): void {
    if (this.wasReset) return;
    this.wasReset = true;
    this.session.forget(this.id);
    this.onReset();
  }

  private forgetIfDone(): void {
    if (this.localEnded && this.remoteEnded) this.session.forget(this.id);
  }
}

export class SpdyServerSession {
  private readonly reader = new FrameReader();
  private readonly compressor = new HeaderCompressor();
  private readonly decompressor = new HeaderDecompressor();
  private readonly streams = new Map<number, SpdyStream>();
  private lastStreamId = 0;
  private incoming: Promise<void> = Promise.resolve();
  private outgoing: Promise<void> = Promise.resolve();
  private closed = false;
  private transportClosed = false;

  constructor(
    private readonly transport: ByteTransport,
    private readonly onStream: (stream: SpdyStream) => void,
  ) {}

  /** Bytes from the client, in order. */
  receive(chunk: Buffer): void {
    if (this.closed) return;
    this.reader.push(chunk);
    this.incoming = this.incoming.then(() => this.drain()).catch((error: unknown) => this.fail(error));
  }

  /** Ends the session: every open stream is reset and the transport closed. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const stream of [...this.streams.values()]) stream.resetLocally();
    this.compressor.close();
    this.decompressor.close();
    // Let frames already queued (a final error message, a GOAWAY) reach the client first.
    this.outgoing = this.outgoing.then(() => {
      this.transportClosed = true;
      this.transport.close();
    });
  }

  /** @internal frames go out in the order they are sent, SYN_REPLY's compression included */
  send(frame: SpdyFrame | (() => Promise<SpdyFrame>)): void {
    if (this.closed) return;
    this.outgoing = this.outgoing
      .then(async () => {
        const bytes = encodeFrame(typeof frame === 'function' ? await frame() : frame);
        if (!this.transportClosed) this.transport.write(bytes);
      })
      .catch(() => this.close());
  }

  /** @internal */
  sendReply(streamId: number): void {
    this.send(async () => ({
      type: 'syn_reply',
      streamId,
      flags: 0,
      headerBlock: await this.compressor.compress(encodeHeaderBlock({})),
    }));
  }

  /** @internal */
  forget(streamId: number): void {
    this.streams.delete(streamId);
  }

  private async drain(): Promise<void> {
    for (let frame = this.reader.next(); frame && !this.closed; frame = this.reader.next()) {
      await this.handle(frame);
    }
  }

  private async handle(frame: SpdyFrame): Promise<void> {
    switch (frame.type) {
      case 'syn_stream': {
        // Decompress even a stream we refuse: the zlib stream must see every block.
        const headers = decodeHeaderBlock(await this.decompressor.decompress(frame.headerBlock));
        if (frame.streamId % 2 === 0 || frame.streamId <= this.lastStreamId) {
          throw new SpdyProtocolError(`invalid stream id ${frame.streamId}`);
        }
        this.lastStreamId = frame.streamId;
        const stream = new SpdyStream(frame.streamId, headers, this, (frame.flags & FLAG_FIN) !== 0);
        this.streams.set(frame.streamId, stream);
        this.onStream(stream);
        return;
      }
      case 'syn_reply':
      case 'headers':
        await this.decompressor.decompress(frame.headerBlock);
        return;
      case 'data':
        // Data for a stream already reset or finished is dropped, as spdystream drops it.
        this.streams.get(frame.streamId)?.receiveData(frame.data, (frame.flags & FLAG_FIN) !== 0);
        return;
      case 'rst_stream':
        this.streams.get(frame.streamId)?.resetLocally();
        return;
      case 'ping':
        this.send({ type: 'ping', id: frame.id });
        return;
      case 'goaway':
        this.close();
        return;
      default:
        return;
    }
  }

  private fail(error: unknown): void {
    if (error instanceof SpdyProtocolError) {
      this.send({ type: 'goaway', lastGoodStreamId: this.lastStreamId, status: GOAWAY_PROTOCOL_ERROR });
    }
    this.close();
  }
}

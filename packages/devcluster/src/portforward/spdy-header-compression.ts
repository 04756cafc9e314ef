// SPDY/3 header compression (section 2.6.10.1): each direction of a session is one zlib stream,
// primed with the SPDY dictionary, that every header block continues and ends with a sync flush.
// So both sides keep one deflater or inflater for the whole session.
import { constants, createDeflate, createInflate, type Deflate, type Inflate } from 'node:zlib';
import { SPDY3_HEADER_DICTIONARY } from './spdy-dictionary.js';
import { SpdyProtocolError } from './spdy-frames.js';

/** The most a decompressed header block may hold; more is refused, not buffered. */
export const MAX_HEADER_BLOCK_BYTES = 256 * 1024;

type ZlibStream = Deflate | Inflate;

/**
 * Runs one block through a persistent zlib stream. Blocks run one after another: the caller
 * awaits each before the next. In flowing mode the stream hands its output to the `data`
 * listener before the flush's callback runs.
 */
class BlockTransformer {
  private output: Buffer[] = [];
  private size = 0;
  private failure: Error | undefined;
  private settle: (() => void) | undefined;

  constructor(
    private readonly stream: ZlibStream,
    private readonly limit: number,
  ) {
    stream.on('data', (chunk: Buffer) => {
      this.size += chunk.length;
      if (this.size <= this.limit) {
        this.output.push(chunk);
        return;
      }
      // Stop inflating a block that grows past the limit instead of inflating it to the end.
      this.fail(new SpdyProtocolError('header block too large'));
      stream.destroy();
    });
    stream.on('error', (error: Error) => {
      this.fail(new SpdyProtocolError(`header block compression failed: ${error.message}`));
    });
  }

  async transform(block: Buffer): Promise<Buffer> {
    if (this.failure) throw this.failure;
    this.output = [];
    this.size = 0;
    await new Promise<void>((resolve) => {
      this.settle = resolve;
      this.stream.write(block);
      this.stream.flush(constants.Z_SYNC_FLUSH, () => resolve());
    });
    this.settle = undefined;
    if (this.failure) throw this.failure;
    return Buffer.concat(this.output);
  }

  /** A failed stream never calls the flush callback: the pending block settles here instead. */
  private fail(error: Error): void {
    this.failure ??= error;
    this.settle?.();
  }

  close(): void {
    this.stream.destroy();
  }
}

/** Compresses the header blocks one side of a session sends. */
export class HeaderCompressor {
  private readonly transformer = new BlockTransformer(
    createDeflate({ dictionary: SPDY3_HEADER_DICTIONARY }),
    Number.POSITIVE_INFINITY,
  );

  compress(block: Buffer): Promise<Buffer> {
    return this.transformer.transform(block);
  }

  close(): void {
    this.transformer.close();
  }
}

/** Decompresses the header blocks one side of a session receives. */
export class HeaderDecompressor {
  private readonly transformer: BlockTransformer;

  constructor(limit = MAX_HEADER_BLOCK_BYTES) {
    this.transformer = new BlockTransformer(createInflate({ dictionary: SPDY3_HEADER_DICTIONARY }), limit);
  }

  decompress(block: Buffer): Promise<Buffer> {
    return this.transformer.transform(block);
  }

  close(): void {
    this.transformer.close();
  }
}

// SPDY/3.1 framing (SPDY Protocol draft 3.1, section 2.2): the frames a port-forward session
// exchanges, encoded and decoded. Header blocks stay compressed bytes here; spdy-header-block.ts
// and spdy-header-compression.ts turn them into names and values.

export const SPDY_VERSION = 3;

/** Control frame types (section 2.6). */
export const FrameType = {
  SYN_STREAM: 1,
  SYN_REPLY: 2,
  RST_STREAM: 3,
  SETTINGS: 4,
  PING: 6,
  GOAWAY: 7,
  HEADERS: 8,
  WINDOW_UPDATE: 9,
} as const;

export const FLAG_FIN = 0x01;

/** RST_STREAM status codes (section 2.6.3) used by a server. */
export const RstStatus = {
  PROTOCOL_ERROR: 1,
  INVALID_STREAM: 2,
  REFUSED_STREAM: 3,
  CANCEL: 5,
  INTERNAL_ERROR: 6,
  STREAM_ALREADY_CLOSED: 9,
} as const;

export type SpdyFrame =
  | { type: 'data'; streamId: number; flags: number; data: Buffer }
  | {
      type: 'syn_stream';
      streamId: number;
      associatedStreamId: number;
      priority: number;
      flags: number;
      headerBlock: Buffer;
    }
  | { type: 'syn_reply'; streamId: number; flags: number; headerBlock: Buffer }
  | { type: 'headers'; streamId: number; flags: number; headerBlock: Buffer }
  | { type: 'rst_stream'; streamId: number; status: number }
  | { type: 'settings'; flags: number; entries: { flags: number; id: number; value: number }[] }
  | { type: 'ping'; id: number }
  | { type: 'goaway'; lastGoodStreamId: number; status: number }
  | { type: 'window_update'; streamId: number; delta: number }
  // Unknown control frame types must be ignored (section 2.2.1).
  | { type: 'unknown'; frameType: number };

/** A violation of the framing rules: the session answers it with GOAWAY and closes. */
export class SpdyProtocolError extends Error {}

const HEADER_LENGTH = 8;
const STREAM_ID_MASK = 0x7fffffff;
/** The 24-bit length field's ceiling. */
export const MAX_FRAME_PAYLOAD = 0xffffff;

function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  if (payload.length > MAX_FRAME_PAYLOAD) throw new RangeError('SPDY frame payload too long');
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt16BE(0x8000 | SPDY_VERSION, 0);
  header.writeUInt16BE(type, 2);
  header.writeUInt32BE(((flags & 0xff) << 24) | payload.length, 4);
  return Buffer.concat([header, payload]);
}

function words(...values: number[]): Buffer {
  const payload = Buffer.alloc(values.length * 4);
  values.forEach((value, index) => {
    payload.writeUInt32BE(value >>> 0, index * 4);
  });
  return payload;
}

/** The bytes of one frame. */
export function encodeFrame(frame: SpdyFrame): Buffer {
  switch (frame.type) {
    case 'data': {
      if (frame.data.length > MAX_FRAME_PAYLOAD) throw new RangeError('SPDY frame payload too long');
      const header = Buffer.alloc(HEADER_LENGTH);
      header.writeUInt32BE(frame.streamId & STREAM_ID_MASK, 0);
      header.writeUInt32BE(((frame.flags & 0xff) << 24) | frame.data.length, 4);
      return Buffer.concat([header, frame.data]);
    }
    case 'syn_stream': {
      const fixed = Buffer.alloc(10);
      fixed.writeUInt32BE(frame.streamId & STREAM_ID_MASK, 0);
      fixed.writeUInt32BE(frame.associatedStreamId & STREAM_ID_MASK, 4);
      fixed.writeUInt8((frame.priority & 0x07) << 5, 8);
      return controlFrame(FrameType.SYN_STREAM, frame.flags, Buffer.concat([fixed, frame.headerBlock]));
    }
    case 'syn_reply':
    case 'headers': {
      const type = frame.type === 'syn_reply' ? FrameType.SYN_REPLY : FrameType.HEADERS;
      const payload = Buffer.concat([words(frame.streamId & STREAM_ID_MASK), frame.headerBlock]);
      return controlFrame(type, frame.flags, payload);
    }
    case 'rst_stream':
      return controlFrame(FrameType.RST_STREAM, 0, words(frame.streamId & STREAM_ID_MASK, frame.status));
    case 'settings': {
      const entries = frame.entries.flatMap((entry) => [
        ((entry.flags & 0xff) << 24) | (entry.id & 0xffffff),
        entry.value,
      ]);
      return controlFrame(FrameType.SETTINGS, frame.flags, words(frame.entries.length, ...entries));
    }
    case 'ping':
      return controlFrame(FrameType.PING, 0, words(frame.id));
    case 'goaway':
      return controlFrame(FrameType.GOAWAY, 0, words(frame.lastGoodStreamId & STREAM_ID_MASK, frame.status));
    case 'window_update':
      return controlFrame(
        FrameType.WINDOW_UPDATE,
        0,
        words(frame.streamId & STREAM_ID_MASK, frame.delta & STREAM_ID_MASK),
      );
    case 'unknown':
      throw new TypeError(`cannot encode an unknown SPDY control frame (type ${frame.frameType})`);
  }
}

function requireLength(payload: Buffer, minimum: number, name: string): void {
  if (payload.length < minimum) throw new SpdyProtocolError(`${name} frame too short`);
}

function decodeControl(type: number, flags: number, payload: Buffer): SpdyFrame {
  const word = (offset: number) => payload.readUInt32BE(offset);
  switch (type) {
    case FrameType.SYN_STREAM:
      requireLength(payload, 10, 'SYN_STREAM');
      return {
        type: 'syn_stream',
        streamId: word(0) & STREAM_ID_MASK,
        associatedStreamId: word(4) & STREAM_ID_MASK,
        priority: payload.readUInt8(8) >> 5,
        flags,
        headerBlock: payload.subarray(10),
      };
    case FrameType.SYN_REPLY:
    case FrameType.HEADERS:
      requireLength(payload, 4, type === FrameType.SYN_REPLY ? 'SYN_REPLY' : 'HEADERS');
      return {
        type: type === FrameType.SYN_REPLY ? 'syn_reply' : 'headers',
        streamId: word(0) & STREAM_ID_MASK,
        flags,
        headerBlock: payload.subarray(4),
      };
    case FrameType.RST_STREAM:
      requireLength(payload, 8, 'RST_STREAM');
      return { type: 'rst_stream', streamId: word(0) & STREAM_ID_MASK, status: word(4) };
    case FrameType.SETTINGS: {
      requireLength(payload, 4, 'SETTINGS');
      const count = word(0);
      if (payload.length !== 4 + count * 8) throw new SpdyProtocolError('SETTINGS frame length mismatch');
      const entries = Array.from({ length: count }, (_, index) => {
        const head = word(4 + index * 8);
        return { flags: head >>> 24, id: head & 0xffffff, value: word(8 + index * 8) };
      });
      return { type: 'settings', flags, entries };
    }
    case FrameType.PING:
      requireLength(payload, 4, 'PING');
      return { type: 'ping', id: word(0) };
    case FrameType.GOAWAY:
      requireLength(payload, 4, 'GOAWAY');
      // SPDY/2 peers omit the status; SPDY/3 sends it.
      return {
        type: 'goaway',
        lastGoodStreamId: word(0) & STREAM_ID_MASK,
        status: payload.length >= 8 ? word(4) : 0,
      };
    case FrameType.WINDOW_UPDATE:
      requireLength(payload, 8, 'WINDOW_UPDATE');
      return { type: 'window_update', streamId: word(0) & STREAM_ID_MASK, delta: word(4) & STREAM_ID_MASK };
    default:
      return { type: 'unknown', frameType: type };
  }
}

/**
 * Splits a byte stream into frames: feed it what arrives with `push`, take whole frames with
 * `next`. A frame longer than `maxPayload` is refused before it is buffered.
 */
export class FrameReader {
  // Chunks are joined only once a whole frame has arrived, not on every push.
  private chunks: Buffer[] = [];
  private length = 0;

  constructor(private readonly maxPayload = MAX_FRAME_PAYLOAD) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** The next whole frame, or undefined until more bytes arrive. */
  next(): SpdyFrame | undefined {
    if (this.length < HEADER_LENGTH) return undefined;
    const header = this.leading(HEADER_LENGTH);
    const first = header.readUInt32BE(0);
    const second = header.readUInt32BE(4);
    const flags = second >>> 24;
    const length = second & 0xffffff;
    if (length > this.maxPayload) throw new SpdyProtocolError(`SPDY frame of ${length} bytes is too long`);
    if (this.length < HEADER_LENGTH + length) return undefined;
    const payload = this.take(HEADER_LENGTH + length).subarray(HEADER_LENGTH);
    if ((first & 0x80000000) === 0) {
      return { type: 'data', streamId: first & STREAM_ID_MASK, flags, data: payload };
    }
    const version = (first >>> 16) & 0x7fff;
    if (version !== SPDY_VERSION) throw new SpdyProtocolError(`unsupported SPDY version ${version}`);
    return decodeControl(first & 0xffff, flags, payload);
  }

  /** The first chunk, joined with the following ones until it holds `count` bytes. */
  private leading(count: number): Buffer {
    const [head = Buffer.alloc(0)] = this.chunks;
    if (head.length >= count) return head;
    const joined = Buffer.concat(this.chunks);
    this.chunks = [joined];
    return joined;
  }

  private take(count: number): Buffer {
    const bytes = this.leading(count).subarray(0, count);
    const rest = this.chunks[0]?.subarray(count) ?? Buffer.alloc(0);
    if (rest.length > 0) this.chunks[0] = rest;
    else this.chunks.shift();
    this.length -= count;
    return bytes;
  }
}

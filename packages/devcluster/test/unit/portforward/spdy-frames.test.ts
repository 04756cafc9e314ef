import { describe, expect, it } from 'vitest';
import {
  encodeFrame,
  FrameReader,
  type SpdyFrame,
  SpdyProtocolError,
} from '../../../src/portforward/spdy-frames.js';

const FRAMES: SpdyFrame[] = [
  { type: 'data', streamId: 5, flags: 1, data: Buffer.from('hello') },
  {
    type: 'syn_stream',
    streamId: 3,
    associatedStreamId: 0,
    priority: 2,
    flags: 1,
    headerBlock: Buffer.from([1, 2, 3]),
  },
  { type: 'syn_reply', streamId: 3, flags: 0, headerBlock: Buffer.from([9, 8]) },
  { type: 'headers', streamId: 7, flags: 0, headerBlock: Buffer.from([4]) },
  { type: 'rst_stream', streamId: 9, status: 5 },
  { type: 'settings', flags: 0, entries: [{ flags: 1, id: 7, value: 65536 }] },
  { type: 'ping', id: 0xfffffffe },
  { type: 'goaway', lastGoodStreamId: 11, status: 1 },
  { type: 'window_update', streamId: 1, delta: 4096 },
];

function readAll(bytes: Buffer): SpdyFrame[] {
  const reader = new FrameReader();
  reader.push(bytes);
  const frames: SpdyFrame[] = [];
  for (let frame = reader.next(); frame; frame = reader.next()) frames.push(frame);
  return frames;
}

describe('SPDY/3.1 frames', () => {
  it('decodes every frame type it encodes', () => {
    expect(readAll(Buffer.concat(FRAMES.map(encodeFrame)))).toEqual(FRAMES);
  });

  it('lays out a control frame as the draft does: control bit, version 3, type, flags, length', () => {
    expect(encodeFrame({ type: 'ping', id: 1 }).toString('hex')).toBe('8003000600000004' + '00000001');
    expect(encodeFrame({ type: 'rst_stream', streamId: 3, status: 5 }).toString('hex')).toBe(
      '80030003000000080000000300000005',
    );
  });

  it('lays out a data frame with the stream id, FIN flag and length', () => {
    expect(
      encodeFrame({ type: 'data', streamId: 1, flags: 1, data: Buffer.from('ab') }).toString('hex'),
    ).toBe('00000001010000026162');
  });

  it('waits for whole frames when bytes arrive one at a time', () => {
    const bytes = Buffer.concat(FRAMES.map(encodeFrame));
    const reader = new FrameReader();
    const frames: SpdyFrame[] = [];
    for (const byte of bytes) {
      reader.push(Buffer.from([byte]));
      for (let frame = reader.next(); frame; frame = reader.next()) frames.push(frame);
    }
    expect(frames).toEqual(FRAMES);
  });

  it('passes over control frame types it does not know', () => {
    const unknown = Buffer.from('8003000b0000000100', 'hex');
    expect(readAll(unknown)).toEqual([{ type: 'unknown', frameType: 11 }]);
  });

  it('refuses another SPDY version, a short frame and a frame over the size limit', () => {
    expect(() => readAll(Buffer.from('800200060000000400000001', 'hex'))).toThrow(SpdyProtocolError);
    expect(() => readAll(Buffer.from('80030006000000020000', 'hex'))).toThrow('PING frame too short');
    const reader = new FrameReader(16);
    reader.push(Buffer.from('0000000100000011', 'hex'));
    expect(() => reader.next()).toThrow('too long');
  });

  it('refuses a SETTINGS frame whose count does not match its length', () => {
    expect(() => readAll(Buffer.from('800300040000000800000002000000070000ffff', 'hex'))).toThrow(
      'length mismatch',
    );
  });
});

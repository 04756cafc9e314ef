import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SPDY3_HEADER_DICTIONARY } from '../../../src/portforward/spdy-dictionary.js';
import { SpdyProtocolError } from '../../../src/portforward/spdy-frames.js';
import {
  decodeHeaderBlock,
  encodeHeaderBlock,
  headerValue,
} from '../../../src/portforward/spdy-header-block.js';
import { HeaderCompressor, HeaderDecompressor } from '../../../src/portforward/spdy-header-compression.js';

const KUBECTL_STREAM = { streamtype: ['error'], port: ['80'], requestid: ['0'] };

describe('SPDY/3 header blocks', () => {
  it('round-trips names and values, several values of a name joined by NUL', () => {
    const headers = { ...KUBECTL_STREAM, accept: ['a', 'b'] };
    expect(decodeHeaderBlock(encodeHeaderBlock(headers))).toEqual(headers);
  });

  it('lays out the count and each length-prefixed name and value', () => {
    expect(encodeHeaderBlock({ port: ['80'] }).toString('hex')).toBe(
      '00000001' + '00000004706f7274' + '000000023830',
    );
  });

  it('lowercases names when encoding and refuses uppercase or empty names when decoding', () => {
    expect(Object.keys(decodeHeaderBlock(encodeHeaderBlock({ StreamType: ['data'] })))).toEqual([
      'streamtype',
    ]);
    const upper = Buffer.from('00000001' + '00000001' + '41' + '00000000', 'hex');
    expect(() => decodeHeaderBlock(upper)).toThrow(SpdyProtocolError);
    const empty = Buffer.from('00000001' + '00000000' + '00000000', 'hex');
    expect(() => decodeHeaderBlock(empty)).toThrow('invalid header name');
  });

  it('refuses truncated blocks, trailing bytes and duplicate names', () => {
    expect(() => decodeHeaderBlock(Buffer.from('0000000200000001', 'hex'))).toThrow('truncated');
    expect(() => decodeHeaderBlock(Buffer.concat([encodeHeaderBlock({}), Buffer.from([0])]))).toThrow(
      'trailing',
    );
    const twice = Buffer.from('00000002' + '0000000161' + '00000000' + '0000000161' + '00000000', 'hex');
    expect(() => decodeHeaderBlock(twice)).toThrow('duplicate');
  });

  it('keeps a header named __proto__ an ordinary header', () => {
    const name = Buffer.from('__proto__');
    const block = Buffer.concat([
      Buffer.from([0, 0, 0, 1, 0, 0, 0, name.length]),
      name,
      Buffer.from('0000000178', 'hex'),
    ]);
    const headers = decodeHeaderBlock(block);
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    expect(headerValue(headers, '__proto__')).toBe('x');
    expect(headerValue(headers, 'toString')).toBeUndefined();
  });
});

describe('SPDY/3 header compression', () => {
  it('uses the 1423-byte SPDY/3 dictionary, whose zlib id is e3c6a7c2', () => {
    expect(SPDY3_HEADER_DICTIONARY.length).toBe(1423);
    const compressed = deflateSync(Buffer.from('x'), { dictionary: SPDY3_HEADER_DICTIONARY });
    expect(compressed.subarray(2, 6).toString('hex')).toBe('e3c6a7c2');
  });

  it('round-trips a sequence of blocks through one compression context per direction', async () => {
    const compressor = new HeaderCompressor();
    const decompressor = new HeaderDecompressor();
    const blocks = [KUBECTL_STREAM, { ...KUBECTL_STREAM, streamtype: ['data'] }, {}, KUBECTL_STREAM];
    const compressed: Buffer[] = [];
    for (const block of blocks) compressed.push(await compressor.compress(encodeHeaderBlock(block)));
    // Later blocks refer back to earlier ones: the repeat of the first is smaller than the first.
    expect(compressed[3]?.length).toBeLessThan(compressed[0]?.length ?? 0);
    for (const [index, block] of compressed.entries()) {
      expect(decodeHeaderBlock(await decompressor.decompress(block))).toEqual(blocks[index]);
    }
    compressor.close();
    decompressor.close();
  });

  it('refuses a block that inflates past the limit, and everything after it', async () => {
    const compressor = new HeaderCompressor();
    const decompressor = new HeaderDecompressor(1024);
    const bomb = await compressor.compress(Buffer.alloc(64 * 1024));
    await expect(decompressor.decompress(bomb)).rejects.toThrow('header block too large');
    await expect(decompressor.decompress(bomb)).rejects.toThrow(SpdyProtocolError);
    compressor.close();
  });

  it('refuses bytes that are not a zlib stream with the SPDY dictionary', async () => {
    const decompressor = new HeaderDecompressor();
    const wrongDictionary = deflateSync(encodeHeaderBlock({}), { dictionary: Buffer.from('other') });
    await expect(decompressor.decompress(wrongDictionary)).rejects.toThrow(SpdyProtocolError);
  });
});

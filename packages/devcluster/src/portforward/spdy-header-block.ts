// SPDY/3 name/value header blocks (section 2.6.10), uncompressed: a 32-bit count, then each name and
// value with a 32-bit length. Several values of one name travel as one value joined by NUL bytes.
import { SpdyProtocolError } from './spdy-frames.js';

export type SpdyHeaders = Record<string, string[]>;

function lengthPrefixed(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** The uncompressed block of `headers`; names are lowercased, as SPDY requires. */
export function encodeHeaderBlock(headers: SpdyHeaders): Buffer {
  const entries = Object.entries(headers);
  const count = Buffer.alloc(4);
  count.writeUInt32BE(entries.length);
  return Buffer.concat([
    count,
    ...entries.flatMap(([name, values]) => [
      lengthPrefixed(name.toLowerCase()),
      lengthPrefixed(values.join('\0')),
    ]),
  ]);
}

/** The names and values of an uncompressed block; a malformed block is a protocol error. */
export function decodeHeaderBlock(block: Buffer): SpdyHeaders {
  let offset = 0;
  const readString = (what: string): string => {
    if (offset + 4 > block.length) throw new SpdyProtocolError(`header block truncated in a ${what}`);
    const length = block.readUInt32BE(offset);
    offset += 4;
    if (offset + length > block.length) throw new SpdyProtocolError(`header block truncated in a ${what}`);
    const text = block.toString('utf8', offset, offset + length);
    offset += length;
    return text;
  };
  if (block.length < 4) throw new SpdyProtocolError('header block has no count');
  const count = block.readUInt32BE(0);
  offset = 4;
  // A Map, so that a name like `__proto__` stays an ordinary header.
  const headers = new Map<string, string[]>();
  for (let index = 0; index < count; index++) {
    const name = readString('name');
    if (name === '' || name !== name.toLowerCase()) {
      throw new SpdyProtocolError(`invalid header name ${JSON.stringify(name)}`);
    }
    if (headers.has(name)) throw new SpdyProtocolError(`duplicate header name ${name}`);
    headers.set(name, readString('value').split('\0'));
  }
  if (offset !== block.length) throw new SpdyProtocolError('header block has trailing bytes');
  return Object.fromEntries(headers);
}

/** The first value of a header, or undefined. */
export function headerValue(headers: SpdyHeaders, name: string): string | undefined {
  return Object.hasOwn(headers, name) ? headers[name]?.[0] : undefined;
}

// The protobuf wire format: varints, length-delimited fields and fixed-width numbers.

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

/** Bytes that are not a valid protobuf message (or not the message they claim to be). */
export class ProtobufError extends Error {}

/** One field as read off the wire: varints as bigint, everything else as its bytes. */
export interface WireField {
  number: number;
  wireType: number;
  value: bigint | Buffer;
}

export class ProtoWriter {
  private readonly parts: Buffer[] = [];

  private varint(value: bigint | number): void {
    const bytes: number[] = [];
    if (typeof value === 'number' && value >= 0 && value <= 0x7fffffff) {
      // Tags, lengths and most integers: plain arithmetic, no BigInt.
      let small = value;
      while (small >= 0x80) {
        bytes.push((small & 0x7f) | 0x80);
        small >>>= 7;
      }
      bytes.push(small);
      this.parts.push(Buffer.from(bytes));
      return;
    }
    let rest = BigInt.asUintN(64, BigInt(value));
    while (rest >= 0x80n) {
      bytes.push(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    bytes.push(Number(rest));
    this.parts.push(Buffer.from(bytes));
  }

  private tag(number: number, wireType: number): void {
    this.varint(number * 8 + wireType);
  }

  /** int32, int64, bool: negative numbers take ten bytes, as in every protobuf implementation. */
  integer(number: number, value: number | bigint): void {
    this.tag(number, WIRE_VARINT);
    this.varint(value);
  }

  bytes(number: number, value: Buffer): void {
    this.tag(number, WIRE_BYTES);
    this.varint(value.length);
    this.parts.push(value);
  }

  string(number: number, value: string): void {
    this.bytes(number, Buffer.from(value, 'utf8'));
  }

  double(number: number, value: number): void {
    const buffer = Buffer.alloc(8);
    buffer.writeDoubleLE(value);
    this.tag(number, WIRE_FIXED64);
    this.parts.push(buffer);
  }

  float(number: number, value: number): void {
    const buffer = Buffer.alloc(4);
    buffer.writeFloatLE(value);
    this.tag(number, WIRE_FIXED32);
    this.parts.push(buffer);
  }

  finish(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** Splits a message into its fields, in wire order; truncated or malformed input throws. */
export function readFields(buffer: Buffer): WireField[] {
  const fields: WireField[] = [];
  let offset = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = buffer[offset++];
      if (byte === undefined) throw new ProtobufError('truncated varint');
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
    throw new ProtobufError('varint longer than ten bytes');
  };
  // Keys and lengths fit a JS number; reading them without BigInt keeps decoding fast.
  const smallVarint = (): number => {
    let result = 0;
    for (let scale = 1; scale < 2 ** 35; scale *= 128) {
      const byte = buffer[offset++];
      if (byte === undefined) throw new ProtobufError('truncated varint');
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return result;
    }
    offset -= 5;
    return Number(varint());
  };
  const take = (length: number): Buffer => {
    if (length > buffer.length - offset) throw new ProtobufError('field runs past the end of the message');
    const value = buffer.subarray(offset, offset + length);
    offset += length;
    return value;
  };
  while (offset < buffer.length) {
    const key = smallVarint();
    const number = Math.floor(key / 8);
    const wireType = key % 8;
    if (number === 0) throw new ProtobufError('field number 0 is not allowed');
    if (wireType === WIRE_VARINT) fields.push({ number, wireType, value: varint() });
    else if (wireType === WIRE_BYTES) fields.push({ number, wireType, value: take(smallVarint()) });
    else if (wireType === WIRE_FIXED64) fields.push({ number, wireType, value: take(8) });
    else if (wireType === WIRE_FIXED32) fields.push({ number, wireType, value: take(4) });
    else throw new ProtobufError(`unsupported wire type ${wireType} for field ${number}`);
  }
  return fields;
}

/** A signed 64-bit varint as a JS number (exact up to 2^53, as JSON numbers are). */
export function signed(value: bigint): number {
  return Number(BigInt.asIntN(64, value));
}

import { describe, expect, it } from 'vitest';
import type { MessageTable } from '../../../src/protobuf/descriptors.js';
import { MessageCodec } from '../../../src/protobuf/message-codec.js';
import { formatDuration } from '../../../src/protobuf/special-types.js';
import { ProtobufError, ProtoWriter, readFields, signed } from '../../../src/protobuf/wire.js';

// A small schema of our own, so each wire rule is seen on its own.
const TABLE: MessageTable = {
  'test.Numbers': {
    fields: [
      { number: 1, json: 'small', type: 'int32' },
      { number: 2, json: 'large', type: 'int64' },
      { number: 3, json: 'flag', type: 'bool' },
      { number: 4, json: 'ratio', type: 'double' },
      { number: 5, json: 'list', type: 'int32', repeated: true },
      { number: 6, json: 'data', type: 'bytes' },
      { number: 7, json: 'wait', type: 'test.Duration' },
      { number: 8, json: 'at', type: 'test.MicroTime' },
      { number: 9, json: 'extra', type: 'test.StringList', mapKey: 'string' },
    ],
  },
  'test.Duration': { fields: [{ number: 1, json: 'duration', type: 'int64' }], special: 'duration' },
  'test.MicroTime': {
    fields: [
      { number: 1, json: 'seconds', type: 'int64' },
      { number: 2, json: 'nanos', type: 'int32' },
    ],
    special: 'microTime',
  },
  'test.StringList': {
    fields: [{ number: 1, json: 'items', type: 'string', repeated: true }],
    special: 'stringList',
  },
};
const codec = new MessageCodec(TABLE);

describe('the protobuf wire format', () => {
  it('writes negative integers as ten-byte two’s complement varints and reads them back', () => {
    const writer = new ProtoWriter();
    writer.integer(1, -1);
    const bytes = writer.finish();
    expect(bytes).toEqual(Buffer.from([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]));
    const [field] = readFields(bytes);
    expect(signed(field?.value as bigint)).toBe(-1);
  });

  it('round-trips scalars, lists, bytes, durations, micro-times and string-list maps', () => {
    const value = {
      small: -7,
      large: 2 ** 40,
      flag: false,
      ratio: 0.25,
      list: [1, 300, -2],
      data: Buffer.from([0, 1, 254]).toString('base64'),
      wait: '1h2m3.5s',
      at: '2026-03-10T12:00:00.000123Z',
      extra: { scopes: ['a', 'b'], none: [] },
    };
    expect(codec.decode('test.Numbers', codec.encode('test.Numbers', value))).toEqual(value);
  });

  it('reads packed repeated integers, as proto3 writers send them', () => {
    // field 5, wire type 2, three varints packed: 1, 300, 2
    const packed = Buffer.from([0x2a, 0x04, 0x01, 0xac, 0x02, 0x02]);
    expect(codec.decode('test.Numbers', packed)).toEqual({ list: [1, 300, 2] });
  });

  it('formats durations as Go does', () => {
    expect([0, 1500, 2_000_000, 1.5e9, 61e9, 3_723e9, -90e9].map(formatDuration)).toEqual([
      '0s',
      '1.5µs',
      '2ms',
      '1.5s',
      '1m1s',
      '1h2m3s',
      '-1m30s',
    ]);
  });

  it('refuses values of the wrong shape with the path of the field', () => {
    expect(() => codec.encode('test.Numbers', { small: 1.5 })).toThrow('.small is not an integer');
    expect(() => codec.encode('test.Numbers', { list: 3 })).toThrow('.list is not a list');
    expect(() => codec.encode('test.Numbers', { wait: '5 minutes' })).toThrow(
      '"5 minutes" is not a duration',
    );
    expect(() => codec.encode('test.Numbers', { at: 'yesterday' })).toThrow(
      '"yesterday" is not an RFC 3339 time',
    );
    expect(() => codec.encode('test.Numbers', { flag: 'yes' })).toThrow('.flag is not a boolean');
  });

  it('refuses malformed messages instead of guessing', () => {
    const cases: [number[], string][] = [
      [[0x08], 'truncated varint'],
      [[0x08, ...Array(11).fill(0xff)], 'varint longer than ten bytes'],
      [[0x00, 0x01], 'field number 0 is not allowed'],
      [[0x0f], 'unsupported wire type 7 for field 1'],
      [[0x09, 0x01, 0x02], 'field runs past the end of the message'],
      [[0x22, 0x01, 0x00], 'field ratio (double) has the wrong wire type'],
      [[0x1a, 0x00], 'field flag (bool) has the wrong wire type'],
    ];
    for (const [bytes, message] of cases) {
      expect(() => codec.decode('test.Numbers', Buffer.from(bytes))).toThrow(ProtobufError);
      expect(() => codec.decode('test.Numbers', Buffer.from(bytes))).toThrow(message);
    }
  });
});

// A generic protobuf codec that walks a message descriptor and the JSON form of the message
// together, in both directions. JSON is what the simulator stores; the wire is what
// client-go's protobuf serializer reads and writes.

import type { FieldDescriptor, MessageDescriptor, MessageTable } from './descriptors.js';
import { SPECIAL_DECODERS, SPECIAL_ENCODERS } from './special-types.js';
import { ProtobufError, ProtoWriter, readFields, signed, type WireField } from './wire.js';

type Json = Record<string, unknown>;

/** How RawExtension bytes become JSON: plain JSON, or an embedded protobuf object. */
export type RawDecoder = (raw: Buffer) => unknown;

/** JSON fields the schema does not know (the object cannot be written without losing them). */
export class UnknownFieldError extends ProtobufError {}

const INTEGER_TYPES = new Set(['int32', 'int64', 'uint32', 'uint64']);

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export class MessageCodec {
  constructor(
    private readonly messages: MessageTable,
    private readonly rawDecoder: RawDecoder = (raw) => JSON.parse(raw.toString('utf8')),
  ) {}

  private descriptor(type: string): MessageDescriptor {
    const descriptor = this.messages[type];
    if (!descriptor) throw new ProtobufError(`no schema for message ${type}`);
    return descriptor;
  }

  /** The JSON value as the message `type`; throws on values of the wrong shape or unknown fields. */
  encode(type: string, value: unknown, path = ''): Buffer {
    const writer = new ProtoWriter();
    this.write(writer, type, value, path);
    return writer.finish();
  }

  private write(writer: ProtoWriter, type: string, value: unknown, path: string): void {
    const descriptor = this.descriptor(type);
    if (descriptor.special === 'rawExtension') {
      // An object already encoded (a watch event's) goes in as is; anything else as JSON.
      writer.bytes(1, Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value), 'utf8'));
      return;
    }
    if (descriptor.special) {
      SPECIAL_ENCODERS[descriptor.special]?.(value, writer);
      return;
    }
    if (!isObject(value)) throw new ProtobufError(`${path || 'the object'} is not an object`);
    const used = new Set<string>();
    this.writeFields(writer, descriptor, value, path, used);
    // An object's apiVersion and kind travel in the envelope's typeMeta (list items have none).
    used.add('apiVersion').add('kind');
    const unknown = Object.keys(value).filter((key) => !used.has(key) && value[key] !== null);
    if (unknown.length > 0)
      throw new UnknownFieldError(`${unknown.map((key) => `${path}.${key}`).join(', ')} not in the schema`);
  }

  private writeFields(
    writer: ProtoWriter,
    descriptor: MessageDescriptor,
    value: Json,
    path: string,
    used: Set<string>,
  ) {
    for (const field of descriptor.fields) {
      if (field.inline) {
        // Go embeds the struct: its fields sit in this JSON object.
        const inner = this.descriptor(field.type);
        const innerUsed = new Set<string>();
        const sub = new ProtoWriter();
        this.writeFields(sub, inner, value, path, innerUsed);
        for (const key of innerUsed) used.add(key);
        writer.bytes(field.number, sub.finish());
        continue;
      }
      const fieldValue = value[field.json];
      used.add(field.json);
      if (fieldValue === undefined || fieldValue === null) continue;
      const fieldPath = `${path}.${field.json}`;
      if (field.mapKey) this.writeMap(writer, field, fieldValue, fieldPath);
      else if (field.repeated) {
        if (!Array.isArray(fieldValue)) throw new ProtobufError(`${fieldPath} is not a list`);
        fieldValue.forEach((item, index) => {
          this.writeValue(writer, field.number, field.type, item, `${fieldPath}[${index}]`);
        });
      } else this.writeValue(writer, field.number, field.type, fieldValue, fieldPath);
    }
  }

  private writeMap(writer: ProtoWriter, field: FieldDescriptor, value: unknown, path: string): void {
    if (!isObject(value)) throw new ProtobufError(`${path} is not a map`);
    for (const [key, item] of Object.entries(value)) {
      if (item === null) continue;
      const entry = new ProtoWriter();
      entry.string(1, key);
      this.writeValue(entry, 2, field.type, item, `${path}[${JSON.stringify(key)}]`);
      writer.bytes(field.number, entry.finish());
    }
  }

  private writeValue(writer: ProtoWriter, number: number, type: string, value: unknown, path: string): void {
    if (type === 'string') {
      if (typeof value !== 'string') throw new ProtobufError(`${path} is not a string`);
      writer.string(number, value);
    } else if (type === 'bool') {
      if (typeof value !== 'boolean') throw new ProtobufError(`${path} is not a boolean`);
      writer.integer(number, value ? 1 : 0);
    } else if (INTEGER_TYPES.has(type)) {
      if (typeof value !== 'number' || !Number.isInteger(value))
        throw new ProtobufError(`${path} is not an integer`);
      writer.integer(number, value);
    } else if (type === 'double' || type === 'float') {
      if (typeof value !== 'number') throw new ProtobufError(`${path} is not a number`);
      if (type === 'double') writer.double(number, value);
      else writer.float(number, value);
    } else if (type === 'bytes') {
      if (typeof value === 'string') writer.bytes(number, Buffer.from(value, 'base64'));
      else if (Buffer.isBuffer(value)) writer.bytes(number, value);
      else throw new ProtobufError(`${path} is not base64 data`);
    } else writer.bytes(number, this.encode(type, value, path));
  }

  /** The message `type` read from `bytes`, in its JSON form. */
  decode(type: string, bytes: Buffer): Json {
    const value = this.read(type, readFields(bytes));
    if (!isObject(value)) throw new ProtobufError(`message ${type} has no object form`);
    return value;
  }

  private read(type: string, fields: WireField[]): unknown {
    const descriptor = this.descriptor(type);
    if (descriptor.special === 'rawExtension') {
      const raw = fields.findLast((field) => field.number === 1)?.value;
      return Buffer.isBuffer(raw) && raw.length > 0 ? this.rawDecoder(raw) : undefined;
    }
    if (descriptor.special) return SPECIAL_DECODERS[descriptor.special]?.(fields);
    const result: Json = {};
    const byNumber = new Map<number, WireField[]>();
    for (const field of fields) {
      const same = byNumber.get(field.number);
      if (same) same.push(field);
      else byNumber.set(field.number, [field]);
    }
    for (const field of descriptor.fields) {
      const values = byNumber.get(field.number);
      if (values === undefined) continue;
      if (field.inline) {
        for (const value of values)
          Object.assign(result, this.read(field.type, readFields(bytesOf(value, field))));
      } else if (field.mapKey) {
        result[field.json] = Object.fromEntries(
          values.map((value) => this.readEntry(field, bytesOf(value, field))),
        );
      } else if (field.repeated) {
        result[field.json] = values.flatMap((value) => this.readRepeated(field, value));
      } else {
        const value = this.readValue(field, values[values.length - 1] as WireField);
        // Go writes a non-pointer string even when empty; its JSON omits it.
        if (value !== undefined && value !== '') result[field.json] = value;
      }
    }
    return result;
  }

  private readEntry(field: FieldDescriptor, bytes: Buffer): [string, unknown] {
    const entry = readFields(bytes);
    const key = entry.findLast((item) => item.number === 1);
    const value = entry.findLast((item) => item.number === 2);
    const keyText =
      key === undefined ? '' : typeof key.value === 'bigint' ? String(key.value) : key.value.toString();
    const zero = field.type === 'string' ? '' : field.type === 'bool' ? false : 0;
    if (value === undefined) return [keyText, this.messages[field.type] ? this.read(field.type, []) : zero];
    return [keyText, this.readValue(field, value) ?? zero];
  }

  /** Packed repeated numbers arrive as one length-delimited field. */
  private readRepeated(field: FieldDescriptor, value: WireField): unknown[] {
    if (Buffer.isBuffer(value.value) && (INTEGER_TYPES.has(field.type) || field.type === 'bool')) {
      return readPackedVarints(value.value).map((item) =>
        field.type === 'bool' ? item !== 0n : signed(item),
      );
    }
    return [this.readValue(field, value)];
  }

  private readValue(field: FieldDescriptor, wire: WireField): unknown {
    const { type } = field;
    const { value } = wire;
    if (typeof value === 'bigint') {
      if (type === 'bool') return value !== 0n;
      if (INTEGER_TYPES.has(type)) return signed(value);
      throw new ProtobufError(`field ${field.json} (${type}) holds a varint`);
    }
    if (type === 'double') return value.length === 8 ? value.readDoubleLE(0) : wrongWire(field);
    if (type === 'float') return value.length === 4 ? value.readFloatLE(0) : wrongWire(field);
    if (type === 'string') return value.toString('utf8');
    if (type === 'bytes') return value.toString('base64');
    if (!this.messages[type]) return wrongWire(field);
    return this.read(type, readFields(value));
  }
}

function wrongWire(field: FieldDescriptor): never {
  throw new ProtobufError(`field ${field.json} (${field.type}) has the wrong wire type`);
}

function bytesOf(wire: WireField, field: FieldDescriptor): Buffer {
  if (!Buffer.isBuffer(wire.value)) wrongWire(field);
  return wire.value;
}

function readPackedVarints(bytes: Buffer): bigint[] {
  const values: bigint[] = [];
  let current = 0n;
  let shift = 0n;
  for (const byte of bytes) {
    current |= BigInt(byte & 0x7f) << shift;
    shift += 7n;
    if ((byte & 0x80) === 0) {
      values.push(current);
      current = 0n;
      shift = 0n;
    } else if (shift >= 70n) throw new ProtobufError('varint longer than ten bytes');
  }
  if (shift !== 0n) throw new ProtobufError('truncated packed varint');
  return values;
}

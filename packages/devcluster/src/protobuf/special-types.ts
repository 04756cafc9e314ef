// apimachinery's types whose JSON is not an object of their proto fields: Time and MicroTime
// (RFC 3339 strings, seconds + nanos on the wire), Duration (Go's "1h2m3s", nanoseconds),
// Quantity ("100m"), IntOrString (8080 or "http"), FieldsV1 (a JSON object held as bytes) and
// the []string wrappers ExtraValue and Verbs. RawExtension is the codec's (it may hold an object).

import { ProtobufError, type ProtoWriter, signed, type WireField } from './wire.js';

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

function timeToWire(value: unknown, writer: ProtoWriter): void {
  const match = typeof value === 'string' ? RFC3339.exec(value) : null;
  if (!match) throw new ProtobufError(`${JSON.stringify(value)} is not an RFC 3339 time`);
  const millis = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(millis)) throw new ProtobufError(`${JSON.stringify(value)} is not an RFC 3339 time`);
  writer.integer(1, Math.floor(millis / 1000));
  const nanos = Number((match[2] ?? '').padEnd(9, '0'));
  if (nanos !== 0) writer.integer(2, nanos);
}

function timeFromWire(fields: WireField[], micro: boolean): string | undefined {
  // Go writes the zero time.Time as an empty message; its JSON is null, so it decodes to nothing.
  if (fields.length === 0) return undefined;
  const seconds = signed(varintOf(fields, 1) ?? 0n);
  const nanos = signed(varintOf(fields, 2) ?? 0n);
  const whole = new Date(seconds * 1000).toISOString().slice(0, 19);
  return micro ? `${whole}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z` : `${whole}Z`;
}

const DURATION_UNITS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

function parseDuration(text: string): number {
  const sign = text.startsWith('-') ? -1 : 1;
  const body = text.replace(/^[-+]/, '');
  if (body === '0') return 0;
  const parts = [...body.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== body)
    throw new ProtobufError(`${JSON.stringify(text)} is not a duration`);
  return (
    sign *
    parts.reduce((total, [, amount, unit = '']) => total + Number(amount) * (DURATION_UNITS[unit] ?? 0), 0)
  );
}

/** Go's time.Duration.String(). */
export function formatDuration(nanoseconds: number): string {
  if (nanoseconds === 0) return '0s';
  const sign = nanoseconds < 0 ? '-' : '';
  const abs = Math.abs(nanoseconds);
  const trim = (value: number) => String(Number(value.toFixed(9)));
  if (abs < 1e3) return `${sign}${abs}ns`;
  if (abs < 1e6) return `${sign}${trim(abs / 1e3)}µs`;
  if (abs < 1e9) return `${sign}${trim(abs / 1e6)}ms`;
  const hours = Math.floor(abs / 3600e9);
  const minutes = Math.floor((abs % 3600e9) / 60e9);
  const seconds = trim((abs % 60e9) / 1e9);
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

function varintOf(fields: WireField[], number: number): bigint | undefined {
  const field = fields.findLast((candidate) => candidate.number === number);
  return typeof field?.value === 'bigint' ? field.value : undefined;
}

function textOf(fields: WireField[], number: number): string | undefined {
  const field = fields.findLast((candidate) => candidate.number === number);
  return Buffer.isBuffer(field?.value) ? field.value.toString('utf8') : undefined;
}

export type SpecialEncoder = (value: unknown, writer: ProtoWriter) => void;
export type SpecialDecoder = (fields: WireField[]) => unknown;

export const SPECIAL_ENCODERS: Record<string, SpecialEncoder> = {
  time: timeToWire,
  microTime: timeToWire,
  duration: (value, writer) => {
    if (typeof value !== 'string') throw new ProtobufError(`${JSON.stringify(value)} is not a duration`);
    writer.integer(1, Math.round(parseDuration(value)));
  },
  quantity: (value, writer) => {
    if (typeof value !== 'string' && typeof value !== 'number')
      throw new ProtobufError(`${JSON.stringify(value)} is not a quantity`);
    writer.string(1, String(value));
  },
  intOrString: (value, writer) => {
    if (typeof value === 'number' && Number.isInteger(value)) {
      writer.integer(1, 0);
      writer.integer(2, value);
      writer.string(3, '');
    } else if (typeof value === 'string') {
      writer.integer(1, 1);
      writer.integer(2, 0);
      writer.string(3, value);
    } else throw new ProtobufError(`${JSON.stringify(value)} is neither an integer nor a string`);
  },
  fieldsV1: (value, writer) => writer.bytes(1, Buffer.from(JSON.stringify(value), 'utf8')),
  stringList: (value, writer) => {
    if (!Array.isArray(value)) throw new ProtobufError(`${JSON.stringify(value)} is not a list of strings`);
    for (const item of value) writer.string(1, String(item));
  },
};

export const SPECIAL_DECODERS: Record<string, SpecialDecoder> = {
  time: (fields) => timeFromWire(fields, false),
  microTime: (fields) => timeFromWire(fields, true),
  duration: (fields) => formatDuration(signed(varintOf(fields, 1) ?? 0n)),
  quantity: (fields) => textOf(fields, 1) ?? '0',
  intOrString: (fields) =>
    signed(varintOf(fields, 1) ?? 0n) === 1 ? (textOf(fields, 3) ?? '') : signed(varintOf(fields, 2) ?? 0n),
  fieldsV1: (fields) => {
    const raw = textOf(fields, 1);
    if (raw === undefined || raw === '') return {};
    try {
      return JSON.parse(raw);
    } catch {
      throw new ProtobufError('FieldsV1 does not hold JSON');
    }
  },
  stringList: (fields) =>
    fields
      .filter((field) => field.number === 1 && Buffer.isBuffer(field.value))
      .map((field) => field.value.toString()),
};

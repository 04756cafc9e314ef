import { badRequest } from '../api/status.js';

// kubectl's typed clients send some bodies as Kubernetes protobuf (`auth can-i` posts a
// SelfSubjectAccessReview that way) and do not fall back to JSON on 415. The simulator reads
// the few kinds such clients post; each answer still goes out as JSON, which they accept.

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]); // "k8s\0"

type Field = number | Buffer;

/** Reads one protobuf message into its fields by number (repeated fields keep every value). */
function readMessage(bytes: Buffer): Map<number, Field[]> {
  const fields = new Map<number, Field[]>();
  let offset = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[offset++];
      if (byte === undefined) throw new Error('truncated varint');
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  };
  while (offset < bytes.length) {
    const key = varint();
    const number = Math.floor(key / 8);
    const wireType = key & 7;
    let value: Field;
    if (wireType === 0) value = varint();
    else if (wireType === 2) {
      const length = varint();
      value = bytes.subarray(offset, offset + length);
      if (value.length !== length) throw new Error('truncated field');
      offset += length;
    } else if (wireType === 1) {
      value = bytes.subarray(offset, offset + 8);
      offset += 8;
    } else if (wireType === 5) {
      value = bytes.subarray(offset, offset + 4);
      offset += 4;
    } else throw new Error(`unsupported wire type ${wireType}`);
    fields.set(number, [...(fields.get(number) ?? []), value]);
  }
  return fields;
}

function text(fields: Map<number, Field[]>, number: number): string | undefined {
  const value = fields.get(number)?.[0];
  return Buffer.isBuffer(value) ? value.toString('utf8') : undefined;
}

function message(fields: Map<number, Field[]>, number: number): Map<number, Field[]> | undefined {
  const value = fields.get(number)?.[0];
  return Buffer.isBuffer(value) ? readMessage(value) : undefined;
}

function strings(fields: Map<number, Field[]> | undefined, names: string[]): Record<string, string> {
  const result: Record<string, string> = {};
  if (!fields) return result;
  names.forEach((name, index) => {
    const value = text(fields, index + 1);
    if (value !== undefined) result[name] = value;
  });
  return result;
}

// Field numbers from k8s.io/api/authorization/v1/generated.proto.
const RESOURCE_ATTRIBUTES = ['namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name'];
const NON_RESOURCE_ATTRIBUTES = ['path', 'verb'];

function reviewSpec(kind: string, spec: Map<number, Field[]> | undefined): Record<string, unknown> {
  if (!spec) return {};
  if (kind === 'SelfSubjectRulesReview') return strings(spec, ['namespace']);
  if (kind !== 'SelfSubjectAccessReview') return {};
  const result: Record<string, unknown> = {};
  const resource = message(spec, 1);
  const nonResource = message(spec, 2);
  if (resource) result.resourceAttributes = strings(resource, RESOURCE_ATTRIBUTES);
  if (nonResource) result.nonResourceAttributes = strings(nonResource, NON_RESOURCE_ATTRIBUTES);
  return result;
}

const READABLE_KINDS = new Set(['SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SelfSubjectReview']);

/** Decodes a protobuf-encoded review into its JSON form; other kinds are a 415 for the caller. */
export function decodeProtobufReview(body: Buffer): Record<string, unknown> | undefined {
  if (!body.subarray(0, 4).equals(MAGIC))
    throw badRequest('the protobuf body does not start with the Kubernetes magic number');
  try {
    const unknown = readMessage(body.subarray(4));
    const typeMeta = message(unknown, 1);
    const apiVersion = typeMeta && text(typeMeta, 1);
    const kind = typeMeta && text(typeMeta, 2);
    if (!kind || !READABLE_KINDS.has(kind)) return undefined;
    const raw = unknown.get(2)?.[0];
    const object = Buffer.isBuffer(raw) ? readMessage(raw) : new Map<number, Field[]>();
    return { apiVersion, kind, metadata: {}, spec: reviewSpec(kind, message(object, 2)) };
  } catch (error) {
    throw badRequest(`unable to decode the protobuf body: ${(error as Error).message}`);
  }
}

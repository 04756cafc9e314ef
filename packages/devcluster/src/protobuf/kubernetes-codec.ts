// Kubernetes' protobuf encoding of whole objects, as k8s.io/apimachinery's protobuf serializer
// writes it: the magic "k8s\0", then a runtime.Unknown whose typeMeta names the object and whose
// raw bytes are the object's message. Watch streams frame each event with its length.

import type { MessageTable } from './descriptors.js';
import kubernetesMessages from './generated/kubernetes-messages.json' with { type: 'json' };
import { MessageCodec } from './message-codec.js';
import { ProtobufError } from './wire.js';

type Json = Record<string, unknown>;

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);
const UNKNOWN = 'k8s.io.apimachinery.pkg.runtime.Unknown';
const WATCH_EVENT = 'k8s.io.apimachinery.pkg.apis.meta.v1.WatchEvent';

/** A kind Kubernetes defines no protobuf message for (custom resources, aggregated APIs). */
export class MissingSchemaError extends ProtobufError {}

const { messages, kinds } = kubernetesMessages as unknown as {
  messages: MessageTable;
  kinds: Record<string, string>;
};

/** The message of an apiVersion ('v1', 'apps/v1') and kind, when Kubernetes defines one. */
export function messageOfKind(apiVersion: unknown, kind: unknown): string | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  return kinds[`${apiVersion}/${kind}`];
}

/** Whether an object of this apiVersion and kind can be written as protobuf. */
export function hasProtobufSchema(apiVersion: unknown, kind: unknown): boolean {
  return messageOfKind(apiVersion, kind) !== undefined;
}

function decodeRaw(raw: Buffer): unknown {
  if (raw.subarray(0, 4).equals(MAGIC)) return decodeKubernetesObject(raw);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ProtobufError('an embedded object is neither JSON nor Kubernetes protobuf');
  }
}

const codec = new MessageCodec(messages, decodeRaw);

/** `object` in Kubernetes protobuf; throws when its kind has no schema or a field does not fit. */
export function encodeKubernetesObject(object: Json): Buffer {
  const type = messageOfKind(object.apiVersion, object.kind);
  if (!type)
    throw new MissingSchemaError(
      `no protobuf schema for ${String(object.apiVersion)}/${String(object.kind)}`,
    );
  const unknown = codec.encode(UNKNOWN, {
    typeMeta: { apiVersion: object.apiVersion, kind: object.kind },
    raw: codec.encode(type, object),
    contentEncoding: '',
    contentType: '',
  });
  return Buffer.concat([MAGIC, unknown]);
}

/** A Kubernetes protobuf body in its JSON form, apiVersion and kind first. */
export function decodeKubernetesObject(body: Buffer): Json {
  if (!body.subarray(0, 4).equals(MAGIC))
    throw new ProtobufError('the body does not start with the Kubernetes protobuf magic number');
  const envelope = codec.decode(UNKNOWN, body.subarray(4));
  const typeMeta = (envelope.typeMeta ?? {}) as Json;
  const type = messageOfKind(typeMeta.apiVersion, typeMeta.kind);
  if (!type) {
    const named = `${String(typeMeta.apiVersion ?? '')}/${String(typeMeta.kind ?? '')}`;
    throw new MissingSchemaError(`no protobuf schema for ${named}`);
  }
  const raw = envelope.raw === undefined ? Buffer.alloc(0) : Buffer.from(String(envelope.raw), 'base64');
  return { apiVersion: typeMeta.apiVersion, kind: typeMeta.kind, ...codec.decode(type, raw) };
}

/**
 * One watch event as a protobuf stream frame: a 4-byte big-endian length, then the WatchEvent
 * message itself (streams carry no envelope); its object is embedded whole, envelope and all.
 */
export function encodeWatchFrame(type: string, object: Json): Buffer {
  const event = codec.encode(WATCH_EVENT, { type, object: encodeKubernetesObject(object) });
  const length = Buffer.alloc(4);
  length.writeUInt32BE(event.length);
  return Buffer.concat([length, event]);
}

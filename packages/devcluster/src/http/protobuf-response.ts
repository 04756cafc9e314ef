// Objects answered in Kubernetes protobuf. An object the schema cannot hold whole (a kind
// without a schema, a field the schema lacks) is answered in JSON instead, which every
// client-go accepts, rather than losing data.
import type { ServerResponse } from 'node:http';
import { encodeKubernetesObject, PROTOBUF_MEDIA_TYPE, ProtobufError } from '../protobuf/index.js';

/** Writes `body` as protobuf and returns true, or returns false when it cannot be encoded. */
export function sendProtobuf(response: ServerResponse, status: number, body: unknown): boolean {
  let payload: Buffer;
  try {
    payload = encodeKubernetesObject(body as Record<string, unknown>);
  } catch (error) {
    if (error instanceof ProtobufError) return false;
    throw error;
  }
  response.writeHead(status, {
    'Content-Type': PROTOBUF_MEDIA_TYPE,
    'Cache-Control': 'no-cache, private',
    'Content-Length': payload.length,
  });
  response.end(payload);
  return true;
}

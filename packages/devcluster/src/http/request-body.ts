import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { badRequest, requestEntityTooLarge, unsupportedMediaType } from '../api/status.js';
import {
  decodeKubernetesObject,
  MissingSchemaError,
  PROTOBUF_MEDIA_TYPE,
  ProtobufError,
} from '../protobuf/index.js';

// kube-apiserver's limit for a request body.
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw requestEntityTooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

const OBJECT_MEDIA_TYPES = ['application/json', 'application/yaml', PROTOBUF_MEDIA_TYPE];

/** A Kubernetes protobuf body, for kinds that have a schema (custom resources have none: 415). */
function decodeProtobuf(body: Buffer): Record<string, unknown> {
  try {
    return decodeKubernetesObject(body);
  } catch (error) {
    if (error instanceof MissingSchemaError)
      throw unsupportedMediaType(PROTOBUF_MEDIA_TYPE, OBJECT_MEDIA_TYPES.slice(0, 2));
    if (!(error instanceof ProtobufError)) throw error;
    throw badRequest(`unable to decode the protobuf body: ${error.message}`);
  }
}

/** Decodes a create/update body (JSON, YAML or protobuf) into a plain object, as the real decoders answer. */
export function decodeObject(body: Buffer, contentType: string | undefined): Record<string, unknown> {
  const type = mediaType(contentType) || 'application/json';
  let decoded: unknown;
  if (type === 'application/json') {
    try {
      decoded = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw badRequest(`couldn't get version/kind; json parse error: ${(error as Error).message}`);
    }
  } else if (type === 'application/yaml') {
    try {
      decoded = parseYaml(body.toString('utf8'));
    } catch (error) {
      throw badRequest(`error converting YAML to JSON: ${(error as Error).message}`);
    }
  } else if (type === PROTOBUF_MEDIA_TYPE) {
    decoded = decodeProtobuf(body);
  } else {
    throw unsupportedMediaType(type, OBJECT_MEDIA_TYPES);
  }
  if (decoded === null || typeof decoded !== 'object' || Array.isArray(decoded)) {
    throw badRequest("couldn't get version/kind; json parse error: the body is not a JSON object");
  }
  return decoded as Record<string, unknown>;
}

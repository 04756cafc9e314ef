// gnostic's OpenAPI v2 messages (google/gnostic OpenAPIv2.proto, package openapi.v2), the form
// in which client-go reads /openapi/v2.
import type { MessageTable } from './descriptors.js';
import gnosticMessages from './generated/gnostic-messages.json' with { type: 'json' };
import { MessageCodec } from './message-codec.js';

export const GNOSTIC_MESSAGES = (gnosticMessages as unknown as { messages: MessageTable }).messages;

const codec = new MessageCodec(GNOSTIC_MESSAGES);

/** A gnostic message from its proto-shaped JSON (keys are the proto field names). */
export function encodeGnosticMessage(type: string, value: Record<string, unknown>): Buffer {
  return codec.encode(type, value);
}

import {
  INVALID_REQUEST,
  type JSONRPCErrorResponse,
  type JSONRPCMessage,
  PARSE_ERROR,
  parseJSONRPCMessage,
} from '@modelcontextprotocol/server';

/**
 * What a line of the wire holds: a message to hand on, or the error answer its sender gets instead
 * and the reason to log, which never quotes the line (it may hold a secret).
 */
export type LineVerdict =
  | { message: JSONRPCMessage }
  | { rejection: JSONRPCErrorResponse | undefined; reason: string };

const MAX_DETAIL_CHARS = 200;

/**
 * Reads one line as a JSON-RPC message with the SDK's own rules. A line that is not JSON gets a
 * Parse error and one that is not a JSON-RPC message an Invalid Request (JSON-RPC 2.0 §5.1), with
 * the request's id when it has a usable one; a malformed response from the client is only reported,
 * since a response is never answered.
 */
export function readLine(line: string): LineVerdict {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    // JSON.parse's message quotes the text around the fault: fine for its sender, not for the log.
    const answer = errorAnswer(null, PARSE_ERROR, `Parse error: ${detail(error)}`);
    return { rejection: answer, reason: 'Parse error: a line that is not JSON' };
  }
  try {
    return { message: parseJSONRPCMessage(value) };
  } catch {
    const reason = `Invalid Request: ${whyNotAMessage(value)}`;
    if (isResponseShaped(value)) return { rejection: undefined, reason };
    return { rejection: errorAnswer(usableId(value), INVALID_REQUEST, reason), reason };
  }
}

/** The answer to a line longer than the wire takes; its id is unknown, as the line was not kept. */
export function oversizedLineAnswer(maxBytes: number): JSONRPCErrorResponse {
  return errorAnswer(null, INVALID_REQUEST, `Invalid Request: a message is limited to ${maxBytes} bytes`);
}

function errorAnswer(id: string | number | null, code: number, message: string): JSONRPCErrorResponse {
  // JSON-RPC answers with a null id when the request's cannot be known; the SDK's type omits it.
  return { jsonrpc: '2.0', id, error: { code, message } } as unknown as JSONRPCErrorResponse;
}

function detail(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS)}...` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is string | number {
  return typeof value === 'string' || Number.isSafeInteger(value);
}

function usableId(value: unknown): string | number | null {
  return isObject(value) && isId(value.id) ? value.id : null;
}

function isResponseShaped(value: unknown): boolean {
  return isObject(value) && !('method' in value) && ('result' in value || 'error' in value);
}

/** The first rule of a JSON-RPC message that `value` breaks, in words a client's author can act on. */
function whyNotAMessage(value: unknown): string {
  if (Array.isArray(value)) return 'batches are not supported: send one JSON-RPC message per line';
  if (!isObject(value)) return 'a JSON-RPC message is a JSON object';
  if (value.jsonrpc !== '2.0') return '"jsonrpc" must be "2.0"';
  if ('id' in value && !isId(value.id)) return '"id" must be a string or an integer';
  if (!('method' in value) && !isResponseShaped(value)) return '"method" is missing';
  if ('method' in value && typeof value.method !== 'string') return '"method" must be a string';
  if ('params' in value && !isObject(value.params)) return '"params" must be an object';
  if (isObject(value.params) && '_meta' in value.params && !isObject(value.params._meta))
    return '"params._meta" must be an object';
  return 'not a JSON-RPC request, notification or response';
}

// Turns what went wrong with a call into a KubernetesError whose message a person (or a model)
// can act on: the API server's own Status when it answered, the cause in words when it did not.
import { KubernetesError, type StatusDetails } from './kubernetes-error.js';

/** What a failed call was, for messages: never headers, so never a credential. */
export interface CallDescription {
  server: string;
  method: string;
  path: string;
}

interface Status {
  kind?: string;
  message?: string;
  reason?: string;
  details?: StatusDetails;
}

function parseStatus(body: string): Status | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const status = parsed as Status;
    return status?.kind === 'Status' ? status : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a body is a metav1.Status: the API server's own answer, not one it proxied. */
export function isStatusBody(body: string): boolean {
  return parseStatus(body) !== undefined;
}

const BODY_EXCERPT_CHARS = 200;

/** An error answer: the metav1.Status when the server sent one. */
export function answerError(statusCode: number, body: string, call: CallDescription): KubernetesError {
  const status = parseStatus(body);
  const message =
    status?.message ||
    `${call.method} ${call.path} answered HTTP ${statusCode}: ${body.slice(0, BODY_EXCERPT_CHARS).trim()}`;
  return new KubernetesError(message, 'api', statusCode, status?.reason, status?.details);
}

export function timeoutError(server: string, what: string, timeoutMs: number): KubernetesError {
  return new KubernetesError(
    `the Kubernetes API server at ${server} did not answer ${what} within ${timeoutMs} ms`,
    'timeout',
  );
}

const CONNECTION_FAILURES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'the connection was closed',
  UND_ERR_CLOSED: 'the client was closed',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed and not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate is signed by an untrusted authority',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate is signed by an untrusted authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its certificate is signed by an untrusted authority',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is not valid for this host name',
  EPROTO: 'TLS handshake failed (is the server speaking plain HTTP?)',
};

function codeOf(error: Error): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** The most telling error of a cause chain (undici and Node nest them): a known code first. */
function connectionCause(error: unknown): { code?: string; message: string } {
  const chain: Error[] = [];
  for (let cause = error; cause instanceof Error && chain.length < 5; cause = cause.cause) chain.push(cause);
  const telling =
    chain.find((cause) => (codeOf(cause) ?? '') in CONNECTION_FAILURES) ?? chain.find(codeOf) ?? chain[0];
  if (!telling) return { message: String(error) };
  const code = codeOf(telling);
  return code ? { code, message: telling.message } : { message: telling.message };
}

/** The connection failed before the server could answer. */
export function unreachableError(server: string, error: unknown): KubernetesError {
  const { code, message } = connectionCause(error);
  const reason = (code && CONNECTION_FAILURES[code]) ?? message;
  return new KubernetesError(
    `cannot reach the Kubernetes API server at ${server}: ${reason}${code ? ` (${code})` : ''}`,
    'unreachable',
  );
}

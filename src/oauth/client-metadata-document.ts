import { Agent, fetch } from 'undici';
import { type ClientMetadata, validateClientMetadata } from './client-metadata.js';
import { InvalidClient, OAuthError } from './errors.js';
import { NonPublicAddressRefused, publicOnlyDispatcher, refuseNonPublicLiteral } from './ssrf-guard.js';

/** A client whose client_id is the https URL of its metadata document: always public (no secret). */
export interface MetadataDocumentClient {
  clientId: string;
  metadata: ClientMetadata & { tokenEndpointAuthMethod: 'none' };
}

export interface ClientMetadataDocumentFetchOptions {
  /** Scopes a document's `scope` may name. */
  allowedScopes: readonly string[];
  /** Test only: hosts fetched without the public-address rule, over http too. */
  allowHosts?: readonly string[];
  /** Default 5 s for the whole fetch. */
  timeoutMs?: number;
  /** Default 1 MiB. */
  maxBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_MAX_BYTES = 1024 * 1024;
const JSON_CONTENT_TYPE = /^application\/json\s*(;|$)/i;

/** Whether a client_id names a metadata document (rather than a registered client). */
export function isClientMetadataDocumentUrl(clientId: string): boolean {
  return clientId.startsWith('https://');
}

/**
 * Fetches and validates a Client ID Metadata Document. Refusals are InvalidClient errors whose
 * description says why (the authorization endpoint shows them on its error page).
 */
export async function fetchClientMetadataDocument(
  clientIdUrl: string,
  options: ClientMetadataDocumentFetchOptions,
): Promise<MetadataDocumentClient> {
  const url = parseClientIdUrl(clientIdUrl, options.allowHosts ?? []);
  const body = await fetchDocument(url, options);
  try {
    return validateDocument(clientIdUrl, JSON.parse(body), options.allowedScopes);
  } catch (error) {
    if (error instanceof SyntaxError) throw refuse(clientIdUrl, 'its metadata document is not valid JSON');
    if (error instanceof OAuthError) throw refuse(clientIdUrl, error.description);
    throw error;
  }
}

/** The rules of the client ID URL itself: https, a path, no fragment, credentials or dot segments. */
function parseClientIdUrl(clientIdUrl: string, allowHosts: readonly string[]): URL {
  if (!URL.canParse(clientIdUrl)) throw refuse(clientIdUrl, 'the client_id is not a URL');
  const url = new URL(clientIdUrl);
  const allowlisted = allowHosts.includes(url.hostname);
  if (url.protocol !== 'https:' && !(allowlisted && url.protocol === 'http:')) {
    throw refuse(clientIdUrl, 'a client_id URL must use https');
  }
  if (url.pathname === '/' || url.hash || clientIdUrl.includes('#') || url.username || url.password) {
    throw refuse(clientIdUrl, 'a client_id URL must have a path and no fragment or credentials');
  }
  if (/\/\.\.?(\/|$)/.test(clientIdUrl.split(/[?#]/, 1)[0] ?? '')) {
    throw refuse(clientIdUrl, 'a client_id URL must not contain dot segments');
  }
  if (!allowlisted) {
    try {
      refuseNonPublicLiteral(url);
    } catch (error) {
      throw refuse(clientIdUrl, (error as Error).message);
    }
  }
  return url;
}

async function fetchDocument(url: URL, options: ClientMetadataDocumentFetchOptions): Promise<string> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const allowlisted = (options.allowHosts ?? []).includes(url.hostname);
  const dispatcher = allowlisted ? new Agent() : publicOnlyDispatcher({ timeoutMs });
  try {
    const response = await fetch(url, {
      dispatcher,
      redirect: 'manual',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      const redirected = response.status >= 300 && response.status < 400;
      throw refuse(
        url.href,
        redirected ? 'its metadata document is behind a redirect' : `it answered ${response.status}`,
      );
    }
    if (!JSON_CONTENT_TYPE.test(response.headers.get('content-type') ?? '')) {
      await response.body?.cancel();
      throw refuse(url.href, 'its metadata document is not served as application/json');
    }
    if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
      await response.body?.cancel();
      throw refuse(url.href, `its metadata document is larger than ${maxBytes} bytes`);
    }
    return await readLimited(response.body, maxBytes, url.href);
  } catch (error) {
    if (error instanceof OAuthError) throw error;
    throw refuse(url.href, fetchFailureReason(error));
  } finally {
    void dispatcher.close();
  }
}

async function readLimited(body: ReadableStream<Uint8Array> | null, maxBytes: number, clientIdUrl: string) {
  if (!body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      await body.cancel().catch(() => {});
      throw refuse(clientIdUrl, `its metadata document is larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function fetchFailureReason(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof NonPublicAddressRefused) return cause.message;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return 'its metadata document did not arrive in time';
  }
  return 'its metadata document could not be fetched';
}

function validateDocument(
  clientIdUrl: string,
  document: unknown,
  allowedScopes: readonly string[],
): MetadataDocumentClient {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw refuse(clientIdUrl, 'its metadata document is not a JSON object');
  }
  const fields = document as Record<string, unknown>;
  if (fields.client_id !== clientIdUrl) {
    throw refuse(clientIdUrl, 'the client_id in its metadata document is not the URL it was fetched from');
  }
  if ('client_secret' in fields || (fields.token_endpoint_auth_method ?? 'none') !== 'none') {
    throw refuse(
      clientIdUrl,
      'a metadata document client is public: token_endpoint_auth_method must be none',
    );
  }
  const metadata = validateClientMetadata({ ...fields, token_endpoint_auth_method: 'none' }, allowedScopes);
  return { clientId: clientIdUrl, metadata: { ...metadata, tokenEndpointAuthMethod: 'none' } };
}

function refuse(clientIdUrl: string, reason: string): InvalidClient {
  return new InvalidClient(`client ${clientIdUrl} refused: ${reason}`);
}

import { UsageError } from '../error-mapping.js';

// What kubernetes_http_get puts into the API server's proxy URL, checked so that the request stays
// on the one pod or service the caller named: no `..` (encoded or not) to climb out of
// `.../proxy/`, no absolute URL, no CR/LF or other bytes that could split the request.

/** The characters a URL path may hold as they are (RFC 3986 pchar and "/"); anything else is percent-encoded. */
const PATH_CHARACTERS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/;
const PERCENT_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

function segmentClimbs(segment: string): boolean {
  // Byte by byte: decodeURIComponent would throw on an escape that is not UTF-8 (`%e9`).
  const decoded = segment.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
  const control = [...decoded].some((character) => character.charCodeAt(0) < 0x20 || character === '\x7f');
  return decoded === '.' || decoded === '..' || /[/\\]/.test(decoded) || control;
}

/**
 * The path (and query) to request on the target, starting with "/"; throws a UsageError saying what
 * is wrong. The query may hold anything a URL query can; only the path is checked for climbing.
 */
export function proxiedPath(pathAndQuery: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(pathAndQuery) || pathAndQuery.startsWith('//'))
    throw new UsageError(
      `path must be a path on the target such as "/healthz", not a URL: "${pathAndQuery}"`,
    );
  if (pathAndQuery.includes('#')) throw new UsageError('path must not hold a "#" fragment.');
  const queryStart = pathAndQuery.indexOf('?');
  const path = queryStart < 0 ? pathAndQuery : pathAndQuery.slice(0, queryStart);
  const query = queryStart < 0 ? '' : pathAndQuery.slice(queryStart);
  if (!PATH_CHARACTERS.test(path + query.replaceAll('?', '')) || PERCENT_ESCAPE.test(pathAndQuery))
    throw new UsageError(
      'path holds characters a URL path cannot (spaces, CR/LF, quotes...): percent-encode them, e.g. "%20".',
    );
  const absolute = path.startsWith('/') ? path : `/${path}`;
  if (absolute.split('/').some(segmentClimbs))
    throw new UsageError(
      'path must not contain "." or ".." segments or encoded slashes: it may not leave the proxied target.',
    );
  return absolute + query;
}

/** `[scheme:]name[:port]`, how the proxy subresource names its target. */
export function proxyId(name: string, port: string | number | undefined, scheme: string | undefined): string {
  return [scheme, name, port].filter((part) => part !== undefined && part !== '').join(':');
}

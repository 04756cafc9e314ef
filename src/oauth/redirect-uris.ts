import { ipFamily, isLoopbackHost, isNonPublicAddress } from '../net/index.js';
import { InvalidRedirectUri } from './errors.js';

/** Schemes that run code or read local data in a browser, never a place to send a code. */
const BLOCKED_SCHEMES = new Set(['javascript', 'data', 'file', 'vbscript', 'about', 'ftp', 'blob']);
const SCHEME = /^[a-z][a-z0-9+.-]*$/;
/** Whitespace and control characters: browsers and URL parsers strip some of them ("java\tscript:"). */
const WHITESPACE_OR_CONTROL = /[\s\p{Cc}]/u;
const MAX_LENGTH = 2048;

/**
 * Validates the redirect URIs of a registration (RFC 7591 §2 and the rules of behaviours.md):
 * at least one, each valid by `validateRedirectUri`. Throws InvalidRedirectUri naming the URI at fault.
 */
export function validateRedirectUris(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidRedirectUri('redirect_uris must be a non-empty array of URIs');
  }
  return value.map((uri) => validateRedirectUri(uri));
}

/**
 * One redirect URI: absolute, no fragment, no credentials, not a blocked scheme (however encoded),
 * a custom scheme matching `^[a-z][a-z0-9+.-]*$`, https for web hosts, http only on loopback
 * (localhost, 127.0.0.0/8, [::1]), no private/link-local/unspecified IP host, IPv4 hosts only in
 * dotted-decimal form (so `http://0x7f.1/` or `http://2130706433/` cannot hide an address).
 */
export function validateRedirectUri(uri: unknown): string {
  if (typeof uri !== 'string' || uri.length === 0) throw refuse('redirect URIs must be non-empty strings');
  if (uri.length > MAX_LENGTH) throw refuse(`redirect URIs must be at most ${MAX_LENGTH} characters`);
  const shown = JSON.stringify(uri.slice(0, 200));
  if (WHITESPACE_OR_CONTROL.test(uri)) {
    throw refuse(`redirect URI ${shown} must not contain whitespace or control characters`);
  }
  const colon = uri.indexOf(':');
  if (colon <= 0) throw refuse(`redirect URI ${shown} must be an absolute URI with a scheme`);
  const scheme = uri.slice(0, colon);
  if (BLOCKED_SCHEMES.has(decodeLeniently(scheme).toLowerCase())) {
    throw refuse(`redirect URI ${shown} uses a forbidden scheme`);
  }
  if (!SCHEME.test(scheme)) {
    throw refuse(`redirect URI ${shown} must have a lowercase scheme matching ^[a-z][a-z0-9+.-]*$`);
  }
  if (uri.includes('#')) throw refuse(`redirect URI ${shown} must not contain a fragment`);
  const url = parse(uri, shown);
  if (url.username || url.password) throw refuse(`redirect URI ${shown} must not contain credentials`);
  if (scheme === 'http' || scheme === 'https') requireSafeWebHost(uri, url, shown);
  return uri;
}

/**
 * Whether a redirect URI at the authorization endpoint matches a registered one: exactly, or for
 * http loopback URIs on any port (RFC 8252 §7.3: native apps listen on an ephemeral port).
 */
export function redirectUriMatches(registered: readonly string[], requested: string): boolean {
  if (registered.includes(requested)) return true;
  const portless = portlessLoopbackForm(requested);
  return portless !== undefined && registered.some((uri) => portlessLoopbackForm(uri) === portless);
}

/** http(s) on localhost, 127.0.0.0/8 or [::1]: the consent page warns about redirects elsewhere. */
export function isLoopbackRedirectUri(uri: string): boolean {
  const url = URL.canParse(uri) ? new URL(uri) : undefined;
  return (url?.protocol === 'http:' || url?.protocol === 'https:') && isLoopbackHost(url.hostname);
}

function requireSafeWebHost(uri: string, url: URL, shown: string): void {
  if (!uri.startsWith(`${url.protocol}//`)) throw refuse(`redirect URI ${shown} must have a host`);
  const host = url.hostname;
  if (ipFamily(host) === 'ipv4' && rawHost(uri) !== host) {
    throw refuse(`redirect URI ${shown} must write its IPv4 address in dotted-decimal form`);
  }
  const loopback = isLoopbackHost(host);
  if (url.protocol === 'http:' && !loopback) {
    throw refuse(
      `redirect URI ${shown} must use https (http is allowed only on localhost, 127.0.0.1, [::1])`,
    );
  }
  if (!loopback && isNonPublicAddress(host)) {
    throw refuse(`redirect URI ${shown} points at a private, link-local or unspecified address`);
  }
}

/** The host as written, before the URL parser rewrites numeric forms (`0x7f.1` -> `127.0.0.1`). */
function rawHost(uri: string): string {
  const authority = uri.slice(uri.indexOf('//') + 2).split(/[/?#]/, 1)[0] ?? '';
  const hostAndPort = authority.slice(authority.lastIndexOf('@') + 1);
  const host = hostAndPort.startsWith('[') ? hostAndPort : hostAndPort.split(':', 1)[0];
  return (host ?? '').toLowerCase();
}

function portlessLoopbackForm(uri: string): string | undefined {
  try {
    validateRedirectUri(uri);
  } catch {
    return undefined;
  }
  const url = new URL(uri);
  if (url.protocol !== 'http:' || !isLoopbackRedirectUri(uri)) return undefined;
  url.port = '';
  return url.href;
}

function parse(uri: string, shown: string): URL {
  try {
    return new URL(uri);
  } catch {
    throw refuse(`redirect URI ${shown} is not a valid URI`);
  }
}

function decodeLeniently(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function refuse(description: string): InvalidRedirectUri {
  return new InvalidRedirectUri(description);
}

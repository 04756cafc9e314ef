import type { TLSSocket } from 'node:tls';
import type { Request, RequestHandler } from 'express';
import { isLoopbackHost } from '../net/index.js';
import { sendRefusal } from './refusals.js';
import { PROBE_PATHS, pathMatcher } from './request-paths.js';
import type { TrustedProxies } from './trusted-proxies.js';

/** Whether the base URL may be served over plain HTTP: only on loopback, during development. */
export function allowsPlainHttp(baseUrl: string): boolean {
  const url = new URL(baseUrl);
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/** Why a base URL cannot be served as it is, or undefined. */
export function baseUrlSchemeProblem(baseUrl: string): string | undefined {
  const url = new URL(baseUrl);
  if (url.protocol === 'https:' || allowsPlainHttp(baseUrl)) return undefined;
  return `${url.origin} is plain http on a host that is not loopback: OAuth 2.1 requires HTTPS`;
}

/**
 * Whether the request reached us over TLS: our own listener's, or a trusted proxy's that says so with
 * X-Forwarded-Proto. Every protocol the header lists must be https, so a client's own "https" prepended
 * before a proxy's "http" proves nothing.
 */
export function arrivedOverHttps(req: Request, trustedProxies: TrustedProxies): boolean {
  if ((req.socket as Partial<TLSSocket>).encrypted === true) return true;
  if (!trustedProxies.includes(req.socket.remoteAddress)) return false;
  const header = req.headers['x-forwarded-proto'];
  const protocols = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((protocol) => protocol.trim().toLowerCase())
    .filter(Boolean);
  return protocols.length > 0 && protocols.every((protocol) => protocol === 'https');
}

export interface HttpsPolicyOptions {
  /** `--oauth-base-url`: with an https URL, plain-HTTP requests are refused. */
  readonly baseUrl: string;
  readonly trustedProxies: TrustedProxies;
  /** The MCP endpoint(s): refusals there are JSON-RPC errors, elsewhere OAuth errors. */
  readonly mcpPaths: readonly string[];
  /** Served over plain HTTP anyway. Default: the probes (kubelets probe without TLS). */
  readonly exemptPaths?: readonly string[];
}

/**
 * With an https base URL, a request that did not arrive over TLS is refused (403) rather than
 * redirected: its bearer token or code has crossed the network in clear already, and a redirect would
 * teach clients that http works. With a loopback http base URL (development) everything passes.
 */
export function requireHttps(options: HttpsPolicyOptions): RequestHandler {
  if (new URL(options.baseUrl).protocol !== 'https:') return (_req, _res, next) => next();
  const isExempt = pathMatcher(options.exemptPaths ?? PROBE_PATHS);
  const isMcp = pathMatcher(options.mcpPaths);
  const httpsOrigin = new URL(options.baseUrl).origin;
  return (req, res, next) => {
    if (isExempt(req) || arrivedOverHttps(req, options.trustedProxies)) return next();
    sendRefusal(res, isMcp(req) ? 'json-rpc' : 'oauth', {
      status: 403,
      oauthError: 'invalid_request',
      description: `this server is served over HTTPS only: use ${httpsOrigin}`,
    });
  };
}

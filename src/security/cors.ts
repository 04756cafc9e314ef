import cors, { type CorsOptions } from 'cors';
import type { RequestHandler } from 'express';
import { normalizeOrigin, parseAllowedOrigins } from './allowed-origins.js';
import { pathMatcher } from './request-paths.js';

export interface CorsPolicyOptions {
  /** `ALLOWED_ORIGINS` / `--allowed-origins`, as given or normalised (throws AllowedOriginsError). */
  readonly allowedOrigins: readonly string[];
  /** The MCP endpoint(s): only the allowed origins get CORS headers. */
  readonly mcpPaths: readonly string[];
  /**
   * Endpoints any page may call without credentials: the metadata documents, registration, token and
   * revocation. Browser-based MCP clients (the MCP Inspector among them) run the OAuth flow from a page.
   */
  readonly openPaths: readonly string[];
}

/** Browsers may cache a preflight this long (Chromium caps it at two hours anyway). */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

const MCP_REQUEST_HEADERS = [
  'Authorization',
  'Content-Type',
  'Mcp-Session-Id',
  'Mcp-Protocol-Version',
  'Last-Event-ID',
  // RFC 9449: the proof of a DPoP-bound token.
  'DPoP',
];

/**
 * CORS by endpoint: the MCP endpoint answers only the listed origins (reflecting the one that asked),
 * the open OAuth endpoints answer `*`, which browsers never combine with cookies or HTTP auth; no
 * other path gets CORS headers. Preflights are answered here (204). Bearer tokens travel in the
 * Authorization header, so no answer allows credentials. `Vary: Origin` is on every answer of both,
 * so a cache never serves one origin's answer to another.
 */
export function corsPolicy(options: CorsPolicyOptions): RequestHandler {
  const allowed = new Set(parseAllowedOrigins(options.allowedOrigins));
  const isMcp = pathMatcher(options.mcpPaths);
  const isOpen = pathMatcher(options.openPaths);
  const common: CorsOptions = {
    credentials: false,
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
    optionsSuccessStatus: 204,
  };
  const mcpCors = cors({
    ...common,
    origin: (origin, decide) =>
      decide(null, origin !== undefined && allowed.has(normalizeOrigin(origin) ?? '')),
    methods: ['GET', 'POST', 'DELETE'],
    allowedHeaders: MCP_REQUEST_HEADERS,
    exposedHeaders: ['Mcp-Session-Id', 'WWW-Authenticate'],
  });
  const openCors = cors({
    ...common,
    origin: '*',
    methods: ['GET', 'POST'],
    allowedHeaders: ['Authorization', 'Content-Type', 'DPoP'],
    // The token endpoint's DPoP nonce, which a browser client must read to sign its next proof.
    exposedHeaders: ['WWW-Authenticate', 'DPoP-Nonce'],
  });
  return (req, res, next) => {
    const handler = isMcp(req) ? mcpCors : isOpen(req) ? openCors : undefined;
    if (!handler) return next();
    res.vary('Origin');
    handler(req, res, next);
  };
}

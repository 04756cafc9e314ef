import type { RequestHandler } from 'express';
import type { Valkey } from 'iovalkey';
import type { AuthFailureStage, RateLimiterName, ServerMetrics } from '../observability/index.js';
import {
  type AuditLog,
  clientIpResolver,
  corsPolicy,
  countingAudit,
  createAuditLog,
  MEMORY_BACKEND,
  markAuthStage,
  type RateLimitBackend,
  rateLimitByIp,
  rateLimitByUser,
  rateLimitRegistrations,
  securityHeaders,
} from '../security/http.js';
import { normalizeOrigin, requireHttps, TrustedProxies } from '../security/index.js';
import type { ServerConfig } from '../settings/index.js';

// The security layer of the HTTP transports, assembled from the settings in the order
// src/security/http.ts explains: headers, HTTPS, CORS before the host check; the per-IP limit
// after it; the registration limit before the OAuth router; the per-user limit after the bearer check.

/** Endpoints any web page may call without credentials (browser-based MCP clients log in from a page). */
const OPEN_OAUTH_PATHS = ['/.well-known', '/oauth/register', '/oauth/token', '/oauth/revoke'];
const NO_STORE_PATHS = ['/oauth', '/.well-known'];

export interface HttpSecurity {
  beforeHostCheck: RequestHandler[];
  afterHostCheck: RequestHandler[];
  /** Origins the host check lets through: CORS decides for these requests. */
  acceptsOrigin(path: string, origin: string): boolean;
  /** On POST /oauth/register, before the OAuth router. */
  registrationLimit: RequestHandler;
  /** On the MCP endpoint, after the bearer check. */
  userLimit: RequestHandler;
  clientIp: ReturnType<typeof clientIpResolver>;
  audit: AuditLog;
}

function startsWithAny(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/** Where a failed authentication happened, for the auth failure metric. */
function authStageOf(path: string, mcpPaths: readonly string[]): AuthFailureStage {
  if (startsWithAny(path, mcpPaths)) return 'bearer';
  if (path === '/oauth/callback') return 'upstream_login';
  if (path === '/oauth/register') return 'registration';
  return 'token_endpoint';
}

/**
 * `valkey`: the token store's connection when it is Valkey, so that limits hold across replicas.
 * `metrics`: when given, every audited security event is also counted there.
 */
export function httpSecurity(config: ServerConfig, valkey?: Valkey, metrics?: ServerMetrics): HttpSecurity {
  const backend: RateLimitBackend = valkey ? { kind: 'valkey', client: valkey } : MEMORY_BACKEND;
  const trustedProxies = TrustedProxies.parse(config.trustedProxies);
  const clientIp = clientIpResolver(trustedProxies);
  const mcpPaths = [config.httpEndpoint, config.sseEndpoint, config.messageEndpoint];
  const encryptionKey = config.oauth?.encryptionKey?.reveal();
  const auditLog = createAuditLog({
    destination: config.auditLog,
    ...(config.auditHmacKey ? { hmacKey: config.auditHmacKey } : {}),
    ...(encryptionKey ? { encryptionKey } : {}),
  });
  const auditCountingAs = (limiter: RateLimiterName) =>
    metrics ? countingAudit(auditLog, metrics, limiter) : auditLog;
  // The OAuth server's own limit is --max-clients-per-ip, on registrations.
  const audit = auditCountingAs('registration');
  const beforeHostCheck = [
    securityHeaders({ trustedProxies, enableHsts: config.enableHsts, noStorePaths: NO_STORE_PATHS }),
    ...(config.oauth ? [requireHttps({ baseUrl: config.oauth.baseUrl, trustedProxies, mcpPaths })] : []),
    corsPolicy({ allowedOrigins: config.allowedOrigins, mcpPaths, openPaths: OPEN_OAUTH_PATHS }),
  ];
  const allowedOrigins = new Set(config.allowedOrigins.map((origin) => normalizeOrigin(origin)));
  return {
    beforeHostCheck,
    afterHostCheck: [
      ...(metrics ? [markAuthStage((path) => authStageOf(path, mcpPaths))] : []),
      rateLimitByIp({
        ratePerSecond: config.rateLimitIp,
        burst: config.rateLimitIpBurst,
        clientIp,
        mcpPaths,
        bearerAuthentication: config.oauth !== undefined,
        audit: auditCountingAs('ip'),
        backend,
      }),
    ],
    acceptsOrigin: (path, origin) =>
      startsWithAny(path, OPEN_OAUTH_PATHS) ||
      (startsWithAny(path, mcpPaths) && allowedOrigins.has(normalizeOrigin(origin))),
    registrationLimit: rateLimitRegistrations({
      perMinute: config.rateLimitRegistration,
      clientIp,
      audit: auditCountingAs('registration'),
      backend,
    }),
    userLimit: rateLimitByUser({
      ratePerSecond: config.rateLimitUser,
      burst: config.rateLimitUserBurst,
      audit: auditCountingAs('user'),
      backend,
    }),
    clientIp,
    audit,
  };
}

/*
 * The security layer's HTTP side: the face of src/security/ that only the HTTP transports load
 * (middleware, audit log, client IPs: cors, helmet and rate-limiter-flexible stay out of `serve`
 * over stdio); ./index.ts is the rest.
 * Intended middleware order in the HTTP app (each one answers its refusals with the security
 * headers already set, so they come first):
 *   1. securityHeaders       every answer, redirects and refusals included
 *   2. requireHttps          plain HTTP refused with an https base URL (probes exempt)
 *   3. corsPolicy            preflights answered here, before host checks and rate limits see them
 *   4. (host validation)     src/http: rejectForeignHosts
 *   5. rateLimitByIp         every request but probes and bearer requests to the MCP endpoint
 *   6. rateLimitRegistrations  on POST /oauth/register, then the OAuth router
 *   7. (bearer check)        on the MCP endpoint: sets req.principal
 *   8. rateLimitByUser       on the MCP endpoint, after the bearer check
 *   9. (MCP transport)
 * clientIpResolver feeds the rate limits, the audit log and the OAuth server (`deps.clientIp`).
 */
export {
  AUDIT_EVENTS,
  type AuditEvent,
  type AuditFields,
  type AuditLog,
  type AuditLogOptions,
  createAuditLog,
  redactFreeText,
} from './audit-log.js';
export { countingAudit, markAuthStage } from './audit-metrics.js';
export {
  type BurstLimit,
  BurstRateLimiter,
  headroomWindowSeconds,
  MEMORY_BACKEND,
  type RateLimitBackend,
} from './burst-rate-limiter.js';
export { clientIpOf, clientIpResolver } from './client-ip.js';
export { type CorsPolicyOptions, corsPolicy } from './cors.js';
export {
  type IpRateLimitOptions,
  type RegistrationRateLimitOptions,
  rateLimitByIp,
  rateLimitByUser,
  rateLimitRegistrations,
  type UserRateLimitOptions,
} from './rate-limits.js';
export {
  DEFAULT_CONTENT_SECURITY_POLICY,
  type SecurityHeadersOptions,
  securityHeaders,
} from './security-headers.js';

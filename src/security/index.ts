/*
 * The security layer. Intended middleware order in the HTTP app (each one answers its refusals with
 * the security headers already set, so they come first):
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
  AllowedOriginsError,
  normalizeOrigin,
  originProblem,
  parseAllowedOrigins,
} from './allowed-origins.js';
export { type AuditKey, type AuditKeySource, resolveAuditKey } from './audit-key.js';
export {
  AUDIT_EVENTS,
  type AuditEvent,
  type AuditFields,
  type AuditLog,
  type AuditLogOptions,
  createAuditLog,
  redactFreeText,
} from './audit-log.js';
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
  allowsPlainHttp,
  arrivedOverHttps,
  baseUrlSchemeProblem,
  type HttpsPolicyOptions,
  requireHttps,
} from './https-policy.js';
export {
  type CheckResult,
  type CheckStatus,
  checklistPassed,
  type DeploymentFacts,
  evaluateProductionChecklist,
  type OAuthFacts,
} from './production-checklist.js';
export {
  type IpRateLimitOptions,
  type RegistrationRateLimitOptions,
  rateLimitByIp,
  rateLimitByUser,
  rateLimitRegistrations,
  type UserRateLimitOptions,
} from './rate-limits.js';
export { PROBE_PATHS } from './request-paths.js';
export {
  DEFAULT_CONTENT_SECURITY_POLICY,
  type SecurityHeadersOptions,
  securityHeaders,
} from './security-headers.js';
export {
  type SecuritySettingKey,
  type SecuritySettings,
  type SecuritySettingsInput,
  securitySettings,
  securitySettingsProblems,
  securitySettingsSchema,
} from './security-settings.js';
export { missingEncryptionKeyWarning, securityStartupWarnings } from './startup-warnings.js';
export { loadTlsFiles, type TlsFileSettings, type TlsFiles, TlsFilesError } from './tls-files.js';
export { secretWeakness } from './token-strength.js';
export { TrustedProxies, TrustedProxiesError } from './trusted-proxies.js';

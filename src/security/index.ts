// The security layer, loaded by `serve` over stdio too (settings, checklist, start-up warnings).
// The HTTP middleware, whose dependencies stdio must not load, is the other face: ./http.ts.
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
export { countingAudit, markAuthStage } from './audit-metrics.js';
export { clientIpOf, clientIpResolver } from './client-ip.js';
export { deploymentFactsOf } from './deployment-facts.js';
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
export { PROBE_PATHS } from './request-paths.js';
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

// The security layer, loaded by `serve` over stdio too (settings, checklist, start-up warnings).
// The HTTP middleware, the audit log and client IPs, which stdio never needs, are ./http.ts.
export {
  AllowedOriginsError,
  normalizeOrigin,
  originProblem,
  parseAllowedOrigins,
} from './allowed-origins.js';
export { type AuditKey, type AuditKeySource, resolveAuditKey } from './audit-key.js';
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

import type { Secret } from '../config/index.js';
import { resolveAuditKey } from './audit-key.js';
import type { DeploymentFacts, OAuthFacts } from './production-checklist.js';
import type { SecuritySettings } from './security-settings.js';
import { loadTlsFiles } from './tls-files.js';

/** The parts of the server's parsed configuration the checklist reads (the configuration satisfies it). */
export type DeploymentSettings = SecuritySettings & {
  readonly transport: string;
  readonly httpAddr: string;
  readonly allowUnauthenticatedHttp: boolean;
  readonly debug: boolean;
  readonly logLevel: string;
  readonly downstreamOauth: boolean;
  readonly downstreamOauthInsecureFallback: boolean;
  readonly conformanceFixtures: boolean;
  readonly oauth: (OAuthFacts & { readonly encryptionKey?: Secret<Buffer> }) | undefined;
};

/** What the production checklist evaluates, from a parsed configuration (`check`, and `serve` at start). */
export function deploymentFactsOf(config: DeploymentSettings, now = new Date()): DeploymentFacts {
  const encryptionKey = config.oauth?.encryptionKey?.reveal();
  return {
    transport: config.transport,
    httpAddr: config.httpAddr,
    allowUnauthenticatedHttp: config.allowUnauthenticatedHttp,
    debug: config.debug,
    logLevel: config.logLevel,
    oauth: config.oauth,
    security: config,
    tls: loadTlsFiles(config),
    auditKeySource: resolveAuditKey(config.auditHmacKey, encryptionKey).source,
    // The flag takes effect only with --downstream-oauth (and is refused without it).
    downstreamInsecureFallback: config.downstreamOauth && config.downstreamOauthInsecureFallback,
    conformanceFixtures: config.conformanceFixtures,
    now,
  };
}

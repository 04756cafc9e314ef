import type { ServerConfig } from '../config/server-config.js';
import { resolveAuditKey } from './audit-key.js';
import type { DeploymentFacts } from './production-checklist.js';
import { loadTlsFiles } from './tls-files.js';

/** What the production checklist evaluates, from a parsed configuration (`check`, and `serve` at start). */
export function deploymentFactsOf(config: ServerConfig, now = new Date()): DeploymentFacts {
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
    now,
  };
}

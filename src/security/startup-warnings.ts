import { parseHttpAddress } from '../config/index.js';
import { isLoopbackHost } from '../net/index.js';
import { allowsPlainHttp } from './https-policy.js';
import { type DeploymentFacts, evaluateProductionChecklist } from './production-checklist.js';

/**
 * The loud warning of a deployment that stores upstream tokens in clear: no encryption key on a base
 * URL that is not loopback. Undefined when a key is set or the server is a local development one.
 */
export function missingEncryptionKeyWarning(baseUrl: string, hasEncryptionKey: boolean): string | undefined {
  if (hasEncryptionKey || allowsPlainHttp(baseUrl)) return undefined;
  return (
    `NO ENCRYPTION KEY: ${new URL(baseUrl).origin} stores upstream refresh tokens UNENCRYPTED. Anyone ` +
    'who reads the store can act as your users. Set OAUTH_ENCRYPTION_KEY (openssl rand -base64 32)'
  );
}

/** A plain-http loopback base URL, or without OAuth a loopback listen address. */
function isLocalDevelopment(facts: DeploymentFacts): boolean {
  if (facts.oauth) return allowsPlainHttp(facts.oauth.baseUrl);
  const address = parseHttpAddress(facts.httpAddr);
  return address !== undefined && isLoopbackHost(address.host);
}

/**
 * What `serve` prints at start: each production-checklist item that fails or warns, as `check` would
 * report it. On a loopback base URL (development) the items only production needs are left out.
 */
export function securityStartupWarnings(facts: DeploymentFacts): string[] {
  const development = isLocalDevelopment(facts);
  return evaluateProductionChecklist(facts)
    .filter((result) => result.status === 'fail' || result.status === 'warn')
    .filter((result) => !(development && result.productionOnly))
    .map((result) =>
      result.id === 'encryption-key' && facts.oauth
        ? (missingEncryptionKeyWarning(facts.oauth.baseUrl, false) ?? result.detail)
        : // The titles name the secure state ("rate limiting enabled"): say that it is not met.
          `not met: ${result.title} (${result.detail})`,
    );
}

import { InvalidScope } from './errors.js';
import { formatScope } from './scopes.js';

// Our own scopes, which say what a token may do with the cluster; the other scopes a client may ask
// for (`--oauth-scopes`) are the identity provider's and are passed on to it. Ours never are.

export const KUBERNETES_READ = 'kubernetes:read';
export const KUBERNETES_WRITE = 'kubernetes:write';
export const KUBERNETES_EXEC = 'kubernetes:exec';
export const KUBERNETES_PORT_FORWARD = 'kubernetes:port-forward';

export const KUBERNETES_SCOPES = [
  KUBERNETES_READ,
  KUBERNETES_WRITE,
  KUBERNETES_EXEC,
  KUBERNETES_PORT_FORWARD,
] as const;
export type KubernetesScope = (typeof KUBERNETES_SCOPES)[number];

/**
 * What a request naming none of our scopes gets: everything tokens could do before scopes existed,
 * so that clients written then keep working. Port forwarding came later and must be asked for.
 */
export const DEFAULT_KUBERNETES_SCOPES: readonly KubernetesScope[] = [
  KUBERNETES_READ,
  KUBERNETES_WRITE,
  KUBERNETES_EXEC,
];

/** OpenID's request for a refresh token: never named in a challenge (MCP authorization spec). */
export const OFFLINE_ACCESS = 'offline_access';

export function isKubernetesScope(scope: string): scope is KubernetesScope {
  return (KUBERNETES_SCOPES as readonly string[]).includes(scope);
}

/** The scopes a server offers: the identity provider's (`--oauth-scopes`) and ours. */
export function offeredScopes(upstreamScopes: readonly string[]): string[] {
  return [...new Set([...upstreamScopes, ...KUBERNETES_SCOPES])];
}

/** The provider's scopes among these: ours are never sent upstream. */
export function upstreamScopesOf(scopes: readonly string[]): string[] {
  return scopes.filter((scope) => !isKubernetesScope(scope));
}

/**
 * What a token may do: its Kubernetes scopes, or the defaults for a token issued before scopes
 * existed (it names none of ours), which could do all of that.
 */
export function effectiveScopes(scopes: readonly string[]): string[] {
  return scopes.some(isKubernetesScope) ? [...scopes] : [...scopes, ...DEFAULT_KUBERNETES_SCOPES];
}

/**
 * The scopes an authorization request gets (RFC 6749 §3.3). Every requested scope must be offered,
 * else invalid_scope names the others. The provider's scopes are limited to `allowedUpstream` (what
 * the client registered, else `--oauth-scopes`), and all of them when none is named; ours are never
 * limited by the registration (a client steps up to more later, and the person decides on the
 * consent page), the defaults when none is named, and always include kubernetes:read.
 */
export function grantableScopes(requested: readonly string[], allowedUpstream: readonly string[]): string[] {
  const refused = requested.filter((scope) => !isKubernetesScope(scope) && !allowedUpstream.includes(scope));
  if (refused.length > 0) throw new InvalidScope(`scope not allowed: ${formatScope(refused)}`);
  const upstream = upstreamScopesOf(requested);
  const ours = requested.filter(isKubernetesScope);
  return [
    ...(upstream.length > 0 ? upstream : allowedUpstream),
    ...(ours.length > 0 ? withRead(ours) : DEFAULT_KUBERNETES_SCOPES),
  ];
}

function withRead(scopes: readonly KubernetesScope[]): KubernetesScope[] {
  return KUBERNETES_SCOPES.filter((scope) => scope === KUBERNETES_READ || scopes.includes(scope));
}

/**
 * The scopes a step-up challenge names: all the token has and all the call needs, so that the new
 * token loses nothing (MCP authorization spec, scope challenge handling), without offline_access.
 */
export function stepUpScopes(held: readonly string[], needed: readonly string[]): string[] {
  return [...new Set([...effectiveScopes(held), ...needed])].filter((scope) => scope !== OFFLINE_ACCESS);
}

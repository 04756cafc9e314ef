import { InvalidScope } from './errors.js';

/** RFC 6749 §3.3: space-delimited, order-insensitive; duplicates collapse. */
export function parseScope(scope: string | undefined): string[] {
  return [...new Set((scope ?? '').split(' ').filter((token) => token.length > 0))];
}

export function formatScope(scopes: readonly string[]): string {
  return scopes.join(' ');
}

/**
 * The scopes a request may have: every requested scope must be allowed (else invalid_scope naming
 * them); an empty request gets `fallback` (RFC 6749 §3.3 lets the server choose a default).
 */
export function requireAllowedScopes(
  requested: readonly string[],
  allowed: readonly string[],
  fallback: readonly string[] = allowed,
): string[] {
  const refused = requested.filter((scope) => !allowed.includes(scope));
  if (refused.length > 0) throw new InvalidScope(`scope not allowed: ${formatScope(refused)}`);
  return requested.length > 0 ? [...requested] : [...fallback];
}

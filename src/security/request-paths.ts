import type { Request } from 'express';

/** Health and readiness probes: kubelets probe them over plain HTTP, often and from one address. */
export const PROBE_PATHS: readonly string[] = ['/healthz', '/readyz'];

/**
 * Whether a request's path is one of `paths` or below one of them (`/.well-known/oauth-protected-resource`
 * covers `/.well-known/oauth-protected-resource/mcp`). Paths are those of the app, as Express sees them.
 */
export function pathMatcher(paths: readonly string[]): (req: Request) => boolean {
  const roots = paths.map((path) => path.replace(/\/+$/, '') || '/');
  return (req) => {
    const path = req.path;
    return roots.some((root) => path === root || path.startsWith(root === '/' ? '/' : `${root}/`));
  };
}

import type { Request } from 'express';
import type { Principal } from '../oauth/index.js';

/** The person behind an MCP request, with the grant whose upstream tokens may reach the cluster. */
export interface RequestPrincipal extends Principal {
  readonly grantId: string;
}

declare global {
  namespace Express {
    interface Request {
      /** Set by the bearer middleware of the MCP endpoint when OAuth is on. */
      principal?: RequestPrincipal;
    }
  }
}

/** The principal of an authenticated request; throws when the bearer middleware did not run. */
export function principalOf(req: Request): RequestPrincipal {
  if (!req.principal) throw new Error('no principal: the bearer middleware must run before this handler');
  return req.principal;
}

import type { AuthInfo } from '@modelcontextprotocol/server';
import type { Request, RequestHandler, Response } from 'express';
import {
  bearerTokenOf,
  InvalidRequest,
  InvalidToken,
  isOAuthError,
  type OAuthError,
  refusalRecord,
  TemporarilyUnavailable,
} from '../oauth/index.js';
import type { AuditLog } from '../security/http.js';
import { StoreUnavailableError } from '../storage/index.js';
import type { AccessTokenVerifier } from './access-token-verifier.js';
import type { RequestPrincipal } from './request-principal.js';
import { bearerChallenge } from './www-authenticate.js';

/** What the check needs of the authorization server (`OAuthServer.resourceServer` fits). */
export interface BearerOptions {
  readonly verifier: AccessTokenVerifier;
  /** Where the challenge sends clients to discover the authorization server (RFC 9728). */
  readonly resourceMetadataUrl: string;
  readonly scopes: readonly string[];
  /** Records each refused token (auth_failure, or resource_mismatch for another resource's token). */
  readonly audit?: Pick<AuditLog, 'record'>;
  /** The client's IP as the security layer determined it; default the socket address. */
  readonly clientIp?: (req: Request) => string;
}

/**
 * The MCP endpoint's resource-server check (RFC 6750, MCP authorization spec): a token only in the
 * Authorization header, issued by us, alive, not revoked, bound to this resource. On success the request
 * carries `req.principal`, and `req.auth` for the MCP SDK (tools read it as `extra.authInfo`);
 * otherwise the answer is 401 (400 for a token sent another way) with the `WWW-Authenticate` challenge.
 * A request without any token is not audited: it is how every client discovers that it must log in.
 */
export function requireBearerToken(options: BearerOptions): RequestHandler {
  return async (req, res, next) => {
    try {
      const token = bearerTokenOfHeaderOnly(req);
      if (token === undefined) return refuseBearer(res, options);
      const { principal, grantId } = await options.verifier.verifyAccessToken(token);
      const requestPrincipal: RequestPrincipal = { ...principal, grantId };
      req.principal = requestPrincipal;
      (req as Request & { auth?: AuthInfo }).auth = authInfoOf(token, requestPrincipal);
      next();
    } catch (error) {
      // The token may be fine: the store that knows is unreachable, so the client should retry.
      if (error instanceof StoreUnavailableError) {
        const unavailable = new TemporarilyUnavailable(error.message, 5);
        return res.status(unavailable.status).set(unavailable.headers).json(unavailable.toJSON());
      }
      if (!isOAuthError(error)) return next(error);
      recordRefusal(req, options, error);
      refuseBearer(res, options, error);
    }
  };
}

function recordRefusal(req: Request, options: BearerOptions, error: OAuthError): void {
  const { event, fields } = refusalRecord('auth_failure', error);
  const ip = options.clientIp?.(req) ?? req.ip ?? req.socket.remoteAddress ?? 'unknown';
  options.audit?.record(event, { ...fields, ip });
}

/** RFC 6750 §2: the header only; a token in the query or the body is refused, never used. */
function bearerTokenOfHeaderOnly(req: Request): string | undefined {
  const inQuery = new URL(req.originalUrl, 'http://query.invalid').searchParams.has('access_token');
  const body: unknown = req.body;
  const inBody = typeof body === 'object' && body !== null && Object.hasOwn(body, 'access_token');
  if (inQuery || inBody) {
    throw new InvalidRequest('access tokens are accepted only in the Authorization header');
  }
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const token = bearerTokenOf(header);
  if (token === undefined) throw new InvalidToken('the Authorization header must be "Bearer <access token>"');
  return token;
}

/**
 * The refusal of a request to the MCP endpoint: the error's status (401 when no token was sent) with
 * the `WWW-Authenticate` challenge that sends the client to log in again.
 */
export function refuseBearer(
  res: Response,
  options: Pick<BearerOptions, 'resourceMetadataUrl' | 'scopes'>,
  error?: OAuthError,
): void {
  const status = error?.status ?? 401;
  res
    .status(status)
    .set('WWW-Authenticate', bearerChallenge({ ...options, ...(error ? { error } : {}) }))
    .set('Cache-Control', 'no-store')
    .json(
      error?.toJSON() ?? {
        error: 'unauthorized',
        error_description: 'this endpoint requires an OAuth access token',
      },
    );
}

function authInfoOf(token: string, principal: RequestPrincipal): AuthInfo {
  return {
    token,
    clientId: principal.clientId,
    scopes: [...principal.scopes],
    extra: { principal },
  };
}

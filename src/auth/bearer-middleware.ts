import type { AuthInfo } from '@modelcontextprotocol/server';
import type { Request, RequestHandler, Response } from 'express';
import {
  actorChain,
  InvalidRequest,
  InvalidToken,
  isDpopRefusal,
  isOAuthError,
  type OAuthError,
  refusalRecord,
  TemporarilyUnavailable,
} from '../oauth/index.js';
import type { AuditLog } from '../security/http.js';
import { StoreUnavailableError } from '../storage/index.js';
import type { AccessTokenVerifier } from './access-token-verifier.js';
import type { RequestPrincipal } from './request-principal.js';
import { bearerChallenge, dpopChallenge } from './www-authenticate.js';

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
      const presented = accessTokenOfHeaderOnly(req);
      if (presented === undefined) return refuseBearer(res, options);
      const { token, scheme } = presented;
      const { principal, grantId } = await options.verifier.verifyAccessToken(token, {
        scheme,
        ...(typeof req.headers.dpop === 'string' ? { proof: req.headers.dpop } : {}),
        method: req.method,
        path: new URL(req.originalUrl, 'http://path.invalid').pathname,
      });
      const requestPrincipal: RequestPrincipal = { ...principal, grantId };
      req.principal = requestPrincipal;
      if (principal.actor) recordDelegatedAccess(req, options, requestPrincipal);
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

/** A client acting for a person (an exchanged token): each use is a security event naming the actors. */
function recordDelegatedAccess(req: Request, options: BearerOptions, principal: RequestPrincipal): void {
  options.audit?.record(
    'delegated_access',
    {
      outcome: 'success',
      clientId: principal.clientId,
      userId: principal.subject,
      ...(principal.actor ? { actor: actorChain(principal.actor) } : {}),
      ip: clientIpOf(req, options),
    },
    req,
  );
}

function clientIpOf(req: Request, options: BearerOptions): string {
  return options.clientIp?.(req) ?? req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

function recordRefusal(req: Request, options: BearerOptions, error: OAuthError): void {
  const { event, fields } = refusalRecord('auth_failure', error);
  options.audit?.record(event, { ...fields, ip: clientIpOf(req, options) }, req);
}

/**
 * RFC 6750 §2: the header only, `Bearer <token>` or (RFC 9449) `DPoP <token>`; a token in the query or
 * the body is refused, never used.
 */
function accessTokenOfHeaderOnly(req: Request): { token: string; scheme: 'Bearer' | 'DPoP' } | undefined {
  const inQuery = new URL(req.originalUrl, 'http://query.invalid').searchParams.has('access_token');
  const body: unknown = req.body;
  const inBody = typeof body === 'object' && body !== null && Object.hasOwn(body, 'access_token');
  if (inQuery || inBody) {
    throw new InvalidRequest('access tokens are accepted only in the Authorization header');
  }
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^(Bearer|DPoP) +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
  if (!match?.[1] || !match[2]) {
    throw new InvalidToken(
      'the Authorization header must be "Bearer <access token>" or "DPoP <access token>"',
    );
  }
  return { token: match[2], scheme: match[1].toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer' };
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
  // RFC 9449 §7.1: DPoP refusals are 401 with a DPoP challenge, whatever their status at the token endpoint.
  const dpop = error !== undefined && isDpopRefusal(error);
  const status = dpop ? 401 : (error?.status ?? 401);
  res
    .status(status)
    .set(
      'WWW-Authenticate',
      dpop ? dpopChallenge(error) : bearerChallenge({ ...options, ...(error ? { error } : {}) }),
    )
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

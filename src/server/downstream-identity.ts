import type { AuthInfo } from '@modelcontextprotocol/server';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { principalOf, type RequestPrincipal, refuseBearer, requireBearerToken } from '../auth/index.js';
import { sendJsonRpcError } from '../http/index.js';
import type { ClusterIdentity } from '../k8s/index.js';
import { DOWNSTREAM_IDENTITY_KEY } from '../mcp/index.js';
import type { OAuthServer } from '../oauth/http.js';
import { InvalidToken, isOAuthError, type OAuthError, type UpstreamCredential } from '../oauth/index.js';
import { type DownstreamAuthResult, requestLogFields } from '../observability/index.js';
import type { AuditLog } from '../security/http.js';
import type { ServerConfig } from '../settings/index.js';

// Downstream OAuth at the MCP endpoint: before a request that may call tools reaches the MCP SDK,
// the caller's own Kubernetes identity is obtained here, where an unavailable one can still be
// answered with 401 and a challenge (inside the SDK, it could only become a tool error).

type DownstreamSettings = Pick<
  ServerConfig,
  'downstreamToken' | 'downstreamAuth' | 'downstreamOauthInsecureFallback'
>;

/** The authorization server as the guard uses it. */
export interface DownstreamOAuth {
  readonly upstreamCredential: OAuthServer['upstreamCredential'];
  /** Answers a request of the MCP endpoint as the bearer check refuses one: status, challenge, body. */
  readonly refuse: (res: Response, error: OAuthError) => void;
}

export interface DownstreamIdentityOptions {
  readonly oauth: DownstreamOAuth;
  readonly settings: DownstreamSettings;
  readonly logger: Logger;
  readonly record?: (result: DownstreamAuthResult) => void;
  readonly audit?: DownstreamAudit;
}

/** Where the insecure fallback is recorded as a security event. */
export interface DownstreamAudit {
  readonly log: Pick<AuditLog, 'record'>;
  /** The client's IP as the security layer determined it. */
  readonly clientIp: (req: Request) => string;
}

/** Groups Kubernetes reserves for itself: an identity provider's claim never grants them. */
const RESERVED_GROUP_PREFIX = 'system:';

/** The MCP endpoint's guard: the bearer check, then, for requests that may call tools, the caller's identity. */
export function withDownstreamIdentity(
  bearer: RequestHandler,
  options: DownstreamIdentityOptions,
): RequestHandler {
  return (req, res, next) =>
    bearer(req, res, (error?: unknown) => {
      if (error !== undefined || !mayCallTools(req)) return next(error);
      attachIdentity(req, res, options).then((proceed) => proceed && next(), next);
    });
}

/**
 * A POST whose JSON-RPC messages include `tools/call`. A body Express did not parse is read by the SDK
 * itself, so it counts as a possible tool call: no call may slip past with the server's credentials.
 */
function mayCallTools(req: Request): boolean {
  if (req.method !== 'POST') return false;
  const body: unknown = req.body;
  const messages: unknown[] = Array.isArray(body) ? body : [body];
  return messages.some(
    (message) =>
      typeof message !== 'object' ||
      message === null ||
      (message as { method?: unknown }).method === 'tools/call',
  );
}

/** Whether the request goes on: false when it was answered with a refusal. */
async function attachIdentity(
  req: Request,
  res: Response,
  options: DownstreamIdentityOptions,
): Promise<boolean> {
  const principal = principalOf(req);
  try {
    const credential = await options.oauth.upstreamCredential(principal, options.settings.downstreamToken);
    const identity = identityOf(principal, credential, options.settings);
    const auth = (req as Request & { auth?: AuthInfo }).auth;
    if (auth) auth.extra = { ...auth.extra, [DOWNSTREAM_IDENTITY_KEY]: identity };
    options.record?.('success');
    return true;
  } catch (error) {
    if (!isOAuthError(error)) throw error;
    if (options.settings.downstreamOauthInsecureFallback) {
      options.logger.warn(
        { ...requestLogFields(req), client: principal.clientId, reason: error.description },
        "downstream OAuth: the user's credential is unavailable; using the server's own " +
          '(--downstream-oauth-insecure-fallback)',
      );
      options.record?.('fallback');
      options.audit?.log.record(
        'downstream_auth_fallback',
        {
          outcome: 'failure',
          clientId: principal.clientId,
          userId: principal.subject,
          ip: options.audit.clientIp(req),
          reason: error.description,
        },
        req,
      );
      return true;
    }
    options.record?.('client_failure');
    refuse(res, error, options);
    return false;
  }
}

function identityOf(
  principal: RequestPrincipal,
  credential: UpstreamCredential,
  settings: DownstreamSettings,
): ClusterIdentity {
  if (settings.downstreamAuth === 'token') return { bearerToken: credential.token };
  // The upstream login was still checked (and refreshed) above: a user disabled upstream loses access.
  if (principal.email === undefined) {
    throw new InvalidToken('the login carries no verified email address to act as in the cluster');
  }
  const groups = principal.groups.filter((group) => !group.startsWith(RESERVED_GROUP_PREFIX));
  return { impersonate: { user: principal.email, groups } };
}

/** invalid_token asks the client to log the user in again; a provider outage asks it to retry. */
function refuse(res: Response, error: OAuthError, options: DownstreamIdentityOptions): void {
  if (error instanceof InvalidToken) {
    options.oauth.refuse(res, error);
    return;
  }
  res.set('Retry-After', '5');
  sendJsonRpcError(
    res,
    error.status,
    `your Kubernetes credential could not be renewed: ${error.description}`,
  );
}

/** The bearer check, with the caller's identity attached when --downstream-oauth is on. */
export function mcpEndpointGuard(
  oauth: OAuthServer,
  config: ServerConfig,
  logger: Logger,
  record?: (result: DownstreamAuthResult) => void,
  audit?: DownstreamAudit,
): RequestHandler {
  const bearer = requireBearerToken(oauth.resourceServer);
  if (!config.downstreamOauth) return bearer;
  return withDownstreamIdentity(bearer, {
    oauth: {
      upstreamCredential: oauth.upstreamCredential,
      refuse: (res, error) => refuseBearer(res, oauth.resourceServer, error),
    },
    settings: config,
    logger,
    ...(record ? { record } : {}),
    ...(audit ? { audit } : {}),
  });
}

import type { RequestHandler } from 'express';
import type { AuthFailureStage, RateLimiterName, ServerMetrics } from '../observability/index.js';
import type { AuditEvent, AuditFields, AuditLog } from './audit-log.js';

// Every security event of the OAuth server and of the security layer goes through the audit log, so
// counting there misses none. Label values come from the event's name and from fixed sets: never from
// the fields, which hold user ids, IPs and free text.

/** A presented credential was refused: a bearer or registration token, client credentials, a login. */
const AUTHENTICATION_REFUSALS: ReadonlySet<AuditEvent> = new Set([
  'auth_failure',
  'login_failed',
  'invalid_pkce',
  'authorization_code_reuse_detected',
  'refresh_token_reuse_detected',
]);

/** The grants: a failure means the code or refresh token was refused. */
const GRANTS: ReadonlySet<AuditEvent> = new Set(['token_issued', 'token_refreshed']);

/** Each request's stage, set as it enters (a WeakMap: an AsyncLocalStorage slows every promise on Node.js 20). */
const stages = new WeakMap<object, AuthFailureStage>();

/**
 * Marks each request with the stage its failed authentications count under, decided by its path:
 * the same `auth_failure` event comes from the bearer check and from the OAuth endpoints.
 */
export function markAuthStage(stageOfPath: (path: string) => AuthFailureStage): RequestHandler {
  return (req, _res, next) => {
    stages.set(req, stageOfPath(req.path));
    next();
  };
}

function countAuthFailure(event: AuditEvent, metrics: ServerMetrics, request: object | undefined): void {
  // An upstream login fails on the callback whatever path marked the request.
  const marked = request === undefined ? undefined : stages.get(request);
  const stage = event === 'login_failed' ? 'upstream_login' : (marked ?? 'token_endpoint');
  metrics.countAuthFailure(stage);
}

function countSuccess(event: AuditEvent, fields: AuditFields, metrics: ServerMetrics): void {
  if (event === 'token_issued') metrics.oauthTokensIssued.inc();
  else if (event === 'token_refreshed') metrics.oauthTokensRefreshed.inc();
  else if (event === 'client_registered') metrics.countRegistration('registered');
  // Revoking an unknown token succeeds too (RFC 7009); only a revoked one names whose it was.
  else if (event === 'token_revoked' && fields.userId !== undefined) {
    metrics.countTokenRevoked('revocation_endpoint');
  }
}

function countFailure(
  event: AuditEvent,
  metrics: ServerMetrics,
  limiter: RateLimiterName,
  request: object | undefined,
): void {
  if (event === 'rate_limit_exceeded') metrics.countRateLimitHit(limiter);
  if (event === 'client_registration_rejected') metrics.countRegistration('rejected');
  if (event === 'refresh_token_reuse_detected') metrics.oauthRefreshReuseDetected.inc();
  // A replayed code or refresh token takes the grant, and every token of it, down.
  if (event === 'refresh_token_reuse_detected' || event === 'authorization_code_reuse_detected') {
    metrics.countTokenRevoked('reuse_detected');
  }
  if (AUTHENTICATION_REFUSALS.has(event) || GRANTS.has(event)) countAuthFailure(event, metrics, request);
}

/**
 * The audit log, also counting each event in the metrics. `limiter`: the limit a `rate_limit_exceeded`
 * recorded through this log is counted under (each rate limiter is handed a log of its own).
 */
export function countingAudit(audit: AuditLog, metrics: ServerMetrics, limiter: RateLimiterName): AuditLog {
  return {
    keySource: audit.keySource,
    close: () => audit.close(),
    record(event, fields, request) {
      audit.record(event, fields, request);
      if (fields.outcome === 'success') countSuccess(event, fields, metrics);
      else countFailure(event, metrics, limiter, request);
    },
  };
}

import type { Request } from 'express';
import type { AuditEvent, AuditFields } from '../security/http.js';
import { AuthorizationPageError, ClientRedirectError, LoginFailedError } from './authorization-errors.js';
import { isOAuthError, type OAuthError } from './errors.js';
import type { OAuthContext } from './oauth-context.js';

/** Who an event concerns, as far as the endpoint knows; the IP is added from the request. */
export type EventFields = Omit<AuditFields, 'ip' | 'requestId'>;

/** Records a security event of this request, from the client IP the security layer determined. */
export function recordEvent(
  context: OAuthContext,
  req: Request,
  event: AuditEvent,
  fields: EventFields,
): void {
  context.audit.record(event, { ...fields, ip: context.clientIp(req) }, req);
}

/**
 * Records a refused request: as the security event the refusal says it is (a replayed code, a wrong
 * PKCE verifier...), else as `event` failed. The reason is the error's description, which never holds
 * a credential. Errors that are no refusal (a store outage) are not security events; errors of the
 * authorization flow are read for the refusal they carry.
 */
export function recordRefusal(
  context: OAuthContext,
  req: Request,
  event: AuditEvent,
  error: unknown,
  concerned: Pick<EventFields, 'clientId' | 'userId'> = {},
): void {
  const refusal = refusalOf(error);
  if (!refusal) return;
  const record = refusalRecord(event, refusal);
  recordEvent(context, req, record.event, { ...concerned, ...record.fields });
}

/**
 * What the audit log says of a refusal: the security event it is flagged as, else `event` failed; whom
 * it concerns when the refusing code knew; why, in the words of the error (never a credential).
 */
export function refusalRecord(
  event: AuditEvent,
  refusal: OAuthError,
): { readonly event: AuditEvent; readonly fields: EventFields } {
  const flagged = refusal.securityEvent;
  return {
    event: flagged?.event ?? event,
    fields: {
      outcome: 'failure',
      ...(flagged?.clientId === undefined ? {} : { clientId: flagged.clientId }),
      ...(flagged?.subject === undefined ? {} : { userId: flagged.subject }),
      reason: refusal.description,
    },
  };
}

/** `promise.catch(refusedAs(...))`: records the refusal, then lets it go on to the error handler. */
export function refusedAs(
  context: OAuthContext,
  req: Request,
  event: AuditEvent,
  concerned: Pick<EventFields, 'clientId' | 'userId'> = {},
): (error: unknown) => never {
  return (error) => {
    recordRefusal(context, req, event, error, concerned);
    throw error;
  };
}

function refusalOf(error: unknown): OAuthError | undefined {
  if (isOAuthError(error)) return error;
  const wrapsRefusal =
    error instanceof AuthorizationPageError ||
    error instanceof ClientRedirectError ||
    error instanceof LoginFailedError;
  return wrapsRefusal ? error.reason : undefined;
}

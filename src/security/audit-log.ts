import { createHmac } from 'node:crypto';
import { type DestinationStream, pino } from 'pino';
import { requestContextOf } from '../observability/index.js';
import { type AuditKey, resolveAuditKey } from './audit-key.js';

/** The security events: the reference server's names, plus consent, login and downstream fallback. */
export const AUDIT_EVENTS = [
  'token_issued',
  'token_refreshed',
  'token_revoked',
  'token_exchanged',
  'delegated_access',
  'authorization_flow_started',
  'authorization_code_issued',
  'authorization_code_reuse_detected',
  'refresh_token_reuse_detected',
  'refresh_token_retry_within_grace',
  'client_registered',
  'client_registration_rejected',
  'rate_limit_exceeded',
  'auth_failure',
  'invalid_pkce',
  'invalid_redirect',
  'resource_mismatch',
  'consent_granted',
  'consent_denied',
  'login_failed',
  'downstream_auth_fallback',
] as const;

export type AuditEvent = (typeof AUDIT_EVENTS)[number];

/**
 * Everything an audit line may say. There is deliberately no field for a token, code, secret, cookie or
 * email: identities go in as `userId` and `ip` and come out as keyed hashes.
 */
export interface AuditFields {
  readonly outcome: 'success' | 'failure';
  /** The OAuth client id (a public identifier). */
  readonly clientId?: string;
  /** Who acts for the user (RFC 8693 `act`): client ids, the most recent actor first. */
  readonly actor?: readonly string[];
  /** The user's stable identifier (the upstream subject); written only as its HMAC. */
  readonly userId?: string;
  /** The client IP as the security layer determined it; written only as its HMAC. */
  readonly ip?: string;
  /** Default: the id of the request being served. */
  readonly requestId?: string;
  /** Why, in a few words: never a credential or an email (both are redacted if they slip in). */
  readonly reason?: string;
}

export interface AuditLog {
  /** `request`: the HTTP request being served, whose id the line carries unless `fields` name one. */
  record(event: AuditEvent, fields: AuditFields, request?: object): void;
  /** Flushes and closes a file destination. */
  close(): Promise<void>;
  /** Whether identity hashes are stable across restarts and replicas ('random' means they are not). */
  readonly keySource: AuditKey['source'];
}

export interface AuditLogOptions {
  /** `--audit-log`: stdout, stderr, a file path (appended to, created 0600), or off. */
  readonly destination: string;
  /** `--audit-hmac-key` / AUDIT_HMAC_KEY. */
  readonly hmacKey?: string;
  /** The OAuth encryption key, from which a stable HMAC key is derived when no audit key is given. */
  readonly encryptionKey?: Buffer;
  /** Overrides `destination` (tests). */
  readonly stream?: DestinationStream;
  readonly now?: () => number;
}

const REDACTED = '[redacted]';
const MAX_REASON_LENGTH = 300;
const MAX_CLIENT_ID_LENGTH = 512;
const MAX_REQUEST_ID_LENGTH = 128;
const EMAIL = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[^\s@"'<>(),;:]+/g;
// Runs of token alphabet long enough to be a credential (our tokens are 43 chars, JWTs far longer).
const CREDENTIAL_LIKE = /[A-Za-z0-9_\-+/=.~]{24,}/g;

/** The net under the typed API: an email or credential pasted into free text never reaches the log. */
export function redactFreeText(text: string): string {
  return text.slice(0, MAX_REASON_LENGTH).replace(EMAIL, REDACTED).replace(CREDENTIAL_LIKE, REDACTED);
}

function redactClientId(clientId: string): string {
  return clientId.includes('@') ? REDACTED : clientId.slice(0, MAX_CLIENT_ID_LENGTH);
}

function openDestination(destination: string): { stream: DestinationStream; ownsFile: boolean } | undefined {
  if (destination === 'off') return undefined;
  if (destination === 'stdout') return { stream: pino.destination({ dest: 1, sync: true }), ownsFile: false };
  if (destination === 'stderr') return { stream: pino.destination({ dest: 2, sync: true }), ownsFile: false };
  // Synchronous: an audit line is on disk before the answer it describes leaves; a bad path fails start-up.
  const stream = pino.destination({ dest: destination, sync: true, mkdir: true, mode: 0o600 });
  return { stream, ownsFile: true };
}

const DISABLED: AuditLog = { record() {}, close: async () => {}, keySource: 'random' };

/**
 * The audit log: one JSON line per security event, through its own pino logger, apart from the
 * application log (a different destination, and never affected by `--log-level` or `--debug`).
 */
export function createAuditLog(options: AuditLogOptions): AuditLog {
  const opened = options.stream
    ? { stream: options.stream, ownsFile: false }
    : openDestination(options.destination);
  if (!opened) return DISABLED;
  const { key, source } = resolveAuditKey(options.hmacKey, options.encryptionKey);
  const now = options.now ?? Date.now;
  const hash = (kind: string, value: string) =>
    createHmac('sha256', key).update(`${kind}\0${value}`).digest('hex').slice(0, 32);
  const logger = pino(
    // No pid or hostname: the fields below, the time (from `now`) and the level as a word.
    {
      level: 'info',
      base: { name: 'audit' },
      timestamp: () => `,"time":"${new Date(now()).toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
    },
    opened.stream,
  );
  return {
    keySource: source,
    record(event, fields, request) {
      const requestId = fields.requestId ?? requestContextOf(request)?.requestId;
      logger.info({
        event: AUDIT_EVENTS.includes(event) ? event : 'unknown_event',
        outcome: fields.outcome === 'success' ? 'success' : 'failure',
        ...(fields.clientId !== undefined ? { clientId: redactClientId(fields.clientId) } : {}),
        ...(fields.actor !== undefined ? { actor: fields.actor.map(redactClientId) } : {}),
        ...(fields.userId !== undefined ? { userHash: hash('user', fields.userId) } : {}),
        ...(fields.ip !== undefined ? { ipHash: hash('ip', fields.ip) } : {}),
        ...(requestId !== undefined ? { requestId: requestId.slice(0, MAX_REQUEST_ID_LENGTH) } : {}),
        ...(fields.reason !== undefined ? { reason: redactFreeText(fields.reason) } : {}),
      });
    },
    close: () =>
      new Promise((resolve) => {
        if (!opened.ownsFile) return resolve();
        const stream = opened.stream as ReturnType<typeof pino.destination>;
        stream.once('close', () => resolve());
        stream.end();
      }),
  };
}

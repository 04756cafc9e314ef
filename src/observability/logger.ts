import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { humanLogStream } from './human-log-stream.js';
import { currentRequest } from './request-context.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface LoggerSettings {
  logLevel: LogLevel;
  /** --debug: the same as --log-level=debug. */
  debug: boolean;
}

// Field names that hold credentials wherever they appear in a logged object. Code never means to log
// them (the rule is: hash, do not log); this list is the net under that rule.
const SECRET_FIELDS = [
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'set-cookie',
  'proxy-authorization',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'idToken',
  'id_token',
  'bearerToken',
  'registrationToken',
  'clientSecret',
  'client_secret',
  'code_verifier',
  'codeVerifier',
  'password',
  'secret',
  'encryptionKey',
];

function fieldPath(prefix: string, field: string): string {
  const accessor = /^[A-Za-z_$][\w$]*$/.test(field) ? `.${field}` : `["${field}"]`;
  return prefix === '' ? accessor.replace(/^\./, '') : `${prefix}${accessor}`;
}

/** The field at the top level and up to three levels down (`req.headers.authorization`). */
export const REDACTED_PATHS = SECRET_FIELDS.flatMap((field) =>
  ['', '*', '*.*', '*.*.*'].map((prefix) => fieldPath(prefix, field)),
);

export const REDACTED = '[redacted]';

function baseOptions(level: string): LoggerOptions {
  return {
    name: 'mcp-kubernetes',
    level,
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    // Every line written while a request is served names it, whichever logger writes it.
    mixin: () => {
      const request = currentRequest();
      return request ? { requestId: request.requestId } : {};
    },
  };
}

export function effectiveLevel(settings: LoggerSettings): LogLevel {
  return settings.debug ? 'debug' : settings.logLevel;
}

/** A logger writing JSON lines to `destination` (tests capture them this way). */
export function createLogger(settings: LoggerSettings, destination: DestinationStream): Logger {
  return pino(baseOptions(effectiveLevel(settings)), destination);
}

/**
 * The server's logger. Logs go to stderr: over stdio, stdout carries the protocol and nothing else.
 * JSON lines for log collectors; a compact human format when stderr is a terminal.
 */
export function createStderrLogger(settings: LoggerSettings): Logger {
  const destination = process.stderr.isTTY
    ? humanLogStream(process.stderr)
    : pino.destination({ dest: 2, sync: true });
  return createLogger(settings, destination);
}

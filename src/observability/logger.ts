import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { humanLogStream } from './human-log-stream.js';
import { redactSecretFields } from './log-redaction.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface LoggerSettings {
  logLevel: LogLevel;
  /** --debug: the same as --log-level=debug. */
  debug: boolean;
}

function baseOptions(level: string): LoggerOptions {
  return {
    name: 'mcp-kubernetes',
    level,
    formatters: { log: redactSecretFields },
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

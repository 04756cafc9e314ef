import type { Logger } from 'pino';
import { createStderrLogger } from '../observability/logger.js';
import type { ServerConfig } from '../settings/server-config.js';

/** Logs go to stderr: over stdio, stdout carries the protocol and nothing else. */
export function createServerLogger(config: Pick<ServerConfig, 'logLevel' | 'debug'>): Logger {
  return createStderrLogger(config);
}

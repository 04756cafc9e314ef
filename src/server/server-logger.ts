import type { Logger } from 'pino';
import type { ServerConfig } from '../config/server-config.js';
import { createStderrLogger } from '../observability/logger.js';

/** Logs go to stderr: over stdio, stdout carries the protocol and nothing else. */
export function createServerLogger(config: Pick<ServerConfig, 'logLevel' | 'debug'>): Logger {
  return createStderrLogger(config);
}

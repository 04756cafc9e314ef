import type { Logger } from 'pino';
import { createStderrLogger } from '../observability/index.js';
import type { ServerConfig } from '../settings/index.js';

/** Logs go to stderr: over stdio, stdout carries the protocol and nothing else. */
export function createServerLogger(config: Pick<ServerConfig, 'logLevel' | 'debug'>): Logger {
  return createStderrLogger(config);
}

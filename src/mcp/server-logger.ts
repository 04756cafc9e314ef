import { type Logger, pino } from 'pino';
import type { ServerConfig } from '../config/server-config.js';

/** Logs go to stderr: over stdio, stdout carries the protocol and nothing else. */
export function createServerLogger(config: Pick<ServerConfig, 'logLevel' | 'debug'>): Logger {
  const level = config.debug ? 'debug' : config.logLevel;
  return pino({ name: 'mcp-kubernetes', level }, pino.destination({ dest: 2, sync: true }));
}

import { ConfigError } from './config-error.js';
import { type ServerConfig, type ServerConfigInput, serverConfigSchema } from './server-config.js';

/** Validates settings from any source (flags, environment, code); throws ConfigError. */
export function parseServerConfig(input: ServerConfigInput = {}): ServerConfig {
  const result = serverConfigSchema.safeParse(input);
  if (!result.success) throw ConfigError.fromZod(result.error);
  return result.data;
}

import {
  ConfigError,
  downstreamOAuthProblems,
  downstreamOAuthWarnings,
  httpExposureProblem,
  PARSED_ONCE,
} from '../config/index.js';
import { type OAuthSettings, OAuthSettingsError, resolveOAuthSettings } from '../oauth/index.js';
import { securitySettingsProblems } from '../security/index.js';
import { resolveStorageSettings, StorageSettingsError } from '../storage/index.js';
import { type ServerConfig, type ServerConfigInput, serverConfigSchema } from './server-config.js';

function resolveOAuth(input: ServerConfigInput['oauth'], env: NodeJS.ProcessEnv) {
  try {
    return resolveOAuthSettings(input ?? {}, env);
  } catch (error) {
    if (error instanceof OAuthSettingsError) throw new ConfigError(error.problems);
    throw error;
  }
}

function resolveStorage(
  input: ServerConfigInput['storage'],
  env: NodeJS.ProcessEnv,
  oauth: OAuthSettings | undefined,
) {
  if (!oauth) return { settings: undefined, warnings: [] };
  try {
    return resolveStorageSettings(input ?? {}, env, {
      encryptionKeyConfigured: oauth.encryptionKey !== undefined,
    });
  } catch (error) {
    if (error instanceof StorageSettingsError) throw new ConfigError(error.problems);
    throw error;
  }
}

/** Validates settings from any source (flags, environment, code); throws ConfigError. */
export function parseServerConfig(
  input: ServerConfigInput = {},
  env: NodeJS.ProcessEnv = process.env,
): ServerConfig {
  const result = serverConfigSchema.safeParse(input, PARSED_ONCE);
  if (!result.success) throw ConfigError.fromZod(result.error);
  const oauth = resolveOAuth(result.data.oauth, env);
  const problems: string[] = [];
  const exposure = httpExposureProblem(result.data, oauth.settings !== undefined);
  if (exposure) problems.push(exposure);
  if (oauth.settings && result.data.transport === 'stdio') {
    problems.push(
      '--enable-oauth protects the HTTP transports: use it with --transport=streamable-http or sse',
    );
  }
  problems.push(...downstreamOAuthProblems(result.data, oauth.settings !== undefined));
  problems.push(...securitySettingsProblems(result.data, result.data));
  if (problems.length > 0) throw new ConfigError(problems);
  const storage = resolveStorage(result.data.storage, env, oauth.settings);
  const warnings = [...oauth.warnings, ...storage.warnings, ...downstreamOAuthWarnings(result.data)];
  return { ...result.data, oauth: oauth.settings, storage: storage.settings, warnings };
}

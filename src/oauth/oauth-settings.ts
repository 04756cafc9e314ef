import { parseSettings } from '../config/index.js';
import { type OAuthOptionKey, oauthFlags, oauthOptionsSchema, type RawOAuthOptions } from './oauth-flags.js';
import { OAuthSettingsResolver } from './oauth-settings-resolver.js';
import type { OAuthSettingsResolution } from './resolved-oauth-settings.js';

export {
  GOOGLE_DEFAULT_SCOPES,
  OAUTH_PROVIDERS,
  type OAuthOptionKey,
  type OAuthOptions,
  OIDC_DEFAULT_SCOPES,
  oauthFlags,
  oauthOptionsSchema,
  oauthSettingDeclarations,
  type RawOAuthOptions,
} from './oauth-flags.js';
export type {
  GoogleUpstreamSettings,
  OAuthSettings,
  OAuthSettingsResolution,
  OidcUpstreamSettings,
} from './resolved-oauth-settings.js';

/** Settings that do not fit; each problem names its flag and says what to do. */
export class OAuthSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'OAuthSettingsError';
  }
}

/**
 * Resolves the OAuth settings from flag values (`raw`, keys in camelCase, as the command line gave them)
 * and the environment: a flag wins over its variable, a secret's `--x-file` over nothing. Throws
 * OAuthSettingsError listing every problem. Reads secret files; never puts a secret in a message.
 */
export function resolveOAuthSettings(
  raw: RawOAuthOptions,
  env: Readonly<Record<string, string | undefined>>,
): OAuthSettingsResolution {
  const options = parseSettings(oauthOptionsSchema, oauthFlags, raw, env, OAuthSettingsError);
  const warnings: string[] = [];
  if (!options.enableOauth) return { settings: undefined, warnings };
  const givenOnCommandLine = (key: OAuthOptionKey) => raw[key] !== undefined;
  const report = { problems: [], warnings };
  const settings = new OAuthSettingsResolver(options, givenOnCommandLine, report).settings();
  if (report.problems.length > 0) throw new OAuthSettingsError(report.problems);
  return { settings, warnings };
}

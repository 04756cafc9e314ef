import * as z from 'zod';
import { type SettingFlag, serverSettings, settingFlags } from '../config/index.js';
import { type OAuthSettings, oauthFlags, type RawOAuthOptions } from '../oauth/index.js';
import { securitySettings } from '../security/index.js';
import { type RawStorageOptions, type StorageSettings, storageFlags } from '../storage/index.js';

/**
 * The settings the configuration schema parses as they come: the CLI hands their flags to commander,
 * which applies their environment variables and defaults.
 */
export const directSettings = { ...serverSettings, ...securitySettings };

/** Every flag of `serve` the schema parses as it comes, in `--help` order. */
export const directFlags: readonly SettingFlag[] = settingFlags(directSettings);

/**
 * The flags of the groups that read the environment themselves (OAuth, token store): they need to know
 * which values the command line gave, since a secret there earns a warning.
 */
export const groupFlags = { oauth: oauthFlags, storage: storageFlags } as const;

// A group's flags, as given (command line or code); the group's own schema resolves them with the
// environment, because secrets may come from variables or files.
const rawGroup = <T>(what: string) =>
  z.custom<T>(
    (value) => value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value)),
    { message: `takes the ${what} settings as an object` },
  );

export const serverConfigSchema = z.strictObject({
  ...directSettings,
  oauth: rawGroup<RawOAuthOptions>('OAuth').optional(),
  storage: rawGroup<RawStorageOptions>('token store').optional(),
});

/**
 * The parsed configuration: durations in milliseconds, sizes in bytes, lists as arrays, and the
 * OAuth settings resolved (undefined when OAuth is off).
 */
export type ServerConfig = Omit<z.output<typeof serverConfigSchema>, 'oauth' | 'storage'> & {
  oauth: OAuthSettings | undefined;
  /** Where the OAuth server keeps its records; undefined when OAuth is off. */
  storage: StorageSettings | undefined;
  /** Start-up warnings about insecure or unusual choices, for the log. */
  warnings: string[];
};
/** What a caller may write: every setting optional, durations as `30m` or milliseconds. */
export type ServerConfigInput = z.input<typeof serverConfigSchema>;

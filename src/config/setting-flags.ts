import * as z from 'zod';
import { defaultEnvName, flagName } from './flag-name.js';
import { PARSED_ONCE } from './parse-once.js';
import { settingMeta } from './setting.js';

/** One setting as the command line, the environment and the docs see it. */
export interface SettingFlag {
  /** The setting's key in camelCase: the key of its value in the raw options and the schema. */
  key: string;
  /** `--enable-oauth` */
  name: string;
  /** The environment variable read when the flag is not given; undefined for none. */
  env?: string;
  /** The default as `--help` shows it. */
  default?: string;
  help: string;
  kind: 'boolean' | 'value' | 'list';
  /** The value's name in `--help`, e.g. `url`. */
  placeholder?: string;
  secret: boolean;
}

export type Settings = Record<string, z.ZodType>;

/** Every flag of a group of settings, in `--help` order. */
export function settingFlags(settings: Settings): SettingFlag[] {
  return Object.entries(settings).map(([key, schema]) => {
    const meta = settingMeta.get(schema);
    if (!meta) throw new Error(`setting ${key} has no description`);
    const env = meta.env === false ? undefined : (meta.env ?? defaultEnvName(key));
    return {
      key,
      name: flagName(key),
      ...(env ? { env } : {}),
      ...(meta.defaultText ? { default: meta.defaultText } : {}),
      help: meta.description,
      kind: meta.kind,
      ...(meta.placeholder ? { placeholder: meta.placeholder } : {}),
      secret: meta.secret ?? false,
    };
  });
}

/** The flag of one setting of a group, found by its key. */
export function flagOf(flags: readonly SettingFlag[], key: string): SettingFlag {
  const flag = flags.find((candidate) => candidate.key === key);
  if (!flag) throw new Error(`no setting ${key}`);
  return flag;
}

/** A group's values, each parsed on its own; checking how they fit together is the group's business. */
export function settingsSchema<S extends Settings>(settings: S) {
  return z.strictObject(settings);
}

/**
 * Parses a group's values as the command line gave them (`raw`, keys in camelCase) merged with the
 * environment: a flag wins over its variable, a blank variable counts as unset. Throws `SettingsError`
 * with one problem per wrong value, each naming its flag. For groups that must know which values the
 * command line gave (a secret there earns a warning), so the CLI leaves the environment to them.
 */
export function parseSettings<S extends z.ZodType>(
  schema: S,
  flags: readonly SettingFlag[],
  raw: Readonly<Partial<Record<string, unknown>>>,
  env: Readonly<Record<string, string | undefined>>,
  SettingsError: new (problems: string[]) => Error,
): z.output<S> {
  const merged = Object.fromEntries(
    flags
      .map((flag) => [
        flag.key,
        raw[flag.key] ?? nonEmpty(flag.env === undefined ? undefined : env[flag.env]),
      ])
      .filter(([, value]) => value !== undefined),
  );
  const parsed = schema.safeParse(merged, PARSED_ONCE);
  if (parsed.success) return parsed.data;
  throw new SettingsError(
    parsed.error.issues.map((issue) => {
      const key = issue.path[0];
      return typeof key === 'string' ? `${flagName(key)} ${issue.message}` : issue.message;
    }),
  );
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

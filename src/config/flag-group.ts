import * as z from 'zod';
import { defaultEnvName, flagName } from './flag-name.js';
import { PARSED_ONCE } from './parse-once.js';

/** What the CLI, the environment and the docs need to know about one flag of a group. */
export interface GroupFlag<Key extends string> {
  /** The option's key in camelCase: the key of its value in the group's raw options and schema. */
  key: Key;
  /** `--enable-oauth` */
  name: string;
  /** The environment variable read when the flag is not given. */
  env: string;
  /** The default as `--help` shows it. */
  default?: string;
  help: string;
  /** A switch, one value, or a comma-separated list. */
  kind: 'boolean' | 'value' | 'list';
  /** The value's name in `--help`, e.g. `url`. */
  placeholder?: string;
  /** Never printed; better given by environment variable or file than on the command line. */
  secret: boolean;
}

export type FlagDetails = Omit<GroupFlag<string>, 'key' | 'name' | 'env' | 'secret'> & {
  env?: string;
  secret?: boolean;
};

/** One option of a group: how its value parses, and how it shows as a flag. */
export interface OptionSpec<S extends z.ZodType> {
  schema: S;
  flag: FlagDetails;
}

type OptionSpecs = Record<string, OptionSpec<z.ZodType>>;

export function booleanOption(help: string, defaultValue = false): OptionSpec<z.ZodType<boolean>> {
  const schema = z
    .union([z.boolean(), z.string()], { error: 'takes true or false' })
    .transform((value, context) => {
      if (typeof value === 'boolean') return value;
      const text = value.trim().toLowerCase();
      if (['true', '1', 'yes'].includes(text)) return true;
      if (['false', '0', 'no', ''].includes(text)) return false;
      context.addIssue({ code: 'custom', message: `takes true or false, got ${JSON.stringify(value)}` });
      return z.NEVER;
    })
    .default(defaultValue);
  return { schema, flag: { help, kind: 'boolean', default: String(defaultValue) } };
}

export function textOption(
  placeholder: string,
  help: string,
  env?: string,
): OptionSpec<z.ZodType<string | undefined>> {
  const schema = z
    .string({ error: 'takes a text value' })
    .trim()
    .min(1, 'takes a non-empty value')
    .optional();
  return { schema, flag: { help, kind: 'value', placeholder, ...(env ? { env } : {}) } };
}

/** Never echoed: its schema's messages do not hold the value. */
export function secretOption(help: string, env: string): OptionSpec<z.ZodType<string | undefined>> {
  const spec = textOption('secret', help, env);
  return { ...spec, flag: { ...spec.flag, secret: true } };
}

const LIST_SEPARATOR = /[\s,]+/;

export function listOption(
  placeholder: string,
  help: string,
  defaultText?: string,
): OptionSpec<z.ZodType<string[]>> {
  const schema = z
    .union([z.string(), z.array(z.string())], { error: 'takes a comma-separated list' })
    .transform((value) =>
      (typeof value === 'string' ? value.split(LIST_SEPARATOR) : value)
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .default([]);
  return {
    schema,
    flag: { help, kind: 'list', placeholder, ...(defaultText ? { default: defaultText } : {}) },
  };
}

export function choiceOption<const C extends string>(
  choices: readonly [C, ...C[]],
  defaultValue: C,
  help: string,
): OptionSpec<z.ZodType<C>> {
  const schema = z
    .enum(choices, {
      error: (issue) => `takes one of ${choices.join(', ')}, got ${JSON.stringify(issue.input)}`,
    })
    .default(defaultValue as never);
  return { schema, flag: { help, kind: 'value', placeholder: choices.join('|'), default: defaultValue } };
}

/** A whole number from `min` to `max`, given as a number or as text; without a default. */
export function wholeNumberSchema(min: number, max: number) {
  const wanted = `takes a whole number from ${min} to ${max}`;
  return z.union([z.number(), z.string()], { error: wanted }).transform((raw, context) => {
    const value = typeof raw === 'number' ? raw : raw.trim() === '' ? Number.NaN : Number(raw);
    if (Number.isInteger(value) && value >= min && value <= max) return value;
    context.addIssue({ code: 'custom', message: `${wanted}, got ${JSON.stringify(raw)}` });
    return z.NEVER;
  });
}

export function integerOption(
  defaultValue: number,
  min: number,
  max: number,
  help: string,
): OptionSpec<z.ZodType<number>> {
  const schema = wholeNumberSchema(min, max).default(defaultValue);
  return { schema, flag: { help, kind: 'value', placeholder: 'n', default: String(defaultValue) } };
}

/** Every flag of a group in `--help` order; a flag without its own variable reads MCP_KUBERNETES_<FLAG>. */
export function flagTable<O extends OptionSpecs>(options: O): readonly GroupFlag<keyof O & string>[] {
  return Object.entries(options).map(([key, { flag }]) => {
    const name = flagName(key);
    return {
      ...flag,
      key,
      name,
      env: flag.env ?? defaultEnvName(key),
      secret: flag.secret ?? false,
    };
  });
}

/** The group's values, each parsed on its own; checking how they fit together is the group's business. */
export function optionsSchema<O extends OptionSpecs>(options: O) {
  const shape = Object.fromEntries(Object.entries(options).map(([key, spec]) => [key, spec.schema]));
  return z.strictObject(shape as { [K in keyof O]: O[K]['schema'] });
}

/**
 * Parses the group's flag values (`raw`, keys in camelCase, as the command line gave them) merged with the
 * environment: a flag wins over its variable, a blank variable counts as unset. Throws `SettingsError`
 * with one problem per wrong value, each naming its flag.
 */
export function parseFlagValues<S extends z.ZodType>(
  schema: S,
  flags: readonly GroupFlag<string>[],
  raw: Readonly<Partial<Record<string, unknown>>>,
  env: Readonly<Record<string, string | undefined>>,
  SettingsError: new (problems: string[]) => Error,
): z.output<S> {
  const merged = Object.fromEntries(
    flags
      .map((flag) => [flag.key, raw[flag.key] ?? nonEmpty(env[flag.env])])
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

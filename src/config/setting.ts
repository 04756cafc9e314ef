import * as z from 'zod';
import { formatByteSize, parseByteSize } from './byte-size.js';
import { formatDuration, parseDuration } from './duration.js';

/**
 * What the CLI, the environment and the docs need to know about one setting. A setting is a zod
 * schema registered with this: the schema parses the value, the metadata makes the flag.
 */
export interface SettingMeta {
  description: string;
  /** How the command line takes it: a boolean flag, one value, or a comma-separated list. */
  kind: 'boolean' | 'value' | 'list';
  /** The value's name in `--help`, e.g. `<duration>`. */
  placeholder?: string;
  /** The default as `--help` shows it, when it has one. */
  defaultText?: string;
  /** The environment variable; when absent, MCP_KUBERNETES_<FLAG>; false for none. */
  env?: string | false;
  /** Never printed; better given by environment variable or file than on the command line. */
  secret?: boolean;
}

export const settingMeta = z.registry<SettingMeta>();

type Described = Omit<SettingMeta, 'kind' | 'defaultText' | 'secret'>;

/** Declares a setting whose schema none of the builders below fits. */
export function setting<S extends z.ZodType>(schema: S, meta: SettingMeta): S {
  settingMeta.add(schema as z.ZodType, meta);
  return schema;
}

function numberFrom(value: string | number): number {
  return typeof value === 'number' ? value : Number(value.trim() === '' ? Number.NaN : value);
}

/** `true`/`false` in code; `true`, `1`, `yes`, `false`, `0`, `no` from the environment. */
export function booleanSetting(defaultValue: boolean, meta: Described) {
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
  return setting(schema, { ...meta, kind: 'boolean', defaultText: String(defaultValue) });
}

export function choiceSetting<const Choice extends string>(
  choices: readonly [Choice, ...Choice[]],
  defaultValue: Choice,
  meta: Described,
) {
  const schema = z
    .enum(choices, {
      error: (issue) => `takes one of ${choices.join(', ')}, got ${JSON.stringify(issue.input)}`,
    })
    .default(defaultValue as never);
  return setting(schema, { ...meta, kind: 'value', defaultText: defaultValue });
}

function text() {
  return z.string({ error: 'takes a text value' }).trim().min(1, 'takes a non-empty value');
}

export function textSetting(meta: Described) {
  return setting(text().optional(), { ...meta, kind: 'value' });
}

/** A secret given by flag or by `env`; its messages never hold the value. */
export function secretSetting(meta: Omit<Described, 'env' | 'placeholder'> & { env: string }) {
  return setting(text().optional(), { ...meta, kind: 'value', placeholder: 'secret', secret: true });
}

/**
 * A secret (`--key`, read from `env`) and the flag naming a file that holds it (`--key-file`, read from
 * `<env>_FILE`), which keeps the secret out of the command line and the environment. `readSecret` takes
 * them together.
 */
export function secretWithFileSettings<const Key extends string>(
  key: Key,
  meta: { description: string; env: string; fileDescription: string },
) {
  const file = textSetting({
    description: meta.fileDescription,
    placeholder: 'path',
    env: `${meta.env}_FILE`,
  });
  const secret = secretSetting({ description: meta.description, env: meta.env });
  return { [key]: secret, [`${key}File`]: file } as { [K in Key]: typeof secret } & {
    [K in `${Key}File`]: typeof file;
  };
}

/** A trimmed text value that `check` accepts, or gets the problem it names. */
function checkedText(check: (value: string) => string | undefined) {
  return z
    .string({ error: 'takes a text value' })
    .trim()
    .superRefine((value, context) => {
      const problem = check(value);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    });
}

/** A text value with a default, checked by `check`, which returns why a value is wrong. */
export function checkedTextSetting(
  defaultValue: string,
  check: (value: string) => string | undefined,
  meta: Described,
) {
  return setting(checkedText(check).default(defaultValue), {
    ...meta,
    kind: 'value',
    defaultText: defaultValue,
  });
}

/** An optional checked text value; `whenAbsent` says in --help what happens without it. */
export function optionalCheckedTextSetting(
  whenAbsent: string,
  check: (value: string) => string | undefined,
  meta: Described,
) {
  return setting(checkedText(check).optional(), { ...meta, kind: 'value', defaultText: whenAbsent });
}

/** Commas only: what a list flag takes unless it says otherwise. */
export const COMMAS = ',';
/** Commas or whitespace, as scopes and domains are often written (`openid email`). */
export const COMMAS_OR_WHITESPACE = /[\s,]+/;

interface ListOptions {
  /** Why an item is wrong, or undefined. */
  check?: (item: string) => string | undefined;
  separator?: string | RegExp;
  /** What --help says the list holds when none is given. */
  whenAbsent?: string;
}

/** A separated list on the command line, an array in code. */
export function listSetting(meta: Described, options: ListOptions = {}) {
  const { check = () => undefined, separator = COMMAS, whenAbsent } = options;
  const schema = z
    .union([z.string(), z.array(z.string())], { error: 'takes a comma-separated list' })
    .transform((value) =>
      (typeof value === 'string' ? value.split(separator) : value).map((item) => item.trim()).filter(Boolean),
    )
    .superRefine((items, context) => {
      for (const problem of items.map(check).filter(Boolean)) {
        context.addIssue({ code: 'custom', message: String(problem) });
      }
    })
    .default([]);
  return setting(schema, { ...meta, kind: 'list', ...(whenAbsent ? { defaultText: whenAbsent } : {}) });
}

interface NumberRange {
  min: number;
  max: number;
  integer: boolean;
}

function numberSchema(range: NumberRange) {
  const wanted = `${range.integer ? 'a whole number' : 'a number'} from ${range.min} to ${range.max}`;
  return z.union([z.number(), z.string()], { error: `takes ${wanted}` }).transform((raw, context) => {
    const value = numberFrom(raw);
    const fits = value >= range.min && value <= range.max && (!range.integer || Number.isInteger(value));
    if (fits) return value;
    context.addIssue({ code: 'custom', message: `takes ${wanted}, got ${JSON.stringify(raw)}` });
    return z.NEVER;
  });
}

export function numberSetting(defaultValue: number, range: NumberRange, meta: Described) {
  return setting(numberSchema(range).default(defaultValue), {
    ...meta,
    kind: 'value',
    defaultText: String(defaultValue),
  });
}

/** A number that may stay unset; `whenAbsent` says in --help what that means. */
export function optionalNumberSetting(whenAbsent: string, range: NumberRange, meta: Described) {
  return setting(numberSchema(range).optional(), { ...meta, kind: 'value', defaultText: whenAbsent });
}

/** Milliseconds in code, a duration (`30m`, `90d`) as text; `accepts` says whether it is in range. */
function durationSchema(wanted: string, accepts: (ms: number) => boolean) {
  return z.union([z.number(), z.string()], { error: wanted }).transform((raw, context) => {
    const ms = typeof raw === 'number' ? raw : parseDuration(raw);
    if (ms !== undefined && accepts(ms)) return ms;
    context.addIssue({ code: 'custom', message: `${wanted}, got ${JSON.stringify(raw)}` });
    return z.NEVER;
  });
}

/** `30m`, `90s`, `1h30m` on the command line; milliseconds in code. Parses to milliseconds. */
export function durationSetting(defaultMs: number, minMs: number, meta: Described) {
  const wanted = `takes a duration of at least ${formatDuration(minMs)} such as 90s, 30m or 1h`;
  return setting(durationSchema(wanted, (ms) => ms >= minMs).default(defaultMs), {
    ...meta,
    kind: 'value',
    placeholder: 'duration',
    defaultText: formatDuration(defaultMs),
  });
}

const DAY_MS = 86_400_000;

/** A token's lifetime: a duration in a range counted in days (`90d`), its default as people write it. */
export function lifetimeSetting(defaultText: string, range: { min: number; max: number }, meta: Described) {
  const maxText = range.max >= DAY_MS ? `${range.max / DAY_MS}d` : `${range.max / 1000}s`;
  const wanted = `takes a duration such as 30m, 1h or 90d, from ${range.min / 1000}s to ${maxText}`;
  const schema = durationSchema(wanted, (ms) => ms >= range.min && ms <= range.max);
  return setting(schema.default(parseDuration(defaultText) as number), {
    ...meta,
    kind: 'value',
    placeholder: 'duration',
    defaultText,
  });
}

/** `65536`, `64KiB`, `4MiB` on the command line; bytes in code. Parses to bytes. */
export function byteSizeSetting(defaultBytes: number, range: { min: number; max: number }, meta: Described) {
  const wanted = `a size from ${formatByteSize(range.min)} to ${formatByteSize(range.max)} such as 65536 or 64KiB`;
  const schema = z
    .union([z.number(), z.string()], { error: `takes ${wanted}` })
    .transform((raw, context) => {
      const bytes = typeof raw === 'number' ? raw : parseByteSize(raw);
      if (bytes !== undefined && Number.isInteger(bytes) && bytes >= range.min && bytes <= range.max)
        return bytes;
      context.addIssue({ code: 'custom', message: `takes ${wanted}, got ${JSON.stringify(raw)}` });
      return z.NEVER;
    })
    .default(defaultBytes);
  return setting(schema, {
    ...meta,
    kind: 'value',
    placeholder: 'size',
    defaultText: formatByteSize(defaultBytes).replace(' ', ''),
  });
}

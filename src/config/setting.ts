import * as z from 'zod';
import { formatByteSize, parseByteSize } from './byte-size.js';
import { formatDuration, parseDuration } from './duration.js';

/** What the CLI, the environment and the docs need to know about one setting. */
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
}

export const settingMeta = z.registry<SettingMeta>();

type Described = Omit<SettingMeta, 'kind' | 'defaultText'>;

function numberFrom(value: string | number): number {
  return typeof value === 'number' ? value : Number(value.trim() === '' ? Number.NaN : value);
}

export function booleanSetting(defaultValue: boolean, meta: Described) {
  return z
    .boolean({ error: 'takes true or false' })
    .default(defaultValue)
    .register(settingMeta, { ...meta, kind: 'boolean', defaultText: String(defaultValue) });
}

export function choiceSetting<const Choice extends string>(
  choices: readonly [Choice, ...Choice[]],
  defaultValue: Choice,
  meta: Described,
) {
  return z
    .enum(choices, {
      error: (issue) => `takes one of ${choices.join(', ')}, got ${JSON.stringify(issue.input)}`,
    })
    .default(defaultValue as never)
    .register(settingMeta, { ...meta, kind: 'value', defaultText: defaultValue });
}

export function textSetting(meta: Described) {
  return z
    .string({ error: 'takes a text value' })
    .trim()
    .min(1, 'takes a non-empty value')
    .optional()
    .register(settingMeta, { ...meta, kind: 'value' });
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
  return checkedText(check)
    .default(defaultValue)
    .register(settingMeta, { ...meta, kind: 'value', defaultText: defaultValue });
}

/** An optional checked text value; `whenAbsent` says in --help what happens without it. */
export function optionalCheckedTextSetting(
  whenAbsent: string,
  check: (value: string) => string | undefined,
  meta: Described,
) {
  return checkedText(check)
    .optional()
    .register(settingMeta, { ...meta, kind: 'value', defaultText: whenAbsent });
}

/** A comma-separated list on the command line, an array in code; `check` says why an item is wrong. */
export function listSetting(meta: Described, check: (item: string) => string | undefined = () => undefined) {
  return z
    .union([z.string(), z.array(z.string())], { error: 'takes a comma-separated list' })
    .transform((value) =>
      (typeof value === 'string' ? value.split(',') : value).map((item) => item.trim()).filter(Boolean),
    )
    .superRefine((items, context) => {
      for (const problem of items.map(check).filter(Boolean)) {
        context.addIssue({ code: 'custom', message: String(problem) });
      }
    })
    .default([])
    .register(settingMeta, { ...meta, kind: 'list' });
}

export function numberSetting(
  defaultValue: number,
  range: { min: number; max: number; integer: boolean },
  meta: Described,
) {
  const wanted = `${range.integer ? 'a whole number' : 'a number'} from ${range.min} to ${range.max}`;
  return z
    .union([z.number(), z.string()], { error: `takes ${wanted}` })
    .transform((raw, context) => {
      const value = numberFrom(raw);
      const fits = value >= range.min && value <= range.max && (!range.integer || Number.isInteger(value));
      if (fits) return value;
      context.addIssue({ code: 'custom', message: `takes ${wanted}, got ${JSON.stringify(raw)}` });
      return z.NEVER;
    })
    .default(defaultValue)
    .register(settingMeta, { ...meta, kind: 'value', defaultText: String(defaultValue) });
}

/** `30m`, `90s`, `1h30m` on the command line; milliseconds in code. Parses to milliseconds. */
export function durationSetting(defaultMs: number, minMs: number, meta: Described) {
  const wanted = `a duration of at least ${formatDuration(minMs)} such as 90s, 30m or 1h`;
  return z
    .union([z.number(), z.string()], { error: `takes ${wanted}` })
    .transform((raw, context) => {
      const ms = typeof raw === 'number' ? raw : parseDuration(raw);
      if (ms !== undefined && ms >= minMs) return ms;
      context.addIssue({ code: 'custom', message: `takes ${wanted}, got ${JSON.stringify(raw)}` });
      return z.NEVER;
    })
    .default(defaultMs)
    .register(settingMeta, {
      ...meta,
      kind: 'value',
      placeholder: 'duration',
      defaultText: formatDuration(defaultMs),
    });
}

/** `65536`, `64KiB`, `4MiB` on the command line; bytes in code. Parses to bytes. */
export function byteSizeSetting(defaultBytes: number, range: { min: number; max: number }, meta: Described) {
  const wanted = `a size from ${formatByteSize(range.min)} to ${formatByteSize(range.max)} such as 65536 or 64KiB`;
  return z
    .union([z.number(), z.string()], { error: `takes ${wanted}` })
    .transform((raw, context) => {
      const bytes = typeof raw === 'number' ? raw : parseByteSize(raw);
      if (bytes !== undefined && Number.isInteger(bytes) && bytes >= range.min && bytes <= range.max)
        return bytes;
      context.addIssue({ code: 'custom', message: `takes ${wanted}, got ${JSON.stringify(raw)}` });
      return z.NEVER;
    })
    .default(defaultBytes)
    .register(settingMeta, {
      ...meta,
      kind: 'value',
      placeholder: 'size',
      defaultText: formatByteSize(defaultBytes).replace(' ', ''),
    });
}

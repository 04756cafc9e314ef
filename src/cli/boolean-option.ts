import { type Command, InvalidArgumentError, Option } from 'commander';

const TRUE_WORDS = new Set(['true', '1', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'no']);

export function parseBoolean(flag: string) {
  // The preset (a bare `--flag`) arrives as a boolean already.
  return (value: string | boolean): boolean => {
    if (typeof value === 'boolean') return value;
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    throw new InvalidArgumentError(`${flag} takes true or false, got "${value}"`);
  };
}

export interface BooleanOptionSpec {
  name: string;
  description: string;
  defaultValue: boolean;
  env?: string;
}

/**
 * Adds a boolean flag that accepts `--name`, `--name=true|false` and `--no-name`, as the
 * reference server's command lines use `--flag=true` and commander alone rejects `=false`.
 */
export function addBooleanOption(command: Command, spec: BooleanOptionSpec): Command {
  const flag = `--${spec.name}`;
  const positive = new Option(`${flag} [bool]`, spec.description)
    .argParser(parseBoolean(flag))
    .preset(true)
    .default(spec.defaultValue);
  if (spec.env) positive.env(spec.env);
  command.addOption(positive);
  command.addOption(new Option(`--no-${spec.name}`, `turn ${flag} off`).hideHelp());
  return command;
}

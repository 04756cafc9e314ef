import { readFileSync } from 'node:fs';
import { Secret } from './secret.js';
import type { SettingFlag } from './setting-flags.js';

/** Where start-up collects what is wrong (refused) and what is risky (logged). */
export interface SettingsReport {
  problems: string[];
  warnings: string[];
}

export interface SecretSource {
  flag: SettingFlag;
  /** The value from the flag or its variable. */
  value: string | undefined;
  onCommandLine: boolean;
  /** The `--x-file` flag of `secretWithFileSettings` and the path it names, when the secret has one. */
  file?: { flag: SettingFlag; path: string | undefined };
}

/**
 * A secret from its flag or variable, or from the file its `-file` flag names; never both. Warns when it
 * is on the command line. Never puts the secret in a message.
 */
export function readSecret(source: SecretSource, report: SettingsReport): Secret | undefined {
  const { flag, value, file } = source;
  if (value !== undefined && file?.path !== undefined) {
    report.problems.push(`give ${flag.name} (or ${flag.env}) or ${file.flag.name}, not both`);
    return undefined;
  }
  if (value !== undefined) {
    if (source.onCommandLine) {
      report.warnings.push(
        `${flag.name} on the command line is visible to other users of this machine (ps, /proc): ` +
          `prefer ${flag.env} or ${file ? file.flag.name : 'a file'}`,
      );
    }
    return new Secret(value);
  }
  if (file?.path === undefined) return undefined;
  try {
    const content = readFileSync(file.path, 'utf8').trim();
    if (content !== '') return new Secret(content);
    report.problems.push(`${file.flag.name} ${file.path} is empty`);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    report.problems.push(`${file.flag.name} ${file.path} cannot be read (${reason})`);
  }
  return undefined;
}

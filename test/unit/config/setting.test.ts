import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSecret, type SettingsReport } from '../../../src/config/read-secret.js';
import {
  booleanSetting,
  COMMAS_OR_WHITESPACE,
  durationSetting,
  lifetimeSetting,
  listSetting,
  secretWithFileSettings,
  textSetting,
} from '../../../src/config/setting.js';
import { flagOf, parseSettings, settingFlags, settingsSchema } from '../../../src/config/setting-flags.js';

class ExampleSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

const example = {
  exampleEnabled: booleanSetting(false, { description: 'turn the example on' }),
  exampleUrl: textSetting({ description: 'where the example lives', placeholder: 'url', env: 'EXAMPLE_URL' }),
  exampleTimeout: durationSetting(30_000, 1000, { description: 'how long the example waits' }),
  exampleNames: listSetting(
    { description: 'names of the example', placeholder: 'names' },
    { separator: COMMAS_OR_WHITESPACE },
  ),
  ...secretWithFileSettings('exampleToken', {
    description: 'token of the example',
    env: 'EXAMPLE_TOKEN',
    fileDescription: 'file holding the example token',
  }),
};
const flags = settingFlags(example);
const schema = settingsSchema(example);
const parse = (raw: Record<string, unknown>, env: Record<string, string> = {}) =>
  parseSettings(schema, flags, raw, env, ExampleSettingsError);

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ExampleSettingsError) return error.problems;
    throw error;
  }
  throw new Error('expected an ExampleSettingsError');
}

describe('a setting declared once', () => {
  it('yields its flag, variable, default, placeholder and help line', () => {
    expect(flags).toEqual([
      {
        key: 'exampleEnabled',
        name: '--example-enabled',
        env: 'MCP_KUBERNETES_EXAMPLE_ENABLED',
        default: 'false',
        help: 'turn the example on',
        kind: 'boolean',
        secret: false,
      },
      {
        key: 'exampleUrl',
        name: '--example-url',
        env: 'EXAMPLE_URL',
        help: 'where the example lives',
        kind: 'value',
        placeholder: 'url',
        secret: false,
      },
      {
        key: 'exampleTimeout',
        name: '--example-timeout',
        env: 'MCP_KUBERNETES_EXAMPLE_TIMEOUT',
        default: '30s',
        help: 'how long the example waits',
        kind: 'value',
        placeholder: 'duration',
        secret: false,
      },
      {
        key: 'exampleNames',
        name: '--example-names',
        env: 'MCP_KUBERNETES_EXAMPLE_NAMES',
        help: 'names of the example',
        kind: 'list',
        placeholder: 'names',
        secret: false,
      },
      {
        key: 'exampleToken',
        name: '--example-token',
        env: 'EXAMPLE_TOKEN',
        help: 'token of the example',
        kind: 'value',
        placeholder: 'secret',
        secret: true,
      },
      {
        key: 'exampleTokenFile',
        name: '--example-token-file',
        env: 'EXAMPLE_TOKEN_FILE',
        help: 'file holding the example token',
        kind: 'value',
        placeholder: 'path',
        secret: false,
      },
    ]);
  });

  it('has no variable when it says env: false', () => {
    const [flag] = settingFlags({ kubeconfigPath: textSetting({ description: 'a file', env: false }) });
    expect(flag?.env).toBeUndefined();
  });

  it('applies its default, and reads a value from the flag before the variable', () => {
    expect(parse({})).toEqual({ exampleEnabled: false, exampleTimeout: 30_000, exampleNames: [] });
    const values = parse(
      { exampleUrl: 'https://flag.example' },
      { EXAMPLE_URL: 'https://env.example', MCP_KUBERNETES_EXAMPLE_ENABLED: 'yes', EXAMPLE_TOKEN: 't' },
    );
    expect(values).toMatchObject({
      exampleUrl: 'https://flag.example',
      exampleEnabled: true,
      exampleToken: 't',
    });
  });

  it('counts a blank variable as unset', () => {
    expect(parse({}, { EXAMPLE_URL: '  ' }).exampleUrl).toBeUndefined();
  });

  it('splits a list on its separator', () => {
    expect(parse({ exampleNames: 'a, b c' }).exampleNames).toEqual(['a', 'b', 'c']);
  });

  it('names the flag of every wrong value and what it takes', () => {
    expect(
      problemsOf(() => parse({ exampleEnabled: 'maybe' }, { MCP_KUBERNETES_EXAMPLE_TIMEOUT: '10ms' })),
    ).toEqual([
      '--example-enabled takes true or false, got "maybe"',
      '--example-timeout takes a duration of at least 1s such as 90s, 30m or 1h, got "10ms"',
    ]);
  });

  it('checks a lifetime against a range written in seconds and days', () => {
    const lifetime = settingsSchema({
      ttl: lifetimeSetting('1h', { min: 10_000, max: 86_400_000 }, { description: 'lifetime' }),
    });
    expect(lifetime.parse({}).ttl).toBe(3_600_000);
    expect(lifetime.parse({ ttl: '1d' }).ttl).toBe(86_400_000);
    expect(lifetime.safeParse({ ttl: '2d' }).error?.issues[0]?.message).toBe(
      'takes a duration such as 30m, 1h or 90d, from 10s to 1d, got "2d"',
    );
  });
});

describe('reading a secret or its file', () => {
  const source = (value: string | undefined, path: string | undefined, onCommandLine = false) => ({
    flag: flagOf(flags, 'exampleToken'),
    value,
    onCommandLine,
    file: { flag: flagOf(flags, 'exampleTokenFile'), path },
  });
  const report = (): SettingsReport => ({ problems: [], warnings: [] });
  const directory = mkdtempSync(join(tmpdir(), 'setting-'));

  it('reads the file, trimmed, and never shows the secret', () => {
    const file = join(directory, 'token');
    writeFileSync(file, 'from-file\n');
    const secret = readSecret(source(undefined, file), report());
    expect(secret?.reveal()).toBe('from-file');
    expect(String(secret)).toBe('[redacted]');
  });

  it('refuses the value and the file together, and an empty or missing file', () => {
    const empty = join(directory, 'empty');
    writeFileSync(empty, '\n');
    const problems = report();
    readSecret(source('v', empty), problems);
    readSecret(source(undefined, empty), problems);
    readSecret(source(undefined, join(directory, 'missing')), problems);
    expect(problems.problems).toEqual([
      'give --example-token (or EXAMPLE_TOKEN) or --example-token-file, not both',
      `--example-token-file ${empty} is empty`,
      `--example-token-file ${join(directory, 'missing')} cannot be read (ENOENT)`,
    ]);
  });

  it('warns when the secret is on the command line', () => {
    const warnings = report();
    expect(readSecret(source('v', undefined, true), warnings)?.reveal()).toBe('v');
    expect(warnings.warnings).toEqual([
      '--example-token on the command line is visible to other users of this machine (ps, /proc): ' +
        'prefer EXAMPLE_TOKEN or --example-token-file',
    ]);
  });
});

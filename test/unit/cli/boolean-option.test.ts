import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addBooleanOption } from '../../../src/cli/boolean-option.js';

function parse(args: string[], env: Record<string, string> = {}): { tls: boolean } {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const command = new Command().exitOverride().configureOutput({ writeErr: () => {} });
    addBooleanOption(command, { name: 'tls', description: 'test', defaultValue: false, env: 'TEST_TLS' });
    command.parse(args, { from: 'user' });
    return command.opts() as { tls: boolean };
  } finally {
    process.env = saved;
  }
}

describe('boolean flags', () => {
  it.each([
    [[], false],
    [['--tls'], true],
    [['--tls=true'], true],
    [['--tls=false'], false],
    [['--tls', 'false'], false],
    [['--no-tls'], false],
    [['--tls', '--no-tls'], false],
  ])('%j gives %s', (args, expected) => {
    expect(parse(args).tls).toBe(expected);
  });

  it('reads the environment variable when the flag is absent', () => {
    expect(parse([], { TEST_TLS: 'true' }).tls).toBe(true);
    expect(parse(['--tls=false'], { TEST_TLS: 'true' }).tls).toBe(false);
  });

  it('names the flag and the allowed values for anything else', () => {
    expect(() => parse(['--tls=maybe'])).toThrow('--tls takes true or false, got "maybe"');
  });
});

import { basename } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** One line per flag, with its default: what `--help` and a wrong flag print. */
function usage(config: ParseArgsConfig): string {
  const flags = Object.entries(config.options ?? {}).map(([name, option]) => {
    const value = option.type === 'string' ? ' <value>' : '';
    const fallback = option.default === undefined ? '' : ` (default: ${String(option.default)})`;
    return `  --${name}${value}${fallback}`;
  });
  return [`usage: npx tsx bench/${basename(process.argv[1] ?? '')} [flags]`, ...flags].join('\n');
}

/**
 * A benchmark's flags, parsed as `parseArgs` does; `--help` prints them, and an unknown flag or a
 * missing value prints what went wrong with them instead of a stack trace.
 */
export function benchOptions<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  if (process.argv.slice(2).includes('--help')) {
    console.log(usage(config));
    process.exit(0);
  }
  try {
    return parseArgs(config);
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage(config)}`);
    process.exit(2);
  }
}

import { type Command, Option } from 'commander';
import type { SettingFlag } from '../config/index.js';
import type { RawOAuthOptions } from '../oauth/index.js';
import { directFlags, groupFlags, type ServerConfigInput } from '../settings/index.js';
import type { RawStorageOptions } from '../storage/index.js';
import { keepWebAssemblyOnBaseline } from './baseline-webassembly.js';
import { addBooleanOption, parseBoolean } from './boolean-option.js';

/** The help line with its default, as `--help` shows it. */
function helpLine(flag: SettingFlag): string {
  return flag.default ? `${flag.help} (default: ${flag.default})` : flag.help;
}

/** A flag the configuration schema parses as it comes: commander applies its variable and default. */
function addDirectOption(command: Command, flag: SettingFlag): void {
  if (flag.kind === 'boolean') {
    addBooleanOption(command, {
      name: flag.name.slice(2),
      description: flag.help,
      defaultValue: flag.default === 'true',
      ...(flag.env ? { env: flag.env } : {}),
    });
    return;
  }
  const option = new Option(`${flag.name} <${flag.placeholder ?? 'value'}>`, helpLine(flag));
  if (flag.env) option.env(flag.env);
  command.addOption(option);
}

/**
 * A flag of a group that reads the environment itself (OAuth, token store): no default or variable
 * here, since the group needs to know which values the command line gave (a secret there earns a warning).
 */
function addGroupOption(command: Command, flag: SettingFlag): void {
  const description = `${helpLine(flag)} [env: ${flag.env}]`;
  if (flag.kind === 'boolean') {
    command.addOption(
      new Option(`${flag.name} [bool]`, description).argParser(parseBoolean(flag.name)).preset(true),
    );
    command.addOption(new Option(`--no-${flag.name.slice(2)}`, `turn ${flag.name} off`).hideHelp());
  } else {
    command.addOption(new Option(`${flag.name} <${flag.placeholder ?? 'value'}>`, description));
  }
}

const OAUTH_KEYS = new Set<string>(groupFlags.oauth.map((flag) => flag.key));
const STORAGE_KEYS = new Set<string>(groupFlags.storage.map((flag) => flag.key));

/** Splits the parsed options into the server's settings and the OAuth flags that were given. */
export function serveConfigInput(options: Record<string, unknown>): ServerConfigInput {
  const server: Record<string, unknown> = {};
  const oauth: Record<string, unknown> = {};
  const storage: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (OAUTH_KEYS.has(key)) {
      if (value !== undefined) oauth[key] = value;
    } else if (STORAGE_KEYS.has(key)) {
      if (value !== undefined) storage[key] = value;
    } else server[key] = value;
  }
  return {
    ...server,
    oauth: oauth as RawOAuthOptions,
    storage: storage as RawStorageOptions,
  } as ServerConfigInput;
}

async function runServe(options: Record<string, unknown>): Promise<void> {
  // Loaded only by `serve`: the other commands never pay for the MCP SDK and the Kubernetes client.
  const { createServer } = await import('../server/index.js');
  const server = createServer(serveConfigInput(options));
  if (server.config.transport === 'stdio') await keepWebAssemblyOnBaseline();
  const stop = () => {
    void server.shutdown().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await server.start();
  void server.ended.then(stop);
}

/** Every flag of `serve`: its settings and the OAuth and token-store flags (`check` takes them too). */
export function addServeOptions(command: Command): Command {
  for (const flag of directFlags) addDirectOption(command, flag);
  for (const flag of [...groupFlags.oauth, ...groupFlags.storage]) addGroupOption(command, flag);
  return command;
}

export function serveCommand(program: Command): Command {
  const command = program
    .command('serve')
    .description(
      'run the MCP server (stdio by default; --transport=streamable-http to serve MCP clients over HTTP)',
    );
  addServeOptions(command);
  return command.action(runServe);
}

import { type Command, Option } from 'commander';
import { defaultEnvName } from '../config/flag-name.js';
import type { ServerConfigInput } from '../config/server-config.js';
import { flagName, serverSettings } from '../config/server-config.js';
import { type SettingMeta, settingMeta } from '../config/setting.js';
import { flags as oauthFlags, type RawOAuthOptions } from '../oauth/oauth-settings.js';
import { type RawStorageOptions, storageFlags } from '../storage/storage-settings.js';
import { addBooleanOption, parseBoolean } from './boolean-option.js';

function envName(key: string, meta: SettingMeta): string | undefined {
  if (meta.env === false) return undefined;
  return meta.env ?? defaultEnvName(key);
}

/** One flag per setting of the config schema; the schema, not commander, checks the values. */
function addSettingOptions(command: Command): void {
  for (const [key, schema] of Object.entries(serverSettings)) {
    const meta = settingMeta.get(schema);
    if (!meta) throw new Error(`setting ${key} has no description`);
    const name = flagName(key).slice(2);
    const env = envName(key, meta);
    if (meta.kind === 'boolean') {
      addBooleanOption(command, {
        name,
        description: meta.description,
        defaultValue: schema.parse(undefined) === true,
        ...(env ? { env } : {}),
      });
      continue;
    }
    const shownDefault = meta.defaultText ? ` (default: ${meta.defaultText})` : '';
    const option = new Option(
      `--${name} <${meta.placeholder ?? 'value'}>`,
      `${meta.description}${shownDefault}`,
    );
    if (env) option.env(env);
    command.addOption(option);
  }
}

/**
 * The OAuth flags, without defaults or environment fallbacks: their own resolver applies both, and
 * needs to know which values the command line gave (a secret there earns a warning).
 */
function addOAuthOptions(command: Command): void {
  for (const flag of [...oauthFlags, ...storageFlags]) {
    const shownDefault = flag.default ? ` (default: ${flag.default})` : '';
    const description = `${flag.help}${shownDefault} [env: ${flag.env}]`;
    if (flag.kind === 'boolean') {
      command.addOption(
        new Option(`${flag.name} [bool]`, description).argParser(parseBoolean(flag.name)).preset(true),
      );
      command.addOption(new Option(`--no-${flag.name.slice(2)}`, `turn ${flag.name} off`).hideHelp());
    } else {
      command.addOption(new Option(`${flag.name} <${flag.placeholder ?? 'value'}>`, description));
    }
  }
}

const OAUTH_KEYS = new Set<string>(oauthFlags.map((flag) => flag.key));
const STORAGE_KEYS = new Set<string>(storageFlags.map((flag) => flag.key));

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
  const { createServer } = await import('../server/create-server.js');
  const server = createServer(serveConfigInput(options));
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
  addSettingOptions(command);
  addOAuthOptions(command);
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

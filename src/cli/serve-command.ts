import { type Command, Option } from 'commander';
import type { ServerConfigInput } from '../config/server-config.js';
import { flagName, serverSettings } from '../config/server-config.js';
import { type SettingMeta, settingMeta } from '../config/setting.js';
import { addBooleanOption } from './boolean-option.js';

function envName(key: string, meta: SettingMeta): string | undefined {
  if (meta.env === false) return undefined;
  return meta.env ?? `MCP_KUBERNETES_${flagName(key).slice(2).replaceAll('-', '_').toUpperCase()}`;
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

async function runServe(flags: ServerConfigInput): Promise<void> {
  // Loaded only by `serve`: the other commands never pay for the MCP SDK and the Kubernetes client.
  const { createServer } = await import('../mcp/create-server.js');
  const server = createServer(flags);
  const stop = () => {
    void server.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await server.start();
  void server.ended.then(stop);
}

export function serveCommand(program: Command): Command {
  const command = program
    .command('serve')
    .description(
      'run the MCP server (stdio by default; --transport=streamable-http to serve MCP clients over HTTP)',
    );
  addSettingOptions(command);
  return command.action(runServe);
}

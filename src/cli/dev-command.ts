import { type Command, Option } from 'commander';
import { parsePort } from './option-parsers.js';

interface DevFlags {
  port: number;
  oauth: boolean;
}

async function runDev(flags: DevFlags): Promise<void> {
  // Loaded only by `dev`: the simulator, the identity provider and the server are not needed elsewhere.
  const [{ devBanner, requireDevDependencies, startDevEnvironment }, { createServer }] = await Promise.all([
    import('@mcp-kubernetes/demo'),
    import('../server/index.js'),
  ]);
  if (flags.oauth) await requireDevDependencies();
  const env = await startDevEnvironment({ port: flags.port, oauth: flags.oauth, createServer });
  const stop = () => {
    env.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(
          `error while stopping: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        process.exit(1);
      },
    );
  };
  // `once`: a second Ctrl-C during a stuck stop ends the process the default way.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.write(devBanner(env));
}

export function devCommand(program: Command): Command {
  return program
    .command('dev')
    .description(
      'run the whole system locally for a demo: a simulated OIDC cluster, a local identity provider ' +
        'with demo users, and the MCP server with OAuth (insecure settings, loopback only)',
    )
    .addOption(
      new Option('--port <port>', 'port of the MCP server (0 picks a free port)')
        .argParser(parsePort('--port'))
        .default(8080),
    )
    .addOption(new Option('--no-oauth', "serve MCP without OAuth; every call runs as the simulator's admin"))
    .action(runDev);
}

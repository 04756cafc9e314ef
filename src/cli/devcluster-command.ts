import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Command, Option } from 'commander';
import { addBooleanOption } from './boolean-option.js';
import { parseCount, parseList, parsePort } from './option-parsers.js';

interface DevclusterFlags {
  host: string;
  port: number;
  tls: boolean;
  writeKubeconfig?: string;
  tokenAuthFile?: string;
  oidcIssuerUrl?: string;
  oidcClientId?: string;
  oidcUsernameClaim: string;
  oidcUsernamePrefix?: string;
  oidcGroupsClaim?: string;
  oidcGroupsPrefix?: string;
  oidcSigningAlgs: string[];
  seed: string;
  pods: number;
}

function oidcOptions(flags: DevclusterFlags) {
  if (!flags.oidcIssuerUrl) {
    if (flags.oidcClientId) throw new Error('--oidc-client-id needs --oidc-issuer-url');
    return undefined;
  }
  if (!flags.oidcClientId)
    throw new Error('--oidc-issuer-url needs --oidc-client-id (the audience ID tokens must carry)');
  return {
    issuerUrl: flags.oidcIssuerUrl,
    clientId: flags.oidcClientId,
    usernameClaim: flags.oidcUsernameClaim,
    signingAlgs: flags.oidcSigningAlgs,
    ...(flags.oidcUsernamePrefix !== undefined ? { usernamePrefix: flags.oidcUsernamePrefix } : {}),
    ...(flags.oidcGroupsClaim ? { groupsClaim: flags.oidcGroupsClaim } : {}),
    ...(flags.oidcGroupsPrefix !== undefined ? { groupsPrefix: flags.oidcGroupsPrefix } : {}),
  };
}

async function runDevcluster(flags: DevclusterFlags): Promise<void> {
  // The simulator is loaded only by the commands that need it.
  const { startDevCluster } = await import('@mcp-kubernetes/devcluster');
  const oidc = oidcOptions(flags);
  const devcluster = await startDevCluster({
    host: flags.host,
    port: flags.port,
    tls: flags.tls,
    seed: flags.seed,
    pods: flags.pods,
    ...(flags.tokenAuthFile ? { tokenAuthFile: flags.tokenAuthFile } : {}),
    ...(oidc ? { oidc } : {}),
  });
  if (flags.writeKubeconfig) {
    mkdirSync(dirname(flags.writeKubeconfig), { recursive: true });
    writeFileSync(flags.writeKubeconfig, devcluster.kubeconfig, { mode: 0o600 });
  }
  // Before anything is printed: a caller may stop the simulator as soon as it reads a line.
  const stop = () => {
    void devcluster.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.write(`Kubernetes API simulator (v1.36) listening on ${devcluster.url}\n`);
  if (flags.writeKubeconfig) {
    process.stdout.write(`kubeconfig for the admin user written to ${flags.writeKubeconfig}\n`);
    // client-go sends a kubeconfig's token only over HTTPS: kubectl would get 401 on plain HTTP.
    if (!flags.tls)
      process.stderr.write(
        'note: kubectl sends tokens only over HTTPS; add --tls to use this kubeconfig with kubectl\n',
      );
  } else process.stdout.write('use --write-kubeconfig PATH to get a kubeconfig for the admin user\n');
}

export function devclusterCommand(program: Command): Command {
  const command = program
    .command('devcluster')
    .description('run the Kubernetes API simulator in the foreground (for tests and demos)')
    .addOption(new Option('--host <address>', 'address to listen on').default('127.0.0.1'))
    .addOption(
      new Option('--port <port>', 'port to listen on (0 picks a free port)')
        .argParser(parsePort('--port'))
        .default(0),
    )
    .addOption(new Option('--write-kubeconfig <path>', 'write a kubeconfig for the admin user to this file'))
    .addOption(
      new Option('--token-auth-file <path>', 'static tokens, CSV lines token,user,uid,"group1,group2"'),
    )
    .addOption(
      new Option(
        '--oidc-issuer-url <url>',
        'accept OIDC ID tokens from this issuer (https, or http on loopback)',
      ),
    )
    .addOption(new Option('--oidc-client-id <id>', 'the audience OIDC ID tokens must carry'))
    .addOption(
      new Option('--oidc-username-claim <claim>', 'the ID token claim used as the user name').default('sub'),
    )
    .addOption(
      new Option(
        '--oidc-username-prefix <prefix>',
        'prefix for user names ("-" for none; default: issuer# unless the claim is email)',
      ),
    )
    .addOption(new Option('--oidc-groups-claim <claim>', "the ID token claim holding the user's groups"))
    .addOption(new Option('--oidc-groups-prefix <prefix>', 'prefix for group names'))
    .addOption(
      new Option('--oidc-signing-algs <algs>', 'accepted ID token signing algorithms, comma-separated')
        .argParser(parseList)
        .default(['RS256'], 'RS256'),
    )
    .addOption(
      new Option('--seed <name|path>', 'initial objects: default, empty, or a YAML/JSON file').default(
        'default',
      ),
    )
    .addOption(
      new Option('--pods <n>', 'extra running pods in namespace "load", for load tests')
        .argParser(parseCount('--pods', 100_000))
        .default(0),
    );
  addBooleanOption(command, {
    name: 'tls',
    description: 'serve HTTPS with a CA generated at start',
    defaultValue: false,
  });
  return command.action(runDevcluster);
}

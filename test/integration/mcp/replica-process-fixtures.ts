import { type CliProcess, startCli } from '../../helpers/cli-process.js';
import { portOf, type ReplicaStack } from './replica-fixtures.js';

// Replicas as operators run them: `mcp-kubernetes serve` processes of the built CLI, one loopback port
// each, all answering for one public URL and sharing one Valkey-protocol store.

const STARTED = /"url":"(http:\/\/127\.0\.0\.1:\d+)\/mcp"/;
const EXIT_TIMEOUT_MS = 10_000;

export interface SharedValkey {
  readonly url: string;
  readonly keyPrefix: string;
  /** base64 of 32 bytes. */
  readonly encryptionKey: string;
}

export interface ReplicaProcess {
  /** `http://127.0.0.1:<port>`: where this replica listens (the load balancer's view of it). */
  readonly url: string;
  readonly cli: CliProcess;
  /** True while the process has not exited. */
  alive(): boolean;
  /** SIGTERM; resolves with the exit code, or null when it had to be killed. */
  stop(): Promise<number | null>;
}

export interface ReplicaProcesses {
  /** The secrets the replicas are given (by environment variable): none may appear in their output. */
  readonly secrets: readonly string[];
  /** Starts a replica listening on `port` (default: a free one) and resolves once it serves. */
  start(port?: number): Promise<ReplicaProcess>;
  /** Stops every replica still running, killing those that do not exit in time. */
  stopAll(): Promise<void>;
}

/**
 * Replicas of the stack's server answering for `publicUrl`. Secrets reach them by environment
 * variable, as a deployment passes them (the command line is visible to every user of the machine).
 */
export function replicaProcesses(
  stack: ReplicaStack,
  publicUrl: string,
  store: SharedValkey,
  /** More `serve` flags, e.g. `--stateless`. */
  extraArgs: readonly string[] = [],
): ReplicaProcesses {
  const settings = stack.config(portOf(publicUrl), publicUrl, {});
  const oauth = settings.oauth ?? {};
  const running: CliProcess[] = [];
  const env = {
    OIDC_CLIENT_SECRET: String(oauth.oidcClientSecret),
    REGISTRATION_TOKEN: String(oauth.registrationToken),
    OAUTH_ENCRYPTION_KEY: store.encryptionKey,
  };
  const argsFor = (port: number) => [
    'serve',
    '--transport=streamable-http',
    `--http-addr=127.0.0.1:${port}`,
    `--kubeconfig=${settings.kubeconfig}`,
    // Two replicas on one machine would both want the default metrics port.
    '--metrics-enabled=false',
    '--shutdown-delay=0s',
    // Every request of the tests comes from one loopback address.
    '--rate-limit-ip=0',
    '--rate-limit-user=0',
    '--rate-limit-registration=0',
    '--max-clients-per-ip=1000',
    '--enable-oauth',
    `--oauth-base-url=${publicUrl}`,
    '--oauth-provider=oidc',
    `--oidc-issuer-url=${String(oauth.oidcIssuerUrl)}`,
    `--oidc-client-id=${String(oauth.oidcClientId)}`,
    '--oauth-storage-type=valkey',
    `--valkey-url=${store.url}`,
    `--valkey-key-prefix=${store.keyPrefix}`,
    ...extraArgs,
  ];

  return {
    secrets: Object.values(env),
    async start(port = 0) {
      const cli = startCli(argsFor(port), env);
      running.push(cli);
      const [, url = ''] = await cli.waitFor(STARTED);
      return {
        url,
        cli,
        alive: () => cli.child.exitCode === null && cli.child.signalCode === null,
        stop: () => stopProcess(cli),
      };
    },
    async stopAll() {
      await Promise.all(running.map(stopProcess));
    },
  };
}

async function stopProcess(cli: CliProcess): Promise<number | null> {
  const { child } = cli;
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), EXIT_TIMEOUT_MS);
  });
  const code = await Promise.race([cli.exited(), late]);
  clearTimeout(timer);
  if (code !== 'late') return code;
  child.kill('SIGKILL');
  await cli.exited();
  return null;
}

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevCluster } from '../devcluster/start.js';
import { DEMO_USERS } from '../devidp/dev-users.js';
import { startDevIdentityProvider } from '../devidp/start.js';
import { createServer } from '../mcp/create-server.js';
import type { ServerConfigInput } from '../settings/server-config.js';
import { availableLoopbackPort } from './free-port.js';

export interface DevEnvironmentOptions {
  /** Port of the MCP server; 0 picks a free one. */
  port: number;
  /** Off: the MCP endpoint is open on loopback and every call runs as the simulator's admin. */
  oauth: boolean;
  /** Log level of the MCP server (on stderr). */
  logLevel?: ServerConfigInput['logLevel'];
}

export interface DevEnvironment {
  mcpUrl: string;
  /** The identity provider's issuer, when OAuth is on. */
  issuer: string | undefined;
  /** The MCP server's client id at that provider: the audience of its ID tokens. */
  upstreamClientId: string;
  kubernetesUrl: string;
  /** A kubeconfig for the simulator's admin, inside `workDir`. */
  kubeconfigPath: string;
  /** The only directory the demo writes to; removed by stop(). */
  workDir: string;
  /** On: people sign in, and tool calls run with their own Kubernetes identity (downstream OAuth). */
  oauth: boolean;
  /** Stops everything that was started, in reverse order; safe to call twice. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
/** The MCP server's client at the identity provider; also the audience the simulator expects. */
const UPSTREAM_CLIENT_ID = 'mcp-kubernetes-dev';
const KUBECONFIG_CONTEXT = 'devcluster';

/** Things to stop, last started first; a failed stop does not keep the others running. */
class Stoppers {
  private readonly stops: (() => Promise<void> | void)[] = [];
  add(stop: () => Promise<void> | void): void {
    this.stops.unshift(stop);
  }
  async stopAll(): Promise<void> {
    const failures: unknown[] = [];
    for (const stop of this.stops.splice(0)) {
      await Promise.resolve()
        .then(stop)
        .catch((error: unknown) => failures.push(error));
    }
    if (failures.length > 0) throw new AggregateError(failures, 'some parts of the demo did not stop');
  }
}

/**
 * The whole system on loopback: the Kubernetes simulator as an OIDC cluster, the development identity
 * provider with the demo users, and the MCP server over streamable HTTP with OAuth in front of it.
 * Order matters: the provider must know the MCP server's callback, the simulator the provider's issuer.
 */
export async function startDevEnvironment(options: DevEnvironmentOptions): Promise<DevEnvironment> {
  const stoppers = new Stoppers();
  const workDir = mkdtempSync(join(tmpdir(), 'mcp-kubernetes-dev-'));
  stoppers.add(() => rmSync(workDir, { recursive: true, force: true }));
  try {
    const port = await availableLoopbackPort(HOST, options.port);
    const baseUrl = `http://${HOST}:${port}`;
    const upstreamSecret = randomBytes(24).toString('base64url');
    const idp = options.oauth
      ? await startDevIdentityProvider({
          host: HOST,
          users: DEMO_USERS,
          clients: [
            {
              clientId: UPSTREAM_CLIENT_ID,
              clientSecret: upstreamSecret,
              redirectUris: [`${baseUrl}/oauth/callback`],
            },
          ],
        })
      : undefined;
    if (idp) stoppers.add(() => idp.stop());

    const cluster = await startDevCluster({
      host: HOST,
      tls: true,
      ...(idp
        ? {
            oidc: {
              issuerUrl: idp.issuer,
              clientId: UPSTREAM_CLIENT_ID,
              usernameClaim: 'email',
              signingAlgs: ['RS256'],
              groupsClaim: 'groups',
            },
          }
        : {}),
    });
    stoppers.add(() => cluster.stop());
    const kubeconfigPath = writePrivateFile(workDir, 'kubeconfig', cluster.kubeconfig);

    const server = createServer({
      transport: 'streamable-http',
      httpAddr: `${HOST}:${port}`,
      kubeconfig: kubeconfigPath,
      // A person's ID token is sent only to the clusters named here (downstream OAuth).
      allowedContexts: [KUBECONFIG_CONTEXT],
      logLevel: options.logLevel ?? 'warn',
      // Its fixed port (9090) would clash with a second demo or a local Prometheus; the demo does without.
      metricsEnabled: false,
      ...(idp
        ? {
            // Tool calls reach the simulator with the signed-in person's ID token: their RBAC decides.
            downstreamOauth: true,
            oauth: {
              enableOauth: true,
              oauthBaseUrl: baseUrl,
              oauthProvider: 'oidc',
              oidcIssuerUrl: idp.issuer,
              oidcClientId: UPSTREAM_CLIENT_ID,
              // A file, not a value: a value given in code counts as a command-line secret and warns.
              oidcClientSecretFile: writePrivateFile(workDir, 'oidc-client-secret', upstreamSecret),
              // INSECURE demo setting: any client registers without a registration token.
              allowPublicRegistration: true,
            },
          }
        : {}),
    });
    await server.start();
    stoppers.add(() => server.stop());
    const mcpUrl = server.address?.url;
    if (!mcpUrl) throw new Error('the MCP server did not report its address');

    let stopping: Promise<void> | undefined;
    return {
      mcpUrl,
      issuer: idp?.issuer,
      upstreamClientId: UPSTREAM_CLIENT_ID,
      kubernetesUrl: cluster.url,
      kubeconfigPath,
      workDir,
      oauth: idp !== undefined,
      stop: () => {
        stopping ??= stoppers.stopAll();
        return stopping;
      },
    };
  } catch (error) {
    await stoppers.stopAll().catch(() => {});
    throw error;
  }
}

function writePrivateFile(dir: string, name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content, { mode: 0o600 });
  return path;
}

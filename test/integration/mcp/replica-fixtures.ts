import { type DevCluster, startDevCluster } from '@mcp-kubernetes/devcluster';
import { type DevIdentityProvider, startDevIdentityProvider } from '@mcp-kubernetes/devidp';
import {
  type CreateServerOptions,
  createServer,
  type McpKubernetesServer,
} from '../../../src/server/create-server.js';
import type { ServerConfigInput } from '../../../src/settings/server-config.js';
import { freeLoopbackPort } from '../../helpers/free-port.js';
import {
  exchangeCode,
  type Harness,
  REGISTRATION_TOKEN,
  type RegisteredClient,
  signIn,
  type TokenAnswer,
  USERS,
} from '../oauth/oauth-harness.js';
import { kubeconfigYaml, TEST_SERVER_DEFAULTS, type TempFiles, tempFiles } from './mcp-fixtures.js';

// What the replica tests share: a cluster simulator, the development identity provider, and servers
// that answer for one public URL each, as replicas behind a load balancer do.

const UPSTREAM = { clientId: 'mcp-kubernetes', clientSecret: 'upstream-secret-for-replicas' };

/** The harness helpers read only the base URL: this points them at one replica. */
export const at = (url: string) => ({ baseUrl: url }) as Harness;

/** Logs in through one replica: the tokens, and the code they were bought with. */
export async function loginThrough(
  url: string,
  client: RegisteredClient,
): Promise<{ code: string; tokens: TokenAnswer }> {
  const signedIn = await signIn(at(url), client);
  const answer = await exchangeCode(at(url), client, signedIn);
  if (answer.status !== 200) throw new Error(`token exchange failed: ${await answer.text()}`);
  return { code: signedIn.code, tokens: (await answer.json()) as TokenAnswer };
}

export async function rpc(url: string, token: string, body: object, sessionId?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
    },
    body: JSON.stringify(body),
  });
}

/** The initialize request of a raw JSON-RPC client. */
export const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'replica-test', version: '1' },
  },
};

/** Opens a session on a replica with a raw token and lists the team-a pods through it. */
export async function listPodsThrough(url: string, token: string): Promise<Response> {
  const init = await rpc(url, token, INITIALIZE);
  if (init.status !== 200) return init;
  const sessionId = init.headers.get('mcp-session-id') ?? undefined;
  await init.text();
  await (await rpc(url, token, { jsonrpc: '2.0', method: 'notifications/initialized' }, sessionId)).text();
  return rpc(
    url,
    token,
    {
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'kubernetes_list', arguments: { resourceType: 'pods', namespace: 'team-a' } },
    },
    sessionId,
  );
}

export interface ReplicaStackOptions {
  /** Public URLs (one loopback port each) the identity provider accepts callbacks for. */
  readonly publicUrls?: number;
  /** Lifetime of the provider's access tokens: short ones make our refreshes refresh upstream too. */
  readonly upstreamAccessTokenTtlSeconds?: number;
  /** How long the provider holds each refresh answer: makes concurrent upstream refreshes overlap. */
  readonly upstreamRefreshDelayMs?: number;
}

export interface ReplicaStack {
  readonly devcluster: DevCluster;
  readonly idp: DevIdentityProvider;
  readonly files: TempFiles;
  /** `http://127.0.0.1:<port>` for each reserved port, in order. */
  readonly publicUrls: readonly string[];
  /** The settings of a replica listening on `port` and answering for `publicUrl`. */
  config(
    port: number,
    publicUrl: string,
    storage: ServerConfigInput['storage'],
    oauth?: ServerConfigInput['oauth'],
  ): ServerConfigInput;
  /** Starts a server; stop() stops it if the test has not. */
  serve(config: ServerConfigInput, options?: CreateServerOptions): Promise<McpKubernetesServer>;
  stop(): Promise<void>;
}

export const portOf = (url: string): number => Number(new URL(url).port);

export async function startReplicaStack(options: ReplicaStackOptions = {}): Promise<ReplicaStack> {
  const files = tempFiles();
  const devcluster = await startDevCluster();
  const ports: number[] = [];
  for (let index = 0; index < (options.publicUrls ?? 1); index++) ports.push(await freeLoopbackPort());
  const publicUrls = ports.map((port) => `http://127.0.0.1:${port}`);
  const idp = await startDevIdentityProvider({
    users: Object.values(USERS),
    clients: [{ ...UPSTREAM, redirectUris: publicUrls.map((url) => `${url}/oauth/callback`) }],
    ...(options.upstreamAccessTokenTtlSeconds
      ? { accessTokenTtlSeconds: options.upstreamAccessTokenTtlSeconds }
      : {}),
    ...(options.upstreamRefreshDelayMs ? { refreshDelayMs: options.upstreamRefreshDelayMs } : {}),
  });
  const kubeconfig = files.write(
    'kubeconfig',
    kubeconfigYaml([{ name: 'demo', server: devcluster.url, token: devcluster.adminToken }], 'demo'),
  );
  const started: McpKubernetesServer[] = [];
  return {
    devcluster,
    idp,
    files,
    publicUrls,
    config: (port, publicUrl, storage, oauth = {}) => ({
      transport: 'streamable-http',
      httpAddr: `127.0.0.1:${port}`,
      kubeconfig,
      ...TEST_SERVER_DEFAULTS,
      metricsEnabled: false,
      oauth: {
        enableOauth: true,
        oauthBaseUrl: publicUrl,
        oauthProvider: 'oidc',
        oidcIssuerUrl: idp.issuer,
        oidcClientId: UPSTREAM.clientId,
        oidcClientSecret: UPSTREAM.clientSecret,
        registrationToken: REGISTRATION_TOKEN,
        ...oauth,
      },
      storage,
    }),
    async serve(config, serverOptions) {
      const server = createServer(config, serverOptions);
      await server.start();
      started.push(server);
      return server;
    },
    async stop() {
      for (const server of started) await server.stop();
      await idp.stop();
      await devcluster.stop();
      files.remove();
    },
  };
}

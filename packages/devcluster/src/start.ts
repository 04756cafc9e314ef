import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { bootstrapPolicy } from './auth/bootstrap-policy.js';
import { createOidcAuthenticator, type OidcOptions } from './auth/oidc-authenticator.js';
import { createRbacAuthorizer } from './auth/rbac-authorizer.js';
import {
  createRequestAuthenticator,
  staticTokenAuthenticator,
  type TokenAuthenticator,
} from './auth/request-authentication.js';
import { ServiceAccountTokens } from './auth/service-account-tokens.js';
import { readTokenFile } from './auth/static-tokens.js';
import { groupResource, SimulatedCluster } from './cluster.js';
import { startControllers } from './controllers/index.js';
import { createApiHandler, createUpgradeHandler } from './http/api-server.js';
import { buildKubeconfig } from './kubeconfig.js';
import { metricsServerRoles } from './metrics/metrics-rbac.js';
import { extraPods } from './seed/extra-pods.js';
import { loadSeed } from './seed/seed-file.js';
import type { KubeObject, ResourceType, UserInfo } from './types.js';

export interface DevClusterOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Serve HTTPS with a CA generated at start; the kubeconfig trusts it. */
  tls?: boolean;
  /** Tokens in kube-apiserver's --token-auth-file format, in addition to the admin token. */
  tokenAuthFile?: string;
  /** Extra static tokens, for tests. */
  tokens?: Record<string, UserInfo>;
  /** The admin's token (in system:masters); random when absent. */
  adminToken?: string;
  oidc?: OidcOptions;
  /** `default`, `empty`, a YAML/JSON file path, or objects. */
  seed?: string | KubeObject[];
  /** Extra running pods in namespace `load`, for load tests. */
  pods?: number;
  now?: () => Date;
  /** How many changes are kept for watches and continue tokens. */
  historySize?: number;
  watchTimeoutSeconds?: number;
  /** Serve metrics.k8s.io as metrics-server does (default); false: a cluster without metrics-server. */
  metricsApi?: boolean;
}

export interface DevCluster {
  url: string;
  /** A kubeconfig for the admin user. */
  kubeconfig: string;
  adminToken: string;
  caCert?: string;
  cluster: SimulatedCluster;
  stop(): Promise<void>;
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function rbacResource(cluster: SimulatedCluster, plural: string): ResourceType {
  const resource = cluster.registry.find(RBAC_GROUP, 'v1', plural);
  if (!resource) throw new Error(`the simulator does not serve ${plural}`);
  return resource;
}

function createAuthorizer(cluster: SimulatedCluster) {
  const list = (plural: string, namespace?: string) =>
    cluster.store.list(groupResource(rbacResource(cluster, plural)), namespace);
  return createRbacAuthorizer({
    roles: (namespace) => list('roles', namespace),
    roleBindings: (namespace) => list('rolebindings', namespace),
    clusterRoles: () => list('clusterroles'),
    clusterRoleBindings: () => list('clusterrolebindings'),
  });
}

async function seedObjects(options: DevClusterOptions, now: Date): Promise<KubeObject[]> {
  const seed = options.seed ?? 'default';
  const objects = typeof seed === 'string' ? await loadSeed(seed, now) : seed;
  return options.pods ? [...objects, ...extraPods(options.pods, now)] : objects;
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts the Kubernetes API simulator on a loopback port (by default) and seeds it. */
export async function startDevCluster(options: DevClusterOptions = {}): Promise<DevCluster> {
  const now = options.now ?? (() => new Date());
  const host = options.host ?? '127.0.0.1';
  const cluster = new SimulatedCluster({
    now,
    ...(options.historySize ? { historySize: options.historySize } : {}),
    ...(options.metricsApi === false ? { metricsApi: false } : {}),
  });
  const metricsRoles = options.metricsApi === false ? [] : metricsServerRoles();
  cluster.load([...bootstrapPolicy(metricsRoles), ...(await seedObjects(options, now()))]);

  const adminToken = options.adminToken ?? randomBytes(24).toString('base64url');
  const tokens = new Map<string, UserInfo>([
    [adminToken, { username: 'admin', uid: 'admin', groups: ['system:masters'] }],
  ]);
  if (options.tokenAuthFile)
    for (const [token, user] of readTokenFile(options.tokenAuthFile)) tokens.set(token, user);
  for (const [token, user] of Object.entries(options.tokens ?? {})) tokens.set(token, user);
  const serviceAccountTokens = new ServiceAccountTokens(cluster, now);
  const authenticators: TokenAuthenticator[] = [
    staticTokenAuthenticator(tokens),
    serviceAccountTokens.authenticate,
  ];
  if (options.oidc) authenticators.push(createOidcAuthenticator(options.oidc));

  // Certificate generation pulls in an X.509 library: loaded only when TLS is asked for.
  const certificates = options.tls
    ? await (await import('./http/tls-certificates.js')).generateServingCertificates([
        host,
        'localhost',
        '127.0.0.1',
        '::1',
      ])
    : undefined;
  const controllers = startControllers(cluster, {
    now,
    ...(certificates ? { rootCaCert: certificates.caCert } : {}),
  });
  let address = '';
  const context = {
    cluster,
    authenticate: createRequestAuthenticator(authenticators),
    authorizer: createAuthorizer(cluster),
    serviceAccountTokens,
    serverAddress: () => address,
    now,
    watch: { defaultTimeoutSeconds: options.watchTimeoutSeconds ?? 1800, bookmarkIntervalMs: 60_000 },
  };
  const handler = createApiHandler(context);
  const server = certificates
    ? createHttpsServer({ cert: certificates.cert, key: certificates.key }, handler)
    : createHttpServer(handler);
  server.on('upgrade', createUpgradeHandler(context));
  const bound = await listen(server, host, options.port ?? 0);
  address = `${urlHost(host)}:${bound.port}`;
  const url = `${certificates ? 'https' : 'http'}://${address}`;
  return {
    url,
    adminToken,
    cluster,
    kubeconfig: buildKubeconfig({
      server: url,
      token: adminToken,
      ...(certificates ? { caCert: certificates.caCert } : {}),
    }),
    ...(certificates ? { caCert: certificates.caCert } : {}),
    stop: () =>
      new Promise<void>((resolve) => {
        controllers.stop();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
